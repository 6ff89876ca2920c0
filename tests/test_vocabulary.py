"""The drug-name vocabulary: the shipped extract is exactly what the script makes from the dataset, it records
where it came from, and its binary search finds every name a plain scan finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soma_info.knowledge.vocabulary import Vocabulary, fold

from .conftest import ROOT, load_script

VOCABULARY = Vocabulary.load("vocabulary.tsv")  # the dataset alone: brands.tsv has tests of its own
SHIPPED = ROOT / "src" / "soma_info" / "knowledge" / "vocabulary.tsv"


def test_the_shipped_extract_is_what_the_script_makes_from_the_dataset() -> None:
    fresh = load_script("extract_vocabulary").extract()
    assert SHIPPED.read_text(encoding="utf-8") == fresh, "run: python3 scripts/extract_vocabulary.py"


def test_the_extract_records_the_dataset_its_version_and_its_licence() -> None:
    provenance = VOCABULARY.provenance()
    assert provenance.dataset.startswith("drug-named-entity-recognition 2.")
    assert provenance.licence.startswith("MIT")
    head = SHIPPED.read_text(encoding="utf-8")[:3000]
    assert "Permission is hereby granted, free of charge" in head  # the MIT terms travel with the data
    assert int(provenance.names.split(";")[0]) > 100_000


def _all_lines() -> dict[str, tuple[str, ...]]:
    text = SHIPPED.read_text(encoding="utf-8")
    body = text[text.index("\n\n") + 2 :]
    found = {}
    for line in body.splitlines():
        name, ingredients, *mark = line.split("\t")
        assert mark in ([], ["m"]), line
        found[name] = tuple(ingredients.split("|")) if ingredients else (name,)
        if mark:
            TAKEN.add(name)
    return found


TAKEN: set[str] = set()  # the names marked as a drug with a MedlinePlus page


LINES = _all_lines()
SORTED = sorted(LINES)


def test_the_names_are_sorted_unique_and_clean() -> None:
    assert list(LINES) == SORTED
    assert all(name == fold(name) for name in SORTED[:: len(SORTED) // 500])


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SORTED))
def test_the_binary_search_finds_every_name(name: str) -> None:
    assert VOCABULARY.ingredients(name) == LINES[name]
    assert VOCABULARY.ingredients(name.upper()) == LINES[name] or name.upper().lower() != name


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=30))
def test_any_text_is_found_only_when_it_is_a_name(text: str) -> None:
    expected = LINES.get(fold(text)) if fold(text) and "\t" not in text else None
    assert VOCABULARY.ingredients(text) == expected


@pytest.mark.parametrize(
    ("name", "ingredients"),
    [("Klonopin", ("clonazepam",)), ("ULTRAM", ("tramadol",)), ("Dilaudid", ("hydromorphone",)),
     ("Unisom", ("doxylamine",)), ("Flexeril", ("cyclobenzaprine",)), ("oxycodone hydrochloride", ("oxycodone",)),
     ("Suboxone", ("buprenorphine", "naloxone"))],
)  # fmt: skip
def test_brands_and_salts_resolve_to_their_ingredients(name: str, ingredients: tuple[str, ...]) -> None:
    assert VOCABULARY.ingredients(name) == ingredients


def test_names_from_a_prefix_are_the_sorted_run_that_starts_with_it() -> None:
    assert list(VOCABULARY.names_from("klonop")) == [n for n in SORTED if n.startswith("klonop")]
    assert list(VOCABULARY.names_from("")) == []
    assert "clonazepam" in VOCABULARY.neighbours("clonazepan")


@pytest.mark.parametrize("prefix", ["xa", "a", "tyl", "klonop", "zzzz"])
def test_names_of_medicines_people_take_come_first(prefix: str) -> None:
    """Issue #20 point 13: after `--with xa`, xanax before xanthan gum and "xa inhibitor, factor"."""
    run = [n for n in SORTED if n.startswith(prefix)]
    expected = [*(n for n in run if n in TAKEN), *(n for n in run if n not in TAKEN)][:15]
    assert VOCABULARY.taken_first(prefix, 15) == expected


def test_the_mark_is_the_datasets_medlineplus_page() -> None:
    offered = VOCABULARY.taken_first("xa", 15)
    assert "xanax" in offered and "xarelto" in offered
    assert offered.index("xanax") < offered.index("xanthan gum") if "xanthan gum" in offered else True
    assert "xanax" in TAKEN and "alprazolam" in TAKEN and "xanthan gum" not in TAKEN
    assert "xa inhibitor, factor" not in TAKEN
