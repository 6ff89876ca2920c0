#!/usr/bin/env python3
"""The interaction check measured on names drawn by rule, not picked: recall per class.

    python3 scripts/evaluate_interactions.py            # the table of recall per class, and every miss
    python3 scripts/evaluate_interactions.py --json F   # the same as data
    python3 scripts/evaluate_interactions.py --check    # exit 1 below 99% in any class, or on any critical miss

A check tuned to the names its tests mention proves little. The names here are drawn by rule from lists that
the project does not write:

1. every member with a US name (an RxNorm id in the dataset) of each ANSM thesaurus list the check draws on
   (scripts/extract_class_lists.py): the sedating families must reach a CNS-depressant class, the enzyme
   inducers an inducer class. The thesaurus's own subclass "morphiniques antagonistes partiels" (naltrexone,
   nalmefene) is left out of the morphine-derivatives list: the thesaurus files them with the opioids because
   they block them, not because they sedate;
2. every CYP2C19 inhibitor FDA's 2009 clopidogrel communication names, and the inhibitors and inducers the SOMA
   label names (§7.2): they must reach the CYP2C19 class of their kind;
3. every other name the drug-name vocabulary gives for one of those drugs (brands, salts, spellings: a name whose
   only ingredient is the drug), and every brand of one in FDA's UNII list (brands.tsv): the same class.

Misspellings are made by rule from the drugs' own names (the last letter left out; the third and fourth letters
swapped) and measured apart, with no floor: a slip counts when it is read into the class, or when the first name
offered for it is a drug of that class.

A name counts as found when the check reads it (exactly, or as a misspelling) and gives at least one finding in
the expected classes. A miss is critical when the answer is "none listed here" or "not recognised" for a CNS
depressant or a CYP2C19 inhibitor: the finding the patient needed never appears.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from soma_info.knowledge import classlists, interactions, yamlfile  # noqa: E402
from soma_info.knowledge.model import Monograph  # noqa: E402
from soma_info.knowledge.vocabulary import Vocabulary  # noqa: E402

SEDATING = (
    "médicaments sédatifs",
    "benzodiazépines et apparentés",
    "morphiniques",
    "barbituriques",
    "neuroleptiques",
    "hypnotiques",
    "antidépresseurs imipraminiques",
)
ANTAGONISTS = "morphiniques antagonistes partiels"
INDUCERS = "inducteurs enzymatiques"
# FDA, 11/17/2009, clopidogrel: "Other drugs that should be avoided in combination with clopidogrel because they may
# have a similar interaction include ..." (the knowledge file's source fda-clopidogrel-2009), with omeprazole;
# SOMA label §7.2 names omeprazole and fluvoxamine, rifampin and St. John's Wort.
FDA_CYP2C19_INHIBITORS = (
    "omeprazole", "esomeprazole", "cimetidine", "fluconazole", "ketoconazole", "voriconazole", "etravirine",
    "felbamate", "fluoxetine", "fluvoxamine", "ticlopidine",
)  # fmt: skip
LABEL_CYP2C19_INDUCERS = ("rifampin", "st. john's wort")


class Case:
    def __init__(self, group: str, name: str, expected: frozenset[str], drug: str, critical: bool) -> None:
        self.group, self.name, self.expected, self.drug, self.critical = group, name, expected, drug, critical


def _ids(monograph: Monograph, *ids: str) -> frozenset[str]:
    known = {g.id for g in monograph.interactions}
    missing = set(ids) - known
    if missing:
        raise SystemExit(f"the knowledge file has no class {sorted(missing)}")
    return frozenset(ids)


def cases(monograph: Monograph, vocabulary: Vocabulary) -> list[Case]:
    """Every name the rules draw, with the classes it must reach."""
    lists = classlists.load()
    sedatives = next(g for g in monograph.interactions if g.id == "ansm-sedatives")
    cns = frozenset({sedatives.id, *sedatives.covers}) - {"same-drug", "meprobamate"}
    inducers = _ids(monograph, "cyp2c19-inducers", "ansm-enzyme-inducers")
    inhibitors = _ids(monograph, "cyp2c19-inhibitors")
    antagonists = set(lists.names(ANTAGONISTS))
    drugs: list[tuple[str, str, frozenset[str], bool]] = []  # (group, drug, expected, critical)
    for listed in SEDATING:
        for drug in lists.members[listed]:
            if drug.rxnorm and drug.name not in antagonists:
                drugs.append((f"ANSM {listed}", drug.name, cns, True))
    drugs += [(f"ANSM {INDUCERS}", d.name, inducers, False) for d in lists.members[INDUCERS] if d.rxnorm]
    drugs += [("FDA CYP2C19 inhibitors", name, inhibitors, True) for name in FDA_CYP2C19_INHIBITORS]
    drugs += [("SOMA label CYP2C19 inducers", name, inducers, False) for name in LABEL_CYP2C19_INDUCERS]
    found = [Case(group, drug, expected, drug, critical) for group, drug, expected, critical in drugs]
    wanted = {drug: (group, expected, critical) for group, drug, expected, critical in drugs}
    for name, ingredients in vocabulary_names(vocabulary):  # rule 3: the vocabulary's other names for them
        if len(ingredients) == 1 and ingredients[0] in wanted and name != ingredients[0]:
            group, expected, critical = wanted[ingredients[0]]
            found.append(Case(f"{group}: other names", name, expected, ingredients[0], critical))
    return found


def misspelt(found: list[Case]) -> list[Case]:
    """Two slips made by rule in each listed drug's own name of 6 letters or more: its last letter left out, and
    its third and fourth letters swapped. Measured apart: a slip may rightly be offered rather than read."""
    made = []
    for case in found:
        name = case.name
        if case.name != case.drug or len(name) < 6 or not name.isalpha():
            continue
        for slip, typed in (
            ("last letter left out", name[:-1]),
            ("letters swapped", name[:2] + name[3] + name[2] + name[4:]),
        ):
            if typed != name:
                made.append(Case(f"misspellings by rule: {slip}", typed, case.expected, case.drug, case.critical))
    return made


def vocabulary_names(vocabulary: Vocabulary) -> list[tuple[str, tuple[str, ...]]]:
    rows = []
    for file in ("vocabulary.tsv", "brands.tsv"):  # the dataset's names, then the US brands it lacks (FDA)
        text = (Path(interactions.__file__).parent / file).read_text(encoding="utf-8")
        for line in text[text.index("\n\n") + 2 :].splitlines():
            name, ingredients, *_ = line.split("\t")  # a third column marks a medicine people take
            rows.append((name, tuple(ingredients.split("|")) if ingredients else (name,)))
    return rows


def evaluate(monograph: Monograph, vocabulary: Vocabulary) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    names = {g.id: g.name for g in monograph.interactions}
    drawn = cases(monograph, vocabulary)
    for case in (*drawn, *misspelt(drawn)):
        reading = interactions.read(monograph, vocabulary, case.name)
        hit = any(f.group.id in case.expected for f in reading.findings)
        # A slip counts when it is read into the class, or offered first as a drug of that class.
        offered = reading.near[:1] and {names[i] for i in case.expected} & set(reading.near[0].classes)
        hit = hit or (case.group.startswith("misspellings") and bool(offered))
        entry = groups.setdefault(case.group, {"names": 0, "found": 0, "misses": []})
        entry["names"] += 1
        if hit:
            entry["found"] += 1
            continue
        answer = "not recognised" if not reading.known else ("none listed here" if not reading.findings else "other")
        got = sorted({f.group.id for f in reading.findings})
        miss = {"name": case.name, "drug": case.drug, "answer": answer, "classes": got, "critical": case.critical}
        entry["misses"].append(miss)
    for entry in groups.values():
        entry["recall"] = round(100 * entry["found"] / entry["names"], 2)
    return groups


def report(groups: dict[str, dict[str, Any]]) -> str:
    """The figures as the README shows them: recall per list, then every miss but the misspellings' (counted)."""
    lines = [f"{'list the names are drawn from':<58} {'names':>6} {'found':>6} {'recall':>7}"]
    lines += [f"{group:<58} {e['names']:>6} {e['found']:>6} {e['recall']:>6}%" for group, e in groups.items()]
    lines.append(f"{'all':<58} {sum(e['names'] for e in groups.values()):>6}")
    misses = [m for g, e in groups.items() if not g.startswith("misspellings") for m in e["misses"]]
    lines += [f"miss: {m['name']!r} ({m['drug']}): {m['answer']} {m['classes'] or ''}".rstrip() for m in misses]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="write the figures and misses as JSON")
    parser.add_argument("--check", action="store_true", help="exit 1 below 99%% in a class or on a critical miss")
    args = parser.parse_args()
    monograph = yamlfile.load(str(ROOT / "data" / "soma.yaml"))
    groups = evaluate(monograph, Vocabulary.load())
    print(report(groups))
    if args.json:
        Path(args.json).write_text(json.dumps(groups, indent=1, ensure_ascii=False), encoding="utf-8")
    misses = [m for e in groups.values() for m in e["misses"]]
    low = [g for g, e in groups.items() if e["recall"] < 99 and not g.startswith("misspellings")]
    critical = [m for m in misses if m["critical"] and m["answer"] != "other"]
    return 1 if args.check and (low or critical) else 0


if __name__ == "__main__":
    sys.exit(main())
