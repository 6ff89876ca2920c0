"""The interaction check on names drawn by rule from lists the project does not write (the ANSM thesaurus's
class lists, FDA's CYP2C19 inhibitors, and every other name the vocabulary gives those drugs): recall per class,
and each drawn name pinned to the class it must reach. The rules live in scripts/evaluate_interactions.py."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import Vocabulary

from .conftest import SHIPPED, load_script

EVALUATION = load_script("evaluate_interactions")
MONOGRAPH = yamlfile.load(str(SHIPPED))
VOCABULARY = Vocabulary.load()
CASES = EVALUATION.cases(MONOGRAPH, VOCABULARY)


@cache
def figures() -> dict[str, dict[str, Any]]:
    """The evaluation, run once for the tests that read its figures (it reads some 2,600 names)."""
    result: dict[str, dict[str, Any]] = EVALUATION.evaluate(MONOGRAPH, VOCABULARY)
    return result


# Every drug the lists name, and every fifth other name of theirs: pinned one by one.
DRUGS = [c for c in CASES if c.name == c.drug]
OTHERS = [c for c in CASES if c.name != c.drug][::5]


def test_the_rules_draw_hundreds_of_names_from_every_list() -> None:
    groups = {c.group for c in CASES}
    assert len(DRUGS) >= 200 and len(CASES) >= 1000
    assert {"ANSM médicaments sédatifs", "ANSM neuroleptiques", "ANSM inducteurs enzymatiques"} <= groups
    assert "FDA CYP2C19 inhibitors" in groups
    assert len(DRUGS) + len(OTHERS) >= 300


def test_recall_is_at_least_99_percent_in_every_class_and_no_critical_miss() -> None:
    exact = {g: e for g, e in figures().items() if not g.startswith("missp")}
    assert all(entry["recall"] >= 99 for entry in exact.values()), exact
    critical = [m for e in exact.values() for m in e["misses"] if m["critical"] and m["answer"] != "other"]
    assert not critical


@pytest.mark.parametrize("case", DRUGS + OTHERS, ids=[f"{c.group}:{c.name}" for c in DRUGS + OTHERS])
def test_each_drawn_name_reaches_its_class(case: object) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, case.name)  # type: ignore[attr-defined]
    assert reading.known and reading.exact, reading
    assert {f.group.id for f in reading.findings} & case.expected, reading  # type: ignore[attr-defined]


def test_the_antagonists_the_thesaurus_files_with_the_opioids_are_not_called_sedatives() -> None:
    """Naltrexone and nalmefene block opioids; the thesaurus's own subclass says so, and the check does not give
    them the opioids' finding."""
    for name in ("naltrexone", "nalmefene"):
        reading = interactions.read(MONOGRAPH, VOCABULARY, name)
        assert "opioids" not in {f.group.id for f in reading.findings}


def test_the_readme_shows_the_evaluations_figures_as_they_are() -> None:
    from .conftest import ROOT

    shown = EVALUATION.report(figures())
    assert shown in (ROOT / "README.md").read_text(encoding="utf-8"), "paste scripts/evaluate_interactions.py's output"


def test_misspellings_made_by_rule_are_measured_and_mostly_reach_their_class() -> None:
    """No floor is promised for slips, but the figure is measured, and a fall shows here first."""
    slips = {g: e for g, e in figures().items() if g.startswith("misspellings by rule")}
    assert len(slips) == 2 and all(e["names"] >= 200 and e["recall"] >= 95 for e in slips.values()), slips
