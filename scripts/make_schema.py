#!/usr/bin/env python3
"""Write src/soma_info/knowledge/knowledge-file.schema.json from knowledge.shapes.SHAPES (re-run after changing)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from soma_info.knowledge import shapes  # noqa: E402 - after the path is set

TARGET = ROOT / "src" / "soma_info" / "knowledge" / "knowledge-file.schema.json"


def text() -> str:
    return json.dumps(shapes.json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    TARGET.write_text(text(), encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
