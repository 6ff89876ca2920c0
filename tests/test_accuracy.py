"""Accuracy: the corrections and additions of issue #11, pinned by meaning against the shipped knowledge file.

Each row of the tables below is (section key, regex, must): `must` rows are statements that have to stay true of the
section's text, in any wording that keeps their meaning; `must not` rows are wordings the issue found wrong (a
misattributed source, a reassurance the sources do not give, a fifth verdict). Quotations are removed before the
`must not` rows run, so the claims section may still quote a promotional page. Every check runs the real command
through Typer's runner, as `test_facts.py` does.
"""

from __future__ import annotations

import re

import pytest

from soma_info.knowledge.model import Section, Statement, StatementList, Subheading
from soma_info.knowledge.sections import CANONICAL_KEYS

from .test_facts import FLAGS, SHIPPED_MONOGRAPH, plain, section_text, unquoted

MUST, MUST_NOT = True, False

# (section, regex, must or must not, what the row is about)
ROWS: list[tuple[str, str, bool, str]] = [
    # 1. Breastfeeding: the label's own advice, LactMed, and the study's own conclusion.
    ("populations", r"label\W[^\n]*\(8\.2\)[^\n]*monitor(?:ed)? for sedation", MUST, "8.2 says monitor for sedation"),
    ("populations", r"LactMed[^\n]*slight sedation[^\n]*breastfed newborn", MUST, "LactMed: slight sedation"),
    ("populations", r"2,?800 mg a day[^\n]*slight sedation", MUST, "the case behind LactMed's report"),
    ("populations", r"partly formula-fed[^\n]*too little milk", MUST, "why the infant was partly formula-fed"),
    ("populations", r"prolonged use[^\n]*breastfeeding is generally inadvisable", MUST, "Nordeng's conclusion"),
    ("populations", r"Drugs\.com'?s summary", MUST_NOT, "advice attributed to Drugs.com instead of the label"),
    ("populations", r"No adverse effects were seen in that infant, who was partly formula-fed\.", MUST_NOT,
     "the formula-fed infant as the whole story"),
    # 2. Older-label pharmacokinetics and overdose management: read only in blog copies, so left out.
    ("onset", r"1\.98\s*±|2\.44\s*±", MUST_NOT, "older-label Tmax and half-life from blog copies"),
    ("overdose", r"gastric lavage|incomplete gastric emptying|forced diuresis", MUST_NOT,
     "older-label overdose management from blog copies"),
    ("onset", r"onset of action is rapid and effects last four to six hours", MUST, "what the archived label holds"),
    # 3. Sex difference and elimination routes: label 12.3, with its qualifier.
    ("onset", r"label \(12\.3\)[^\n]*weight-adjusted basis[^\n]*30\s*% to 50\s*% higher in women", MUST,
     "12.3: 30-50% higher in women, weight-adjusted"),
    ("onset", r"eliminated by both renal and non-renal routes \(12\.3\)", MUST, "12.3: renal and non-renal"),
    ("onset", r"Drug Facts and Comparisons reports", MUST_NOT, "the sex difference credited to a secondary source"),
    # 4. Tapering: no source for a 14-day taper in a label; the file gives no taper advice.
    ("dosage", r"label gives no taper schedule", MUST, "the label has no taper schedule"),
    ("dosage", r"Medscape advises tapering|taper[^\n]*(?:over )?14 days", MUST_NOT, "a 14-day taper"),
    ("counseling", r"Medscape advises|taper[^\n]*(?:over )?14 days", MUST_NOT, "a 14-day taper"),
    # 5. Flumazenil: the label does not mention it; nothing says "recommended".
    ("overdose", r"does not mention flumazenil", MUST, "the label does not mention flumazenil"),
    ("overdose", r"recommended antidote", MUST_NOT, "an unsourced 'recommended'"),
    # 9. The first line of `all` is a sentence, not a fragment.
    ("all", r"\A[^\n]*\n=+\n\n(?-i:[A-Z])", MUST, "the line under the title starts with a capital"),
    # Older adults: AGS Beers Criteria.
    ("populations", r"Beers Criteria[^\n]*skeletal muscle relaxants, carisoprodol among them[^\n]*avoid", MUST,
     "Beers: avoid skeletal muscle relaxants, carisoprodol included"),
    ("populations", r"Beers[^\n]*sedation[^\n]*fractures", MUST, "Beers: sedation and fractures"),
    # Boxed warning: none.
    ("warnings", r"(?:has )?no boxed warning", MUST, "no boxed warning"),
    ("overview", r"Boxed warning: none", MUST, "no boxed warning"),
    # Meprobamate: Schedule IV itself, and the active metabolite.
    ("abuse", r"Meprobamate, the active metabolite[^\n]*Schedule IV[^\n]*1308\.14", MUST, "meprobamate is CIV"),
    # Drug testing: not in the usual panels; specific tests; no detection window promised.
    ("abuse", r"not part of the usual drug-screen panels", MUST, "not in usual panels"),
    ("abuse", r"immunoassay[^\n]*mass spectrometry", MUST, "specific screen and confirmation exist"),
    ("abuse", r"gives no detection window", MUST, "no detection window"),
    ("abuse", r"(?:detectable|detected|stays?|shows? up)[^\n.]{0,40}\bfor (?:up to )?\d+\s*(?:hours|days)",
     MUST_NOT, "a detection-window promise"),
    # Duplicate therapy.
    ("interactions", r"Duplicate therapy", MUST, "duplicate therapy heading"),
    ("interactions", r"meprobamate[^\n]*not recommended", MUST, "7.1: not with meprobamate"),
    ("interactions", r"second muscle relaxant[^\n]*additive", MUST, "two muscle relaxants: additive sedation"),
    ("interactions", r"carisoprodol twice", MUST, "combination products double the carisoprodol"),
    # Storage, sharing, disposal.
    ("supply", r"children", MUST, "keep it from children"),
    ("supply", r"Do not give or sell SOMA to anyone else[^\n]*controlled substance[^\n]*against the law", MUST,
     "no sharing: a controlled substance"),
    ("supply", r"take-back[^\n]*household trash[^\n]*coffee grounds", MUST, "FDA disposal steps"),
    ("supply", r"flushing only the medicines on its flush list", MUST, "flush only what is on FDA's list"),
    ("counseling", r"do not share it[^\n]*Schedule IV", MUST, "counseling: no sharing"),
    # Clinical studies (14).
    ("indications", r"Clinical studies \(14\)", MUST, "section 14 heading"),
    ("indications", r"two 7-day, double-blind, randomized, multicenter, placebo-controlled", MUST, "design"),
    ("indications", r"250 mg, SOMA 350 mg and placebo[^\n]*250 mg with placebo", MUST, "doses in the two studies"),
    ("indications", r"Day 3[^\n]*relief from starting backache[^\n]*global impression of change", MUST, "endpoints"),
    ("indications", r"2\.24 against 1\.70[^\n]*1\.83 against 1\.12", MUST, "outcome of the two-arm trial"),
    ("indications", r"SOMA 250 mg was significantly more effective than placebo", MUST, "three-arm trial outcome"),
    # 6. The card's indication keeps the label's words.
    ("card", r"Relief of discomfort associated with acute, painful\s+musculoskeletal conditions in adults", MUST,
     "the section 1 wording"),
]  # fmt: skip


def text_of(key: str) -> str:
    return plain(key) if key in ("all", "card") else section_text(key)


@pytest.mark.parametrize(
    ("key", "pattern", "must", "what"), ROWS, ids=[f"{k}-{'must' if m else 'not'}-{w}" for k, _, m, w in ROWS]
)
def test_an_accuracy_row_holds(key: str, pattern: str, must: bool, what: str) -> None:
    text = text_of(key)
    match = re.search(pattern, text if must else unquoted(text), FLAGS)
    if must:
        assert match, f"{key} no longer says: {what} (/{pattern}/)"
    else:
        assert match is None, f"{key}: {what}: {match.group(0)!r}" if match else what


# ----------------------------------------------------------------------------- the claims section's verdicts

VERDICTS = ("Supported", "Partly supported", "Contradicted", "Not addressed")
ANY_VERDICT = re.compile(r"\"\s+—\s+([A-Z][^.]*)\.")  # the verdict is the whole first sentence after the dash


def claim_items() -> list[str]:
    return [line for line in section_text("claims").splitlines() if line.startswith("  - ")]


def test_the_claims_section_introduces_the_four_verdicts() -> None:
    assert re.search(r"Verdicts: supported, partly supported, contradicted, or not addressed", section_text("claims"))


@pytest.mark.parametrize("item", claim_items(), ids=lambda item: item[5:45])
def test_a_claim_gets_one_of_the_four_verdicts_and_nothing_more(item: str) -> None:
    match = ANY_VERDICT.search(item)
    assert match, f"no verdict: {item[:80]}"
    assert match.group(1) in VERDICTS, f"verdict {match.group(1)!r} is not one of {VERDICTS}"


@pytest.mark.parametrize(
    ("phrase", "verdict", "reason"),
    [
        ("hypersensitivity to its active", "Partly supported", r"carisoprodol is itself a carbamate"),
        ("quickly get rid of pain", "Not addressed", r"gives no time to relief"),
        ("in a short time", "Not addressed", r"gives no time to"),
        ("Meprobamate metabolite", "Supported", r"degree[^.]*unknown"),
    ],
)
def test_a_corrected_verdict_and_its_reason(phrase: str, verdict: str, reason: str) -> None:
    found = [item for item in claim_items() if phrase.lower() in item.lower()]
    assert len(found) == 1, f"{len(found)} claims mention {phrase!r}"
    match = ANY_VERDICT.search(found[0])
    assert match and match.group(1) == verdict, found[0][:120]
    assert re.search(reason, found[0], FLAGS), f"the verdict on {phrase!r} does not say /{reason}/"


@pytest.mark.parametrize(
    ("item", "flagged"),
    [
        ('"x" — Partly contradicted. Because.', True),
        ('"x" — Supported, with a caveat. Because.', True),
        ('"x" — Not addressed as worded. Because.', True),
        ('"x" — Partly supported. Because.', False),
        ('"x" — Not addressed. Because.', False),
    ],
)
def test_the_verdict_regex_tells_the_four_from_the_rest(item: str, flagged: bool) -> None:
    match = ANY_VERDICT.search(item)
    assert match
    assert (match.group(1) not in VERDICTS) is flagged


# ----------------------------------------------------------------------------- each section's source list

NOTE = re.compile(r"^  \[(\d+)\] ", re.MULTILINE)
MARKER = re.compile(r"\[(\d+(?:, \d+)*)\]")


@pytest.mark.parametrize("key", CANONICAL_KEYS)
def test_a_section_lists_only_sources_its_statements_cite(key: str) -> None:
    """Every numbered source under a section is pointed at by a statement (or a timeline row) in that section."""
    body, _, notes = section_text(key).partition("\nSources:\n")
    notes = notes.split("\nNotice:")[0]
    listed = {int(n) for n in NOTE.findall(notes)}
    used = {int(n) for group in MARKER.findall(body) for n in group.split(", ")}
    assert listed, f"{key} lists no sources"
    assert listed - used == set(), f"{key} lists sources no statement cites: {sorted(listed - used)}"
    assert used - listed == set(), f"{key} cites sources it does not list: {sorted(used - listed)}"


def test_a_section_has_no_hand_written_source_list() -> None:
    """The list is derived from the statements' cites, so a source no statement cites cannot appear in it."""
    assert "sources" not in Section._fields
    section = Section(
        key="k",
        title="T",
        aliases=(),
        summary="s",
        body=(
            Subheading("h"),
            Statement("a", ("b-source", "a-source")),
            StatementList((Statement("b", ("a-source", "c-source")),)),
        ),
    )
    assert section.source_ids == ("b-source", "a-source", "c-source")


@pytest.mark.parametrize("section", SHIPPED_MONOGRAPH.sections, ids=lambda s: s.key)
def test_every_cited_source_of_a_section_exists(section: Section) -> None:
    known = {s.id for s in SHIPPED_MONOGRAPH.sources}
    assert set(section.source_ids) <= known
