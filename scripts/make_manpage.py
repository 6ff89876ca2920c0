#!/usr/bin/env python3
"""Write docs/soma-info.1 from the command table and the shipped knowledge file (re-run after changing either)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from soma_info import __version__, manpage  # noqa: E402 - after the path is set
from soma_info.knowledge import yamlfile  # noqa: E402

TARGET = ROOT / "docs" / "soma-info.1"


def main() -> int:
    page = manpage.render(yamlfile.load(str(ROOT / "data" / "soma.yaml")), __version__)
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(page, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
