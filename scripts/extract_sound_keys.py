#!/usr/bin/env python3
"""Index the drug-name vocabulary and the brands it lacks by how their names sound, for reading misspellings.

    python3 scripts/extract_sound_keys.py            # rewrite src/soma_info/knowledge/soundkeys.tsv
    python3 scripts/extract_sound_keys.py --check    # exit 1 if the shipped file differs from a fresh index

A misspelling can go wrong anywhere in a name, the first letter included ("zanax" for Xanax). Comparing a typed
name with all 108,000 names of the vocabulary on every run would cost more than the whole lookup, so the names
are indexed here, once, under two keys that bring a misspelling's targets together:

- `m:` and the name's Metaphone key (jellyfish's), which is the same for names that sound alike: "zanax" and
  "xanax" are both SNKS, "klonipin" and "klonopin" both KLNPN;
- `t:` and the name without its first letter, so that a slip in the first letter, a first letter left out or one
  added, still finds the name.

Each line also says whether the name's drug has a MedlinePlus page in the dataset (`drug-named-entity-recognition`'s
own `medline_plus_id`): MedlinePlus writes pages for the medicines people take, so a misspelling is read, and its
suggestions ordered, toward those before obscure chemicals. Deterministic, like the vocabulary it indexes;
`tests/test_misspellings.py` checks the shipped file against a fresh run.
"""

from __future__ import annotations

import bz2
import importlib.metadata
import pickle
import sys
from pathlib import Path

import jellyfish

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "src" / "soma_info" / "knowledge"
SHIPPED = KNOWLEDGE / "soundkeys.tsv"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from extract_vocabulary import DATASET, PICKLE, dataset_dir  # noqa: E402 - the vocabulary's own dataset
from extracts import write_or_check  # noqa: E402

from soma_info.knowledge.vocabulary import fold  # noqa: E402

SHORTEST = 4  # a shorter name is not read as a misspelling anyway (see knowledge.interactions)


def taken_drugs() -> set[str]:
    """The dataset's drugs that have a MedlinePlus page, as the vocabulary names them."""
    with bz2.open(dataset_dir() / PICKLE, "rb") as f:
        dictionary = pickle.load(f)  # the dataset's own file from PyPI, read at build time only
    canonical: dict[str, dict[str, object]] = dictionary["drug_canonical_to_data"]
    return {fold(name) for name, data in canonical.items() if data.get("medline_plus_id")}


def extract() -> str:
    lines = []
    for file in ("vocabulary.tsv", "brands.tsv"):  # the names a lookup finds: the dataset's, then FDA's brands
        text = (KNOWLEDGE / file).read_text(encoding="utf-8")
        lines += text[text.index("\n\n") + 2 :].splitlines()
    taken = taken_drugs()
    rows = set()
    for line in lines:
        name, ingredients, *_ = line.split("\t")  # a third column marks a medicine people take
        if len(name) < SHORTEST:
            continue
        flag = "1" if any(i in taken for i in (ingredients.split("|") if ingredients else (name,))) else ""
        if key := jellyfish.metaphone(name):
            rows.add(f"m:{key}\t{name}\t{flag}\n")
        rows.add(f"t:{name[1:]}\t{name}\t{flag}\n")
    header = [
        "# soma-info sound keys of the drug-name vocabulary. From scripts/extract_sound_keys.py; do not edit.",
        "# keys: jellyfish's Metaphone key (m:), the name without its first letter (t:)",
        f"# taken: the drug has a MedlinePlus page in {DATASET} {importlib.metadata.version(DATASET)}",
        "# format: after a blank line, key<TAB>name<TAB>1 when taken, sorted",
    ]
    return "\n".join(header) + "\n\n" + "".join(sorted(rows))


def main() -> int:
    return write_or_check(__doc__, SHIPPED, extract)


if __name__ == "__main__":
    sys.exit(main())
