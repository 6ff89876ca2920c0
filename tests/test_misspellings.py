"""Misspellings: the sound-key index is exactly what its script makes of the vocabulary, and a misspelling is
found wherever in the name it is, read only as a generic name, and otherwise offered with what it is."""

from __future__ import annotations

import pytest

from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import Vocabulary

from .conftest import ROOT, SHIPPED, load_script

MONOGRAPH = yamlfile.load(str(SHIPPED))
VOCABULARY = Vocabulary.load()


def test_the_shipped_index_is_what_the_script_makes_of_the_vocabulary() -> None:
    fresh = load_script("extract_sound_keys").extract()
    shipped = (ROOT / "src" / "soma_info" / "knowledge" / interactions.SOUND_KEYS).read_text(encoding="utf-8")
    assert shipped == fresh, "run: python3 scripts/extract_sound_keys.py"


@pytest.mark.parametrize(
    ("typed", "generic"),
    [
        ("lorazepan", "lorazepam"),  # the last letter
        ("gabapenton", "gabapentin"),
        ("quetiapin", "quetiapine"),  # a letter left out
        ("tramadoll", "tramadol"),  # a letter added
        ("oxycodon", "oxycodone"),
        ("xolpidem", "zolpidem"),  # the first letter, which a search by first letter never finds
        ("ouetiapine", "quetiapine"),
        ("luoxetine", "fluoxetine"),  # the first letter left out
        ("ydrocodone", "hydrocodone"),
        ("wxycodone", "oxycodone"),  # a letter added in front
        ("cyclobenzaprin", "cyclobenzaprine"),
    ],
)
def test_a_misspelt_generic_name_is_read_as_it(typed: str, generic: str) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, typed)
    assert reading.how == interactions.MISSPELLING and reading.ingredients == (generic,), reading
    assert reading.findings and not reading.exact


@pytest.mark.parametrize("typed", ["vicoden", "hypericum", "somma", "klonipin", "zanax", "xanex"])
def test_a_name_near_a_brand_is_offered_never_read(typed: str) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, typed)
    assert not reading.known and reading.near and not reading.findings


def test_suggestions_prefer_drugs_people_take() -> None:
    """Xanax (a MedlinePlus drug) comes before the chemicals and veterinary names that sound like 'zanax'."""
    reading = interactions.read(MONOGRAPH, VOCABULARY, "zanax")
    assert reading.near[0].name == "xanax" and reading.near[0].ingredients == ("alprazolam",)


@pytest.mark.parametrize(
    ("typed", "drugs"),
    [("clonazapam", {"clonazepam", "clonazolam"}), ("lonazepam", {"clonazepam", "lorazepam"})],
)
def test_a_misspelling_as_near_two_drugs_is_read_as_neither(typed: str, drugs: set[str]) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, typed)
    assert not reading.known and drugs <= {n.name for n in reading.near}
