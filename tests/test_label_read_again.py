"""The label read again (issue #19, points 1-6): loose wording, omissions and citations, pinned by meaning.

Each test reads the shipped knowledge file, or the real command's output, for what the label says: its modality
("may be additive"), what it gives a basis for, and which section carries which sentence.
"""

from __future__ import annotations

import re

import pytest

from soma_info.knowledge import yamlfile
from soma_info.knowledge.model import Monograph, Statement, StatementList

from .conftest import SHIPPED, invoke

MONOGRAPH: Monograph = yamlfile.load(str(SHIPPED))


def _statements(key: str) -> list[Statement]:
    """Every statement of a section: its brief, its paragraphs and its list items."""
    section = MONOGRAPH.section(key)
    found = list(section.brief)
    for block in section.body:
        if isinstance(block, Statement):
            found.append(block)
        elif isinstance(block, StatementList):
            found.extend(block.items)
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def _plain(*args: str) -> str:
    result = invoke(*args, "-f", "plain")
    assert result.exit_code == 0, result.stderr
    return _flat(result.stdout)


# ----------------------------------------------------------------------------- 1. alcohol and overdose


def test_the_alcohol_finding_names_what_an_overdose_can_do() -> None:
    """As the opioid and benzodiazepine findings do (§10, §7.1): slowed breathing, coma and death."""
    out = _plain("interactions", "alcohol").lower()
    finding = out[out.index("'alcohol' is read as") :]
    assert re.search(r"respiratory depression|slowed breathing", finding)
    assert "coma" in finding and "death" in finding
    alcohol = next(c for c in MONOGRAPH.interactions if c.id == "alcohol")
    assert {"label-7.1", "label-10"} <= set(alcohol.cite)
    assert "coma" in alcohol.concern.lower() and "death" in alcohol.concern.lower()


# ----------------------------------------------------------------------------- 2. "may be additive"

# An effect said to add up with no "may" before it: the label's words are "may be additive" (§5.1, §7.1) and,
# for overdose, "can be additive" (§10).
UNHEDGED = re.compile(r"(?<!may )(?<!can )\b(adds?|added) (to|up)\b", re.IGNORECASE)


@pytest.mark.parametrize("key", ["warnings", "interactions", "overview", "counseling", "overdose"])
def test_added_sedation_keeps_the_label_s_may(key: str) -> None:
    for statement in _statements(key):
        text = _flat(statement.text)
        if re.search(r"addit|add(s|ed)? (to|up)", text, re.IGNORECASE) and not text.startswith('"'):
            assert not UNHEDGED.search(text), (key, text)
            assert re.search(r"\bmay\b|\bcan\b", text), (key, text)


def test_the_three_loose_sentences_now_say_may() -> None:
    warnings = " ".join(_flat(s.text) for s in _statements("warnings"))
    interactions = " ".join(_flat(s.text) for s in _statements("interactions"))
    assert "Alcohol and other sedating medicines may add to this effect" in warnings
    assert re.search(r"Its sedative effects and those of other CNS depressants.*may be additive", warnings)
    assert re.search(r"SOMA's drowsiness and that of alcohol.*may add up", interactions)


# ----------------------------------------------------------------------------- 3. serotonin syndrome


def test_the_serotonin_note_says_the_label_reports_it_and_gives_no_basis() -> None:
    overdose = [_flat(s.text) for s in _statements("overdose") if "serotonin" in s.text.lower()]
    assert not any("rests on" in text for text in overdose)
    note = next(text for text in overdose if "series" in text)
    assert "label reports" in note and "no basis" in note
    assert re.search(r"series describes", note)
    cited = next(s for s in _statements("overdose") if _flat(s.text) == note)
    assert cited.cite == ("serotonin-case-series",)


# ----------------------------------------------------------------------------- 4. citations that carry their sentence


@pytest.mark.parametrize("system", ["Central nervous system:", "Gastrointestinal:", "Hematologic:"])
def test_post_marketing_lists_cite_what_they_were_checked_against(system: str) -> None:
    """Checked against older label text, not §6.2: so they cite the older label, and never §6.2."""
    item = next(s for s in _statements("side-effects") if s.text.startswith(system))
    assert "label-6.2" not in item.cite
    assert "archived-label-pre-plr" in item.cite


def test_the_cardiovascular_list_still_cites_6_2() -> None:
    item = next(s for s in _statements("side-effects") if s.text.startswith("Cardiovascular:"))
    assert item.cite == ("label-6.2",)


def test_no_pack_size_is_cited_to_a_label_it_was_not_read_on() -> None:
    for statement in _statements("supply"):
        if "0037-2250" in statement.text or "2013" in statement.text:
            assert "label-16" not in statement.cite, statement.text


def _four_fold() -> list[tuple[str, tuple[str, ...]]]:
    found = [(key, s.cite) for key in ("onset", "populations", "mechanism") for s in _statements(key)
             if "4-fold" in s.text]  # fmt: skip
    found += [("card", line.cite) for line in MONOGRAPH.card if "4-fold" in line.text]
    return found


def test_the_four_fold_figure_cites_8_8_wherever_it_appears() -> None:
    """§8.8 carries the poor-metabolizer sentence; §12.3 is not cited for it (not read saying it here)."""
    where = _four_fold()
    assert {key for key, _ in where} >= {"onset", "populations", "card"}
    for key, cite in where:
        assert {"label-8.8", "label-8"} & set(cite), key
        assert "label-12.3" not in cite, key


def test_the_poor_metabolizer_prevalence_cites_8_8_as_the_four_fold_figure_does() -> None:
    """The same §8.8 paragraph (as PharmGKB quotes it) ends with how common poor metabolizers are: 3–5% of
    Caucasians and African Americans, 15–20% of Asians. It was cited to §12.3, not read saying it."""
    where = [(key, s) for key in ("onset", "populations") for s in _statements(key)
             if re.search(r"3.5%", s.text) and re.search(r"15.20%", s.text)]  # fmt: skip
    assert {key for key, _ in where} == {"onset", "populations"}
    for key, statement in where:
        assert "Asian" in statement.text and "poor metaboli" in statement.text, key
        assert "label-8.8" in statement.cite and "label-12.3" not in statement.cite, key
        assert "pharmgkb-label" in statement.cite, key


# ----------------------------------------------------------------------------- 5. the claims


def test_the_duration_claim_is_partly_supported_because_the_label_is_firmer() -> None:
    claims = [_flat(s.text) for s in _statements("claims")]
    item = next(text for text in claims if "does not usually exceed 2-3 weeks" in text)
    assert "— Partly supported." in item
    assert "should only be used" in item and "two or three weeks" in item


# ----------------------------------------------------------------------------- 6. the card's "Use with caution"


def test_the_card_has_a_use_with_caution_row_with_each_group() -> None:
    line = next(line for line in MONOGRAPH.card if line.label == "Use with caution")
    text = line.text.lower()
    assert "cyp2c19 poor metabolizer" in text and "4-fold" in text
    assert re.search(r"65\+|65 and over", text) and "not established" in text and "beers: avoid" in text
    for group in ("pregnancy", "breastfeeding", "kidney", "liver"):
        assert group in text
    assert set(line.cite) == {"label-8", "ags-beers-2023"}
    assert MONOGRAPH.source("label-8").section == "8"


def test_the_card_row_sits_after_the_contraindications() -> None:
    labels = [line.label for line in MONOGRAPH.card]
    assert labels.index("Use with caution") == labels.index("Do not take") + 1
