#!/usr/bin/env python3
"""Extract the drug-name vocabulary soma-info ships from the `drug-named-entity-recognition` dataset.

    python3 scripts/extract_vocabulary.py            # rewrite src/soma_info/knowledge/vocabulary.tsv
    python3 scripts/extract_vocabulary.py --check    # exit 1 if the shipped file differs from a fresh extract

The dataset (PyPI `drug-named-entity-recognition`, MIT licence, Fast Data Science Ltd) maps about 107,000 name
variants (generic names, brands, salt forms, spellings, from DrugBank, MedlinePlus, NHS and MeSH vocabularies) to
about 20,000 drugs. Its pickled dictionary takes seconds to load, so a run of soma-info never reads it: this
script turns it into one sorted, tab-separated text file that the interaction check binary-searches.

Each line is `name<TAB>ingredients`: a name a person may type, lower case, and the active ingredients it stands
for, joined by `|`. The column is empty when the name is itself the one ingredient. A third column, `m`, marks a
name whose drug (or one of its ingredients) has a MedlinePlus drug page in the dataset: a medicine people take,
which completion offers before the chemicals, reagents and pollens the dataset also names. A dataset drug whose
name lists several drugs ("acetaminophen and codeine", "buprenorphine/naloxone") is split into them, but
only when every part is itself a name the dataset knows; otherwise it stays whole.

The script reads the dataset's files where pip installed them and never imports the package, whose import
touches the network and the home directory. It is deterministic: the same dataset version gives the same bytes,
which `tests/test_vocabulary.py` checks against the shipped file.
"""

from __future__ import annotations

import argparse
import bz2
import importlib.metadata
import importlib.util
import pickle
import re
import sys
from pathlib import Path

DATASET = "drug-named-entity-recognition"
MODULE = "drug_named_entity_recognition"
PICKLE = "drug_ner_dictionary.pkl.bz2"
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "soma_info" / "knowledge" / "vocabulary.tsv"
sys.path.insert(0, str(ROOT / "src"))

from soma_info.knowledge.vocabulary import fold as clean  # noqa: E402 - the names are folded as lookups fold them

HOMEPAGE = "https://github.com/fastdatascience/drug_named_entity_recognition"

# "a and b", "a, b, and c", "a/b": how the dataset writes a drug that is several drugs.
_PARTS = re.compile(r"\s*(?:/|,\s*and\s+|,\s*|\s+and\s+)\s*")
# Left-over wiki markup in a few dataset names ("&lt;ref name=...", "''trodax''"): not names anyone types.
_MARKUP = re.compile(r"&(?:lt|gt|quot|amp);|\{\{|\[\[|''")


def dataset_dir() -> Path:
    spec = importlib.util.find_spec(MODULE)  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{DATASET} is not installed: python3 -m pip install -e '.[test]'")
    return Path(next(iter(spec.submodule_search_locations)))


def licence_text() -> str:
    dist = importlib.metadata.distribution(DATASET)
    for file in dist.files or ():
        if file.name == "LICENSE":
            return Path(str(dist.locate_file(file))).read_text(encoding="utf-8")
    raise SystemExit(f"{DATASET}'s LICENSE file was not found; its terms must ship with the extract")


def extract() -> str:
    folder = dataset_dir()
    with bz2.open(folder / PICKLE, "rb") as f:
        # The pickle is the dataset's own file from PyPI, read at build time only; soma-info never unpickles.
        dictionary = pickle.load(f)
    variants: dict[str, list[str]] = dictionary["drug_variant_to_canonical"]
    canonical: dict[str, dict[str, object]] = dictionary["drug_canonical_to_data"]

    known = {clean(n) for n in variants} | {clean(n) for n in canonical}
    target = {clean(k): clean(v[0]) for k, v in variants.items() if v}
    for name in canonical:  # a drug's own name is one of its names, even where the dataset omits it
        target.setdefault(clean(name), clean(name))

    def ingredients(drug: str) -> list[str]:
        parts = [p for p in _PARTS.split(drug) if p]
        if len(parts) > 1 and all(p in known for p in parts):
            return list(dict.fromkeys(target.get(p, p) for p in parts))
        return [drug]

    # The drugs with a MedlinePlus page (a consumer drug page: a medicine people take), by their folded names.
    medline = {clean(n) for n, data in canonical.items() if data.get("medline_plus_id")}
    rows = []
    dropped = taken = 0
    for name in sorted(target):
        if not name or "\t" in name or "|" in name or _MARKUP.search(name):
            dropped += 1  # markup, or a name this format cannot hold
            continue
        found = ingredients(target[name])
        mark = "\tm" if any(i in medline for i in found) else ""  # as scripts/extract_sound_keys.py marks "taken"
        taken += bool(mark)
        rows.append(f"{name}\t{'' if found == [name] else '|'.join(found)}{mark}\n")
    version = importlib.metadata.version(DATASET)
    header = [
        "# soma-info drug-name vocabulary. Generated by scripts/extract_vocabulary.py; do not edit by hand.",
        f"# dataset: {DATASET} {version} (PyPI), {HOMEPAGE}, file {PICKLE}",
        "# licence: MIT (the dataset's licence, reproduced below as it requires)",
        f"# names: {len(rows)}; drugs: {len(set(target.values()))}; names left out as wiki markup: {dropped}; "
        f"names of a drug with a MedlinePlus page: {taken}",
        "# format: after a blank line, name<TAB>ingredients joined by '|' (empty: the name itself), then <TAB>m when"
        " the drug has a MedlinePlus page, sorted by name",
        *(f"# | {line}".rstrip() for line in licence_text().strip().splitlines()),
    ]
    return "\n".join(header) + "\n\n" + "".join(rows)  # a blank line ends the header


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing it")
    args = parser.parse_args()
    fresh = extract()
    if args.check:
        same = SHIPPED.exists() and SHIPPED.read_text(encoding="utf-8") == fresh
        print(f"{SHIPPED}: {'matches' if same else 'DIFFERS from'} a fresh extract")
        return 0 if same else 1
    SHIPPED.write_text(fresh, encoding="utf-8", newline="\n")
    print(f"wrote {SHIPPED} ({len(fresh.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
