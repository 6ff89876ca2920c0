"""What every extraction script shares: finding a dataset where pip put it, its licence, and the command line
that writes the shipped file or checks it (`--check`), so that each script says only what it extracts."""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
from collections.abc import Callable
from pathlib import Path


def package_dir(module: str, install: str) -> Path:
    """The installed package's folder, found without running its __init__ (which may touch the network)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{module} is not installed: {install}")
    return Path(next(iter(spec.submodule_search_locations)))


def licence_text(dataset: str) -> str:
    """The dataset's LICENSE, whose terms must ship with what is extracted from it."""
    dist = importlib.metadata.distribution(dataset)
    for file in dist.files or ():
        if file.name == "LICENSE":
            return Path(str(dist.locate_file(file))).read_text(encoding="utf-8")
    raise SystemExit(f"{dataset}'s LICENSE file was not found; its terms must ship with the extract")


def write_or_check(doc: str, shipped: Path, extract: Callable[[], str]) -> int:
    """Write a fresh extract over the shipped file, or with --check exit 1 when the two differ."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = parser.parse_args()
    fresh = extract()
    if args.check:
        same = shipped.exists() and shipped.read_text(encoding="utf-8") == fresh
        print(f"{shipped}: {'matches' if same else 'DIFFERS from'} a fresh extract")
        return 0 if same else 1
    shipped.write_text(fresh, encoding="utf-8", newline="\n")
    print(f"wrote {shipped} ({len(fresh.encode()):,} bytes)")
    return 0
