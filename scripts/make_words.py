#!/usr/bin/env python3
"""Write src/soma_info/knowledge/words.py from data/soma.yaml (re-run after editing those words in the YAML).

The command line needs a few of the knowledge file's words before it reads any file: the drug's name for the
program's help, each section's one-line help, and the comparison's. The fast path must not parse YAML to print
--help, so this script copies them into a module, once; tests/test_words.py fails when the module and the
YAML disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from soma_info.knowledge import yamlfile  # noqa: E402 - after the path is set

SOURCE = ROOT / "data" / "soma.yaml"
TARGET = ROOT / "src" / "soma_info" / "knowledge" / "words.py"


def q(text: str) -> str:
    """A Python string literal, double-quoted as ruff writes one (JSON's string syntax is Python's too)."""
    return json.dumps(text, ensure_ascii=False)


def text() -> str:
    monograph = yamlfile.load(str(SOURCE))
    who = monograph.identity
    missing = [s.key for s in monograph.sections if not s.help]
    if missing or monograph.comparison is None or not monograph.comparison.help:
        raise SystemExit(f"{SOURCE}: every section and the comparison need a help line (missing: {missing})")
    brand = ", ".join(who.brand_names)
    lines = [
        '"""The knowledge file\'s words that the command line shows before it reads any file.',
        "",
        "Written by scripts/make_words.py from data/soma.yaml: edit the YAML and re-run the script, never this file.",
        '"""',
        "",
        f"BRAND = {q(brand)}",
        f"DRUG = {q(f'{brand} ({who.generic_name})')}",
        f"COMPARISON = {q(monograph.comparison.title)}",
        "",
        "# One line of help per section (at most 45 characters), in label order, and the comparison's.",
        "SECTION_HELP: dict[str, str] = {",
        *(f"    {q(s.key)}: {q(s.help)}," for s in monograph.sections),
        "}",
        f"COMPARE_HELP = {q(monograph.comparison.help)}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Write the module; with --check, only say whether the committed one is current (exit 1 when stale)."""
    wanted = text()
    if "--check" not in argv:
        TARGET.write_text(wanted, encoding="utf-8")
        print(f"wrote {TARGET}")
    elif not TARGET.exists() or TARGET.read_text(encoding="utf-8") != wanted:
        print(f"{TARGET} is out of date: run python3 scripts/make_words.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
