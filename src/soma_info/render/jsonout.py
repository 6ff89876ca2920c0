"""JSON: the document's data, with the notice as a field whenever the document carries one."""

from __future__ import annotations

import json

from soma_info.render.document import Document


def render(document: Document) -> str:
    data = dict(document.data)
    if document.notice:
        data["notice"] = document.notice
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
