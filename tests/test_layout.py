"""Layout at every width from 20 to 400 columns, in every format (issue #13): lines within the width, prose at a
readable measure, URLs whole and clickable only where escapes are allowed, citation brackets whole and with their
last word, tables balanced, verdicts styled, Markdown headings consecutive, the card's hanging indent."""

from __future__ import annotations

import itertools
import re

import pytest

from soma_info import terminal, views
from soma_info.knowledge import yamlfile
from soma_info.knowledge.model import VERDICTS, Statement, StatementList
from soma_info.render import layout
from soma_info.render.document import Bullets, Document, Matrix, Paragraph, Style, Verdict
from soma_info.views import datasets

from .conftest import SHIPPED, invoke

MONOGRAPH = yamlfile.load(str(SHIPPED))
URLS = {source.url for source in MONOGRAPH.sources} | {d["url"] for d in datasets()}
WIDTHS = (20, 31, 47, 80, 101, 200, 400)  # the edges: the narrowest, the card, the prose cap, the widest
VIEWS = (
    ["sections"],
    ["sources"],
    ["claims"],
    ["onset"],
    ["card"],
    ["search", "alcohol"],
    ["compare"],
    ["compare", "flexeril"],
)
TEXT_FORMATS = ("plain", "markdown", "rich")

ESCAPES = re.compile(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\")
MARKERS = r"[\s│•>*-]*"  # indentation, bullets, a Markdown quote, a panel's edge
BRACKET = r"\[\d+(?:, \d+)*\]"
ONLY_A_BRACKET = re.compile(rf"^{MARKERS}{BRACKET}[\s│]*$")
OPEN_AT_END = re.compile(r"\[\d+(?:, \d+)*,?\s*$")  # "[1," at the end of a line
CLOSE_AT_START = re.compile(rf"^{MARKERS}\d+(?:, \d+)*\]")  # "5, 6]" at the start of one
UNIT = re.compile(rf"^{MARKERS}(?:{BRACKET} )?\S+(?: {BRACKET})?[\s│]*$")  # one unit: a word (a URL), its brackets


def shown(text: str) -> str:
    return ESCAPES.sub("", text)


def too_wide(text: str, width: int, fmt: str) -> list[str]:
    """Lines wider than the width, except a single unit that cannot be broken (a URL, a word held to its
    citation bracket) longer than the line. Markdown headings and table rows cannot be split at all, and plain
    text's tab-separated records (sections, sources) are for grep and cut, one record a line."""
    lines = [line for line in shown(text).splitlines() if "\t" not in line]
    if fmt == "markdown":
        lines = [line for line in lines if not line.startswith(("#", "|"))]
    return [line for line in lines if len(line) > width and not UNIT.match(line)]


def bracket_problems(text: str) -> list[str]:
    return [
        line
        for line in shown(text).splitlines()
        if ONLY_A_BRACKET.match(line) or OPEN_AT_END.search(line) or CLOSE_AT_START.match(line)
    ]


def run(*args: str, env: dict[str, str] | None = None) -> str:
    result = invoke(*args, env=env)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_every_line_fits_and_every_bracket_stays_whole(view: list[str], fmt: str, width: int) -> None:
    out = run(*view, "-f", fmt, "--width", str(width), "--color", "never")
    assert not too_wide(out, width, fmt)
    assert not bracket_problems(out)
    if view == ["sources"]:
        for url in URLS:  # each whole on one line
            assert any(url in line for line in out.splitlines()), url
    assert re.search(r"https?://\S*\n", out) is None or all(
        m.group(0).rstrip(">").rstrip() in URLS for m in re.finditer(r"https?://[^\s<>]+", out)
    )


@pytest.mark.parametrize("width", [20, 40, 80, 200])
@pytest.mark.parametrize("view", VIEWS, ids=" ".join)
def test_the_notice_stays_last(view: list[str], width: int) -> None:
    for fmt in TEXT_FORMATS:
        out = shown(run(*view, "-f", fmt, "--width", str(width), "--color", "never"))
        if "Notice" in out:
            tail = " ".join(re.sub(r"[│╭╮╰╯─>]", " ", out.split("Notice")[-1]).split())
            assert tail.endswith("Poison Control Center."), (fmt, tail[-80:])


@pytest.mark.parametrize("width", [101, 133, 200, 400])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("view", [["claims"], ["card"], ["mechanism"], ["search", "alcohol"]], ids=" ".join)
def test_prose_is_held_to_a_readable_measure_on_wide_terminals(view: list[str], fmt: str, width: int) -> None:
    out = run(*view, "-f", fmt, "--width", str(width), "--color", "never")
    assert not too_wide(out, layout.MEASURE, fmt)
    assert max(len(line) for line in out.splitlines()) >= layout.MEASURE - 10  # and uses it


def test_tables_may_use_the_whole_width() -> None:
    out = run("sections", "-f", "rich", "--width", "200", "--color", "never")
    assert any(len(line) > layout.MEASURE for line in out.splitlines())
    assert "Abuse, dependence and controlled-substance status" in out  # one line: the table fits at 200


@pytest.mark.parametrize("width", [40, 60, 80, 100])  # at 20, a few words are longer than the line
def test_table_columns_never_split_a_word(width: int) -> None:
    words = {w for s in MONOGRAPH.sections for w in f"{s.key} {s.title} {s.summary}".split()}
    out = run("sections", "-f", "rich", "--width", str(width), "--color", "never")
    found = set(" ".join(out.split()).split())
    assert {w.strip(".,;:()") for w in words} <= {w.strip(".,;:()") for w in found}


def test_the_sections_table_gives_the_summaries_room() -> None:
    out = run("sections", "-f", "rich", "--width", "80", "--color", "never")
    head = out.splitlines()[0]
    assert head.index("Summary") - head.index("Title") < 30  # the titles no longer take half the table


def test_a_balanced_table_is_no_taller_than_an_even_split() -> None:
    cells = [(s.key, s.title, s.summary) for s in MONOGRAPH.sections]
    columns = list(zip(("Key", "Title", "Summary"), *cells, strict=True))
    widths = layout.columns(columns, 74)
    assert widths is not None and sum(widths) <= 74 and widths[2] > widths[1]
    assert layout.columns(columns, 40) is None  # the longest words cannot sit side by side: stacked


def test_urls_are_links_only_in_the_styled_format_with_escapes() -> None:
    linked = run("sources", "--width", "80", "--color", "always")
    assert "\x1b]8;;https://dailymed.nlm.nih.gov/" in linked
    for url in URLS:
        assert f"\x1b]8;;{url}\x1b\\" in linked
    for args, env in [
        (["-f", "rich", "--color", "never"], {}),
        (["-f", "plain"], {}),
        (["-f", "markdown"], {}),
        (["-f", "json"], {}),
        ([], {}),  # piped
        ([], {"NO_COLOR": "1"}),
        (["-f", "markdown", "--color", "always"], {}),
    ]:
        out = run("sources", "--width", "80", *args, env=env)
        assert "\x1b]8" not in out, (args, env)


def test_markdown_urls_are_autolinks() -> None:
    out = run("sources", "-f", "markdown", "--width", "60")
    for url in URLS:
        assert f"<{url}>" in out


@pytest.mark.parametrize("view", [["mechanism"], ["onset"], ["claims"], ["all"], ["search", "alcohol"], ["card"]])
def test_markdown_heading_levels_are_consecutive(view: list[str]) -> None:
    levels = [len(m.group(1)) for m in re.finditer(r"^(#+) ", run(*view, "-f", "markdown"), re.MULTILINE)]
    assert levels and levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels


VERDICT_COLOURS = {"Supported": "32", "Partly supported": "33", "Contradicted": "31", "Not addressed": "35"}


def test_claims_verdicts_are_bold_with_a_colour_each() -> None:
    out = run("claims", "--width", "100", "--color", "always")
    for verdict, colour in VERDICT_COLOURS.items():
        assert f"\x1b[1;{colour}m{verdict}\x1b[0m" in out, verdict


def test_claims_verdicts_stay_bold_with_no_color() -> None:
    out = run("claims", "--width", "100", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    for verdict in VERDICT_COLOURS:
        assert f"\x1b[1m{verdict}\x1b[0m" in out, verdict
    assert not re.search(r"\x1b\[[0-9;]*3[1-5]m", out)


def test_claims_verdicts_are_bold_in_markdown_and_unchanged_in_plain() -> None:
    md = run("claims", "-f", "markdown")
    for verdict in VERDICT_COLOURS:
        assert f"— **{verdict}**." in md
    plain = run("claims", "-f", "plain")
    assert "— Partly supported." in plain and "**" not in plain and "\x1b" not in plain


def test_a_claim_says_where_its_text_states_its_verdict() -> None:
    assert Statement('"x" — Partly supported. It is', (), "partly supported").verdict_at() == (6, 22)
    assert Statement('"x" — Supported. Yes', (), "supported").verdict_at() == (6, 15)
    assert Statement('"x" — Supported. Yes', (), "contradicted").verdict_at() is None  # the schema refuses it
    assert Statement('"x" — Supported. Yes', ()).verdict_at() is None  # no field, no verdict: prose is not read


def test_the_verdict_is_styled_from_its_field_never_from_the_prose() -> None:
    """The field decides the colour; a paragraph whose prose reads like a verdict but has no field is not styled."""
    said = '"x" — Supported. Because.'
    claim = Paragraph(said, verdict=Verdict("contradicted", (6, 15)))  # the field, not the words, picks red
    document = Document((Bullets((claim, Paragraph(said))),), {})
    out = terminal.render(document, terminal.Output("rich", 80, Style(80, "standard")))
    assert out.count("\x1b[1;31mSupported\x1b[0m") == 1 and "\x1b[1;32m" not in out
    assert terminal.render(document, terminal.Output("markdown", 80, Style(80, None))).count("**Supported**") == 1


def test_every_claim_of_the_shipped_file_has_its_verdict_as_a_field() -> None:
    claims = [i for b in MONOGRAPH.section("claims").body if isinstance(b, StatementList) for i in b.items]
    assert len(claims) >= 30 and all(c.verdict in VERDICTS and c.verdict_at() for c in claims)


def test_the_claims_brief_counts_the_verdict_fields() -> None:
    """ "33 claims: 4 supported, 9 partly, ..." is the tally of the fields, so a changed rating changes the brief."""
    claims = [i for b in MONOGRAPH.section("claims").body if isinstance(b, StatementList) for i in b.items]
    tally = MONOGRAPH.section("claims").brief[0].text
    assert tally.startswith(f"{len(claims)} claims: ")
    for verdict in VERDICTS:
        said = re.search(rf"(\d+) {verdict.split()[0]}", tally)
        assert said and int(said.group(1)) == sum(c.verdict == verdict for c in claims), (verdict, tally)


LABELS = tuple(line.label for line in MONOGRAPH.card)
# A label longer than the label column wraps at its spaces: its first words start a row, the rest continue it.
COLUMN = layout.label_column(list(LABELS))
FIRST = tuple(layout.wrap(label, COLUMN)[0] + "  " for label in LABELS)
REST = tuple(part + " " for label in LABELS for part in layout.wrap(label, COLUMN)[1:])


@pytest.mark.parametrize("width", [20, 24, 28, 33, 40, 50, 60, 80, 120, 400])
@pytest.mark.parametrize("fmt", ["plain", "rich"])
def test_the_card_keeps_its_hanging_indent(fmt: str, width: int) -> None:
    out = shown(run("card", "-f", fmt, "--width", str(width), "--color", "never"))
    fields = out.split("\n\n")[1].splitlines()  # the labelled lines, after the title
    assert fields[0].startswith(LABELS[0])
    stacked = not fields[0].startswith(FIRST[0])  # too narrow for columns: each label above its text
    starts = LABELS if stacked else FIRST
    for line in fields:
        assert line.startswith(starts) or line.startswith("  ") or line.startswith(REST), (width, line)
    assert sum(line.startswith(starts) for line in fields) == len(LABELS)


def test_a_long_label_wraps_beside_its_text_instead_of_narrowing_every_row() -> None:
    """The card's "Use with caution" wraps at its spaces; the texts keep the width they had (issue #19)."""
    assert max(len(label) for label in LABELS) > layout.LABEL_MAX == COLUMN
    out = shown(run("card", "-f", "plain", "--width", "80", "--color", "never"))
    rows = out.split("\n\n")[1].splitlines()
    assert all(line[COLUMN : COLUMN + 2] == "  " for line in rows), "one column for every label"
    at = next(i for i, line in enumerate(rows) if line.startswith("Use with "))
    assert rows[at + 1].startswith("caution ")


def test_wrapping_keeps_urls_whole_and_brackets_with_their_word() -> None:
    url = "https://example.org/a/very/long/path/that/is/longer/than/the/line"
    lines = layout.wrap(f"See the page at {url} for more", 20)
    assert url in lines and all(len(line) <= 20 for line in lines if line != url)
    text = layout.glued("It is true.", "[1, 5, 6]")
    lines = [line.replace(layout.NBSP, " ") for line in layout.wrap(text, 14)]
    assert lines == ["It is", "true. [1, 5, 6]"]
    assert layout.wrap("a supercalifragilistic word", 10) == ["a", "supercalif", "ragilistic", "word"]


# Issue #20 point 7: `compare` at every width from 20 to 200 columns, with one, two and every comparator. The
# matrix alone is drawn (the prose around it is covered above), straight from the Document: a width a test.
COMPARED = {"one": ["flexeril"], "two": ["zanaflex", "robaxin"], "all": []}
GROUP_OPENED = re.compile(r"\[\d+(?:, \d+)*")  # a citation group from its "[" on, as far as it goes on its line
GROUP_CLOSED = re.compile(r"\d+(?:, \d+)*\]")  # one from its last number back, as far as it goes on its line


def split_groups(text: str) -> list[str]:
    """Lines where a citation group is broken: opened and not closed on its line, or closed without its "["."""
    lines = shown(text).replace(layout.NBSP, " ").splitlines()  # a Markdown cell holds its groups with no-break spaces
    opened = [line for line in lines for m in GROUP_OPENED.finditer(line) if line[m.end() : m.end() + 1] != "]"]
    closed = [line for line in lines for m in GROUP_CLOSED.finditer(line) if line[m.start() - 1 : m.start()] != "["]
    return opened + closed


def side_by_side_labels(text: str) -> list[str] | None:
    """The row labels of a side-by-side table, each rebuilt from its lines in the label column (the columns start
    where the header's first item does); None when the comparison is drawn as rows."""
    lines = shown(text).splitlines()
    rule = next((n for n, line in enumerate(lines) if n and set(line) == {"─"} and lines[n - 1].startswith(" ")), 0)
    if not rule:
        return None
    edge = len(lines[rule - 1]) - len(lines[rule - 1].lstrip())
    labels, words = [], []
    for line in [*lines[rule + 1 :], ""]:
        if line.strip():
            words.append(line[:edge].strip())
        elif words:
            labels.append(" ".join(w for w in words if w))
            words = []
    return labels


def _matrix_only(names: list[str]) -> Document:
    document = views.compare(MONOGRAPH, names)
    return Document(tuple(e for e in document.elements if isinstance(e, Matrix)), {})


def test_the_split_group_check_finds_what_it_is_for() -> None:
    assert split_groups("a warning [3, 4, 1\n   5]") and split_groups("schedule) [1\n4, 18]")
    assert split_groups("x [16, 11,     next column\n 17, 18]   y")
    assert not split_groups("a warning [3, 4, 15]   x [2]\n[1] FDA label §5.1")
    table = "               SOMA\n────────────────────\nContraindicat  a\nions           b\n\nDose           c\n"
    labels = side_by_side_labels(table)
    assert labels == ["Contraindicat ions", "Dose"]


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize("compared", COMPARED)
def test_compare_never_splits_a_citation_group_or_a_row_label(compared: str, fmt: str) -> None:
    document = _matrix_only(COMPARED[compared])
    matrix = document.elements[0]
    assert isinstance(matrix, Matrix)
    titles = [title for title, _ in matrix.rows]
    layouts = set()
    # Every width; but every third for Rich's rows of all nine drugs, the slowest case (about 35 ms a width), whose
    # layout is only ever rows: the side-by-side cases, where the widths are shared out, get every width.
    for width in range(20, 201, 1 if fmt != "rich" or matrix.side_by_side else 3):
        out = terminal.render(document, terminal.Output(fmt, width, Style(width, None)))
        assert not split_groups(out), (width, split_groups(out)[:2])
        labels = side_by_side_labels(out) if fmt == "rich" else None
        layouts.add(labels is not None)
        if labels is not None:
            assert labels == titles, width
            assert not too_wide(out, width, fmt), width
        else:  # each title on lines of its own, broken only between words
            assert all(title in " ".join(shown(out).split()) for title in titles), width
    if fmt == "rich" and matrix.side_by_side:
        assert layouts == {True, False}  # side by side when wide, rows below some width


def test_a_table_cell_breaks_a_held_unit_before_its_group_never_inside_it() -> None:
    """In a cell, which cannot run past its edge, "word [1, 2]" longer than the cell breaks before the group;
    a group longer than the cell breaks between two of its numbers, never inside one."""
    text = layout.glued("in adults", "[16, 11, 17, 18]")
    lines = [line.replace(layout.NBSP, " ").rstrip() for line in layout.wrap(text, 18, fold=True)]
    assert lines == ["in adults", "[16, 11, 17, 18]"]
    lines = [line.replace(layout.NBSP, " ").rstrip() for line in layout.wrap(text, 12, fold=True)]
    assert lines == ["in adults", "[16, 11,", "17, 18]"]
    assert layout.wrap(text, 18) == ["in", "adults\u00a0[16,\u00a011,\u00a017,\u00a018]"]  # prose: held, past the edge


def test_of_two_tables_as_tall_the_one_that_breaks_fewer_cells_wins() -> None:
    """Issue #20 point 10: at 40 columns the figures of a table ("1.2 ± 0.5") were broken in two while the long
    parameter names beside them wrapped anyway; the rows are as tall either way, so the figures stay whole."""
    names = ("Parameter (mean ± SD)", "Carisoprodol Cmax (µg/mL)", "Carisoprodol T½ (h)", "Meprobamate Tmax (h)")
    figures = [
        ("SOMA 250 mg", "1.2 ± 0.5", "1.7 ± 0.5", "3.6 ± 1.7"),
        ("SOMA 350 mg", "1.8 ± 1.0", "2.0 ± 0.5", "4.5 ± 1.9"),
    ]
    widths = layout.columns([names, *figures], 34)
    assert widths is not None and sum(widths) <= 34
    assert widths[1] >= len("1.2 ± 0.5") and widths[2] >= len("1.8 ± 1.0"), widths


@pytest.mark.parametrize("compared", ["one", "two"])
def test_at_200_columns_the_labels_take_no_more_than_their_longest(compared: str) -> None:
    """Issue #20 point 10: the label column had a fixed share (two parts in eight) of the width, a quarter of a
    200-column screen for labels of at most 28 characters; now the drugs' columns get the rest."""
    document = _matrix_only(COMPARED[compared])
    matrix = document.elements[0]
    assert isinstance(matrix, Matrix)
    out = terminal.render(document, terminal.Output("rich", 200, Style(200, None)))
    head = shown(out).splitlines()[0]
    assert len(head) - len(head.lstrip()) <= max(len(title) for title, _ in matrix.rows) + 3
    assert max(len(line) for line in shown(out).splitlines()) > 150  # and the drugs' columns use the width
