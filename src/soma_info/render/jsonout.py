"""JSON: the document's data, with the notice as a field whenever the document carries one."""

from __future__ import annotations

import json

from soma_info.render.document import Document, Style


def render(document: Document, wrap: int | None = None, style: Style | None = None) -> str:
    """JSON ignores the width and the terminal; a document with nothing to show still prints its data."""
    data = dict(document.data)
    if document.notice:
        data["notice"] = document.notice
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
