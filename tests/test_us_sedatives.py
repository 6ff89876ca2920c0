"""US-only sedating drugs that the French regulator list the check draws on does not hold: each is read into the
CNS-depressant class on the strength of its own US label, the finding says why, cites that label, and no output
calls the combination safe. Expectations are written from the labels (DailyMed set ids), not from the code."""

from __future__ import annotations

import json
import re

import pytest

from soma_info.exitcodes import ExitCode
from soma_info.knowledge import interactions, yamlfile
from soma_info.knowledge.vocabulary import Vocabulary

from .conftest import FORMATS, SHIPPED, invoke

MONOGRAPH = yamlfile.load(str(SHIPPED))
VOCABULARY = Vocabulary.load()

# ingredient, the brand names that must read as it, the set id of the label that makes it a CNS depressant
DRUGS = [
    ("zuranolone", ("ZURZUVAE", "Zurzuvae"), "f18e53b0-d0bb-422d-8de7-ab64b7292b29"),  # a product of the file:
    # the FDA UNII brand rows shipped predate it
    ("brexanolone", ("ZULRESSO",), "b40f3b2a-1859-4ed6-8551-444300806d13"),
    ("esketamine", ("SPRAVATO",), "d81a6a79-a74a-44b7-822c-0dfa3036eaed"),
    ("ketamine", ("KETALAR",), "46dab560-8ecd-4d92-8c92-6baa2310b09b"),
    # OTC Drug Facts: "drowsiness may occur", "alcohol, sedatives, and tranquilizers may increase drowsiness"
    ("cetirizine", ("Zyrtec", "ZYRTEC"), "dc613bd5-70fd-1d9b-e053-2995a90a41cd"),
    ("levocetirizine", ("Xyzal", "XYZAL"), "8be45c2a-1eca-4a00-81b9-f7babdbdcd41"),
]
NAMES = [(name, drug, setid) for drug, brands, setid in DRUGS for name in (drug, *brands)]
SAFE = re.compile(r"\bsafe(ly)? (to|combination)|\bis safe\b|no interaction", re.IGNORECASE)


@pytest.mark.parametrize(("name", "drug", "setid"), NAMES, ids=[n for n, _, _ in NAMES])
def test_the_name_reads_as_its_ingredient_in_the_cns_depressant_class_citing_its_own_label(
    name: str, drug: str, setid: str
) -> None:
    reading = interactions.read(MONOGRAPH, VOCABULARY, name)
    assert reading.known and reading.exact, reading
    assert drug in reading.ingredients, reading
    finding = next(f for f in reading.findings if f.group.id == "cns-depressants")
    text = f"{finding.group.concern} {finding.group.effect}"
    assert re.search(r"CNS depressants? .*additive", text) and re.search(r"sedat", text)
    sources = {s.id: s for s in MONOGRAPH.sources}
    cited = [sources[c] for c in finding.membership]
    assert any(s.kind == "label" and setid in s.url for s in cited), cited
    assert any(f"({drug}" in s.title.lower() for s in cited), cited  # the label is the drug's own


@pytest.mark.parametrize(("name", "drug", "setid"), NAMES, ids=[n for n, _, _ in NAMES])
def test_every_format_lists_the_interaction_names_the_class_and_never_calls_it_safe(
    name: str, drug: str, setid: str
) -> None:
    for fmt in FORMATS:
        result = invoke("interactions", name, "-f", fmt)
        assert result.exit_code == ExitCode.OK, result.stderr
        assert "CNS depressants" in result.stdout
        assert "none listed here" not in result.stdout
        assert not SAFE.search(result.stdout), result.stdout
    data = json.loads(invoke("interactions", name, "-f", "json").stdout)
    entry = data["results"][0]
    assert entry["interaction_listed"] is True
    classes = [c for i in entry["ingredients"] for c in i["classes"]]
    assert any(c["id"] == "cns-depressants" for c in classes)
    assert any(setid in s["url"] for s in data["sources"])
