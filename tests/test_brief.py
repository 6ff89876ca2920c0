"""The brief view: every section in one 80×20 screen, its key figures restated from its body with their sources.

A brief is the section's plain-language lead, 3 to 5 short items from its body, the sources they cite and the
notice. These tests hold it to three things: it fits (80 columns, 20 lines, in every text format, notice and
all), it says nothing its section's body does not (figures and sources alike), and JSON carries the same subset.
"""

from __future__ import annotations

import json
import re

import pytest

from soma_info import terminal, views
from soma_info.knowledge.model import BRIEF_ITEMS, BRIEF_TEXT, FactTable, Monograph, Section, Statement, StatementList
from soma_info.render.document import Bullets, Document, Notice, Paragraph, SourceNotes, Style, Title

from .test_facts import FLAGS, MUST_NOT_CLAIM, SAFE, SHIPPED_MONOGRAPH, VERDICT, unquoted

SECTIONS = SHIPPED_MONOGRAPH.sections
KEYS = [s.key for s in SECTIONS]
WIDTH, HEIGHT = 80, 20
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(document: Document, fmt: str, color: str | None = None) -> str:
    """As the command line renders at --width 80: rich with --color never (or a colour system), plain, Markdown."""
    return terminal.render(document, terminal.Output(fmt, WIDTH, Style(WIDTH, color)))


def lines_of(text: str) -> list[str]:
    return ANSI.sub("", text).rstrip("\n").split("\n")


# ----------------------------------------------------------------------------- one screen


SCREENS = [("rich", None), ("rich", "standard"), ("plain", None), ("markdown", None)]  # rich: --color never, always


@pytest.mark.parametrize(("fmt", "color"), SCREENS, ids=["rich", "rich-colour", "plain", "markdown"])
@pytest.mark.parametrize("key", KEYS)
def test_a_brief_fits_80_by_20_with_the_notice_last(key: str, fmt: str, color: str | None) -> None:
    lines = lines_of(render(views.brief(SHIPPED_MONOGRAPH, SHIPPED_MONOGRAPH.section(key)), fmt, color))
    assert len(lines) <= HEIGHT, f"{key} ({fmt}): {len(lines)} lines"
    assert max(len(line) for line in lines) <= WIDTH
    tail = " ".join(" ".join(line.strip("│╭╰─╮╯> ").split()) for line in lines[-7:])
    assert "Notice" in tail and "Poison Control Center." in tail  # the whole notice, at the end


@pytest.mark.parametrize("key", KEYS)
def test_every_brief_item_keeps_to_one_line_with_its_marker(key: str) -> None:
    """One line each, so that the count of lines above is the count of items: nothing wraps."""
    out = render(views.brief(SHIPPED_MONOGRAPH, SHIPPED_MONOGRAPH.section(key)), "plain")
    bullets = [line for line in out.split("\n") if line.startswith("  - ")]
    continued = [line for line in out.split("\n") if line.startswith("    ")]
    assert len(bullets) == len(SHIPPED_MONOGRAPH.section(key).brief) and not continued


@pytest.mark.parametrize("key", KEYS)
def test_a_brief_is_lead_items_sources_and_notice(key: str) -> None:
    section = SHIPPED_MONOGRAPH.section(key)
    document = views.brief(SHIPPED_MONOGRAPH, section)
    title, lead, bullets, notes, notice = document.elements
    assert title == Title(section.title, section.key, 1)
    assert lead == Paragraph(section.summary)
    assert isinstance(bullets, Bullets) and [b.text for b in bullets.items] == [i.text for i in section.brief]
    assert all(b.refs for b in bullets.items)  # every item carries its citation marker
    assert isinstance(notes, SourceNotes) and notes.compact
    assert notice == Notice(SHIPPED_MONOGRAPH.notice)


# ----------------------------------------------------------------------------- nothing the body does not say


def body_statements(section: Section) -> list[tuple[str, tuple[str, ...]]]:
    """Every text of the body with the sources it cites (a table's caption, columns and cells together)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for block in section.body:
        if isinstance(block, Statement):
            found.append((block.text, block.cite))
        elif isinstance(block, StatementList):
            found += [(item.text, item.cite) for item in block.items]
        elif isinstance(block, FactTable):
            cells = [block.caption, *block.columns, *(cell for row in block.rows for cell in row)]
            found.append((" ".join(cells), block.cite))
    return found


NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?!\w)")  # 250, 1.5, 13 (of 13%), 2012; not the 19 of CYP2C19
BRIEF_ITEMS_OF = [(s.key, i, item) for s in SECTIONS for i, item in enumerate(s.brief)]
COUNTS = re.compile(r"(\d+) claims: (\d+) supported, (\d+) partly, (\d+) contradicted, (\d+) not addressed")


@pytest.mark.parametrize(("key", "index", "item"), BRIEF_ITEMS_OF, ids=[f"{k}-{i}" for k, i, _ in BRIEF_ITEMS_OF])
def test_a_brief_item_restates_its_body_with_the_body_s_sources(key: str, index: int, item: Statement) -> None:
    """Its sources are sources the body cites; each figure in it is in a body statement citing one of them."""
    section = SHIPPED_MONOGRAPH.section(key)
    assert item.cite and set(item.cite) <= set(section.source_ids)
    assert 0 < len(item.text) <= BRIEF_TEXT
    if COUNTS.search(item.text):
        return  # the verdict counts of the claims section: counted from the body in their own test
    sharing = " ".join(text for text, cite in body_statements(section) if set(cite) & set(item.cite))
    figures = set(NUMBER.findall(sharing))
    missing = [n for n in NUMBER.findall(item.text) if n not in figures]
    assert not missing, f"{key} brief[{index}]: {missing} not in a body statement citing {item.cite}"


def test_the_claims_brief_counts_the_verdicts_of_the_body() -> None:
    section = SHIPPED_MONOGRAPH.section("claims")
    verdicts = [VERDICT.search(" ".join(text.split())) for text, _ in body_statements(section)]
    found = [m.group(1).lower() for m in verdicts if m]
    counted = next(m for item in section.brief if (m := COUNTS.search(item.text)))
    total, supported, partly, contradicted, unaddressed = (int(n) for n in counted.groups())
    assert total == len(found) == supported + partly + contradicted + unaddressed
    assert (supported, partly, contradicted, unaddressed) == (
        found.count("supported"), found.count("partly supported"), found.count("contradicted"),
        found.count("not addressed"),
    )  # fmt: skip


# (section, a key figure its brief must carry, the same figure as its body states it): regexes, by meaning.
KEY_FIGURES: list[tuple[str, str, str]] = [
    ("overview", r"250–350 mg three times a day and at bedtime", r"250 mg to 350 mg three times a day and at bedtime"),
    ("overview", r"Schedule IV", r"Schedule IV"),
    ("indications", r"acute, painful musculoskeletal conditions in adults", r"musculoskeletal conditions in adults"),
    ("indications", r"under 16 or over 65", r"less than\s+16 years of age \(8\.4\) or over\s+65"),
    ("dosage", r"250–350 mg three times a day and at bedtime", r"250 mg to 350 mg three times a day and at bedtime"),
    ("dosage", r"two or three weeks", r"up to two or three weeks"),
    ("dosage", r"with or without food", r"with or without food"),
    ("dosage", r"no maximum daily dose", r"no maximum daily dose"),
    ("mechanism", r"not been clearly identified", r"has not been clearly identified"),
    ("mechanism", r"meprobamate has anxiolytic and sedative", r"meprobamate has anxiolytic \(anti-anxiety\) and"
     r" sedative"),
    ("onset", r"Tmax\) about 1\.5–2 hours", r"\(Tmax\) of carisoprodol: about 1\.5 to 2 hours"),
    ("onset", r"carisoprodol about 2 h; meprobamate about 10 h", r"carisoprodol about 2 hours.*meprobamate about 10"),
    ("onset", r"no onset or duration of effect", r"states no onset and no duration"),
    ("onset", r"rapid onset, effects last 4 to 6 hours", r"onset is rapid and effects last 4 to 6 hours"),
    ("contraindications", r"acute intermittent porphyria", r"History of acute intermittent porphyria"),
    ("contraindications", r"carbamate such as meprobamate", r"carbamate such as meprobamate"),
    ("warnings", r"13% to 17% on SOMA vs 6% on placebo", r"13% to 17% of patients taking SOMA.*6%"),
    ("warnings", r"No boxed warning", r"no boxed\s+warning"),
    ("interactions", r"CNS depressants, such as alcohol, may add up", r"CNS depressants.*alcohol.*may be additive"),
    ("interactions", r"CYP2C19 inhibitors could raise, inducers lower", r"inhibitors.*could increase exposure to"
     r" carisoprodol"),
    ("interactions", r"meprobamate is not recommended", r"carisoprodol and meprobamate is not recommended"),
    ("interactions", r"Avoid alcohol", r"avoid alcoholic beverages"),
    ("side-effects", r"drowsiness, dizziness and headache", r"drowsiness, dizziness and headache"),
    ("side-effects", r"13% \(250 mg\), 17% \(350 mg\), 6% on placebo", r"Drowsiness 31 \(6%\) 73 \(13%\) 47 \(17%\)"),
    ("abuse", r"Schedule IV", r"Schedule IV controlled substance"),
    ("abuse", r"insomnia, vomiting", r"insomnia, vomiting"),
    ("overdose", r"fatal, alone or with alcohol or other CNS depressants", r"can be fatal.*alone or together with"
     r" alcohol"),
    ("overdose", r"no specific antidote", r"names no specific antidote"),
    ("populations", r"monitor infants for sedation", r"monitored for sedation"),
    ("populations", r"under 16 or over 65", r"less than 16 years of age"),
    ("counseling", r"Avoid alcohol", r"avoid alcoholic beverages"),
    ("counseling", r"two or three weeks", r"up to two or three weeks"),
    ("regulatory", r"1959", r"Initial U\.S\. approval: 1959"),
    ("regulatory", r"January 11, 2012", r"since January 11, 2012"),
    ("regulatory", r"suspension of all carisoprodol medicines recommended in 2007", r"recommended in November 2007"
     r" that all carisoprodol medicines be suspended"),
    ("supply", r"250 mg and 350 mg tablets", r"250 mg and 350 mg tablets"),
    ("supply", r"20–25 °C \(68–77 °F\)", r"20–25 °C \(68–77 °F\)"),
    ("claims", r"16 not addressed", r"Not addressed"),
    ("claims", r"peak blood level, not the time to maximum effect", r"time to peak plasma\s+concentration \(Tmax\); the"
     r" label gives no time to maximum therapeutic effect"),
]  # fmt: skip


@pytest.mark.parametrize(("key", "brief", "body"), KEY_FIGURES, ids=[f"{k}-{b[:24]}" for k, b, _ in KEY_FIGURES])
def test_a_brief_carries_its_section_s_key_figures(key: str, brief: str, body: str) -> None:
    section = SHIPPED_MONOGRAPH.section(key)
    assert re.search(brief, " ".join(i.text for i in section.brief), FLAGS), f"{key}: brief lacks /{brief}/"
    assert re.search(body, " ".join(t for t, _ in body_statements(section)), FLAGS), f"{key}: body lacks /{body}/"


def test_every_section_has_a_brief_of_three_to_five() -> None:
    fewest, most = BRIEF_ITEMS
    assert [s.key for s in SECTIONS if not fewest <= len(s.brief) <= most] == []


@pytest.mark.parametrize(("pattern", "reason", "example"), MUST_NOT_CLAIM, ids=[r for _, r, _ in MUST_NOT_CLAIM])
def test_no_brief_asserts_a_false_claim(pattern: str, reason: str, example: str) -> None:
    text = unquoted("\n".join(render(views.brief(SHIPPED_MONOGRAPH, s), "plain") for s in SECTIONS))
    match = re.search(pattern, text, FLAGS)
    assert match is None, f"{reason}: {match.group(0)!r}" if match else reason


def test_no_brief_calls_anything_safe() -> None:
    found = [(s.key, i.text) for s in SECTIONS for i in s.brief if SAFE.search(i.text)]
    assert found == []


# ----------------------------------------------------------------------------- JSON: the same subset


@pytest.mark.parametrize("key", KEYS)
def test_the_json_brief_carries_the_same_subset(key: str) -> None:
    section = SHIPPED_MONOGRAPH.section(key)
    document = views.brief(SHIPPED_MONOGRAPH, section)
    data = json.loads(render(document, "json"))
    assert list(data) == ["key", "title", "summary", "brief", "sources", "provenance", "notice"]
    assert (data["key"], data["title"], data["summary"]) == (section.key, section.title, section.summary)
    assert data["brief"] == [{"text": i.text, "cite": list(i.cite)} for i in section.brief]
    cited = list(dict.fromkeys(c for i in section.brief for c in i.cite))
    assert [s["id"] for s in data["sources"]] == cited  # in the order of the markers [1], [2], ...
    assert all(s["citation"] == SHIPPED_MONOGRAPH.source(s["id"]).citation for s in data["sources"])
    assert data["notice"] == SHIPPED_MONOGRAPH.notice
    assert data["provenance"]["label_revision"] == SHIPPED_MONOGRAPH.identity.label_revision
    shown = render(document, "plain")
    for item in data["brief"]:  # what the text formats show, item by item, markers pointing at the same sources
        marker = "[" + ", ".join(str(cited.index(c) + 1) for c in item["cite"]) + "]"
        assert f"{item['text']} {marker}" in shown


# ----------------------------------------------------------------------------- the layout, on the fixture


def test_the_brief_layout_in_plain_text(mini: Monograph) -> None:
    out = render(views.brief(mini, mini.section("mechanism")), "plain")
    assert out == (
        "Mechanism title (mechanism)\n"
        "===========================\n"
        "\n"
        "Summary of mechanism.\n"
        "\n"
        "  - The mechanism figure, 350 mg. [1]\n"
        "  - The mechanism brief keeps [see 5.1] literally. [1]\n"
        "  - First bullet about alcohol. [1, 2]\n"
        "  - Tmax 1.5 h; half-life 1.7 h at 250 mg. [1]\n"
        "\n"
        "Sources: Test label, rev. 1/2020: [1] §1; [2] Doe 2020, 2020\n"
        "\n"
        "Notice: This fixture is not medical advice; ask your doctor, pharmacist or other\n"
        "clinician.\n"
    )


def test_the_brief_layout_in_markdown_and_rich(mini: Monograph) -> None:
    document = views.brief(mini, mini.section("dosage"))
    markdown = render(document, "markdown")
    assert markdown.startswith("# Dosage title\n\nSummary of dosage.\n\n- The dosage figure, 350 mg. [1]\n")
    assert "**Sources:** Test label, rev. 1/2020: [1] §1\n\n> **Notice:**" in markdown
    rich = render(document, "rich")
    assert rich.startswith("Dosage title  dosage ───") and "• The dosage figure, 350 mg. [1]" in rich
    assert "\\[" not in rich and "[see 5.1]" in rich  # markup-like text printed as written


def test_the_brief_json_on_the_fixture(mini: Monograph) -> None:
    data = json.loads(render(views.brief(mini, mini.section("mechanism")), "json"))
    assert data["brief"][2] == {"text": "First bullet about alcohol.", "cite": ["label-1", "paper"]}
    assert [s["id"] for s in data["sources"]] == ["label-1", "paper"]
    assert data["sources"][0]["citation"] == "Test label §1, rev. 1/2020"
    assert data["notice"] == mini.notice


def test_a_section_without_a_brief_still_ends_with_the_notice(mini: Monograph) -> None:
    """A Section built in code (no brief) shows its lead and the notice, and cites nothing."""
    document = views.brief(mini, mini.section("dosage")._replace(brief=()))
    assert document.notice == mini.notice and document.data["sources"] == [] and document.data["brief"] == []
    assert render(document, "plain").rstrip().endswith("other\nclinician.")
