"""Half-lives on the onset timeline (issue #11, item 7).

A half-life is the time the blood level takes to fall by half. Drawn as a bar from 0 to its value it reads as
"gone by then", which it is not: meprobamate's ~10 h half-life matters for the next morning and for alcohol.
These tests pin, from the data and in every format and width, that half-lives are a kind of row of their own,
listed under a heading that says what they are, never drawn as a bar after the dose, with the note beneath them
and the note's sources.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from soma_info import terminal, views
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import yamlfile
from soma_info.knowledge.model import HALF_LIFE, SPAN, Monograph, Source, TimelineRow
from soma_info.render.document import Style, Timeline

from .conftest import FIXTURE, PYTHON, SHIPPED, invoke, subprocess_env

SHIPPED_MONOGRAPH = yamlfile.load(str(SHIPPED))
HALF_LIVES = [row for row in SHIPPED_MONOGRAPH.timeline if row.kind == HALF_LIFE]
NOTED = [row for row in HALF_LIVES if row.note]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Every cell a bar is drawn with, in plain text, ASCII and the styled layout (empty cells included).
BAR_CELLS = "=█░◆|·"
COMMANDS = ("onset", "card")
TEXT_FORMATS = ("plain", "markdown", "rich")
WIDTHS = (20, 40, 80, 200, 400)


def _flat(text: str) -> str:
    """One line, single spaces: a label or note that wraps at a narrow width reads as it does at a wide one."""
    return " ".join(ANSI.sub("", text).split())


def _shown(command: str, fmt: str, width: int) -> str:
    result = invoke(command, "-f", fmt, "--color", "never", "-w", str(width))
    assert result.exit_code == 0, result.stderr
    return result.stdout


CASES = [(c, f, w) for c in COMMANDS for f in TEXT_FORMATS for w in WIDTHS]
IDS = [f"{c}-{f}-w{w}" for c, f, w in CASES]


# ----------------------------------------------------------------------------- the data


def test_the_shipped_half_lives_are_their_own_kind_of_row() -> None:
    labels = {row.label.lower() for row in HALF_LIVES}
    assert {"carisoprodol half-life", "meprobamate half-life"} <= labels
    for row in SHIPPED_MONOGRAPH.timeline:
        named = "half-life" in row.label.lower()
        assert (row.kind == HALF_LIFE) == named, row.label
        assert row.kind in (SPAN, HALF_LIFE)
    for row in HALF_LIVES:  # the banned form: hours that could draw a bar from the dose
        assert (row.start, row.end, row.upto) == (None, None, None), row.label


def test_the_meprobamate_half_life_carries_the_build_up_note_with_its_sources() -> None:
    meprobamate = next(row for row in HALF_LIVES if "meprobamate" in row.label.lower())
    assert meprobamate.note is not None
    assert re.search(r"build(s|ing)? up|accumulat", meprobamate.note.text, re.IGNORECASE)
    assert meprobamate.note.cite, "the note must cite its sources"
    kinds = {SHIPPED_MONOGRAPH.source(c).kind for c in meprobamate.note.cite}
    assert "literature" in kinds, "the build-up statement rests on a published source, not on the label alone"


def test_a_half_life_never_becomes_a_bar_in_the_document() -> None:
    element = views.timeline(SHIPPED_MONOGRAPH, lambda cite: "")
    assert {bar.label for bar in element.bars}.isdisjoint(row.label for row in HALF_LIVES)
    assert [h.label for h in element.half_lives] == [row.label for row in HALF_LIVES]
    assert [n.text for n in element.notes] == [row.note.text for row in NOTED if row.note]
    assert "half" in element.heading.lower() and "not when the drug is gone" in element.heading


# ----------------------------------------------------------------------------- every format and width


@pytest.mark.parametrize(("command", "fmt", "width"), CASES, ids=IDS)
def test_no_half_life_is_drawn_as_a_bar(command: str, fmt: str, width: int) -> None:
    flat = _flat(_shown(command, fmt, width))
    for row in HALF_LIVES:
        # The banned form, at any width: the label followed by bar cells, as in "Meprobamate half-life ====".
        assert not re.search(re.escape(row.label) + r":?\s*[" + BAR_CELLS + "]", flat), row.label
        # What is shown instead: the label with its figure and where it comes from.
        assert re.search(re.escape(row.label) + r":? " + re.escape(f"{row.figure} ({row.basis})"), flat), row.label


@pytest.mark.parametrize(("command", "fmt", "width"), CASES, ids=IDS)
def test_the_half_lives_are_a_group_under_the_chart(command: str, fmt: str, width: int) -> None:
    out = _shown(command, fmt, width)
    flat = _flat(out).replace("*", "")  # Markdown bold around the heading
    heading = flat.find(views.HALF_LIFE_HEADING)
    assert heading >= 0, "the heading that says what a half-life is"
    spans = [row for row in SHIPPED_MONOGRAPH.timeline if row.kind == SPAN and row.start is not None]
    assert all(flat.find(row.label) < heading for row in spans), "the bars come first"
    assert all(flat.find(row.label, heading) > heading for row in HALF_LIVES), "the half-lives after the heading"
    group = out[out.find("Half-lives") :].split("\n\n")[0]
    assert not set(group) & set("=█░◆·"), "nothing in the group is drawn as a bar"


def _marker_after(flat: str, text: str) -> list[int]:
    found = re.search(re.escape(_flat(text)) + r" \[(\d+(?:, \d+)*)\]", flat)
    assert found, f"no citation after {text[:40]!r}"
    return [int(n) for n in found[1].split(", ")]


def _listed(flat: str, number: int, source: Source) -> bool:
    """The numbered source list (one line each, or the card's compact form grouped by label revision)."""
    return f"[{number}] {source.citation}" in flat or f"[{number}] §{source.section}" in flat


@pytest.mark.parametrize(("command", "fmt", "width"), CASES, ids=IDS)
def test_the_note_and_its_sources_are_shown_beneath_the_half_lives(command: str, fmt: str, width: int) -> None:
    flat = _flat(_shown(command, fmt, width))
    last = max(flat.find(row.label) for row in HALF_LIVES)
    for row in NOTED:
        assert row.note is not None
        at = flat.find(_flat(row.note.text))
        assert at > last, "the note is beneath the half-lives"
        numbers = _marker_after(flat, row.note.text)
        assert len(numbers) == len(row.note.cite)
        for number, source_id in zip(numbers, row.note.cite, strict=True):
            assert _listed(flat, number, SHIPPED_MONOGRAPH.source(source_id)), (number, source_id)


@pytest.mark.parametrize(("command", "fmt", "width"), [c for c in CASES if c[1] != "markdown"], ids=str)
def test_the_group_fits_the_width(command: str, fmt: str, width: int) -> None:
    lines = _shown(command, fmt, width).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Half-lives"))
    group = lines[start : lines.index("", start)]
    assert max(len(line) for line in group) <= width


@pytest.mark.parametrize("command", COMMANDS)
def test_json_carries_the_kind_and_the_note(command: str) -> None:
    rows = json.loads(_shown(command, "json", 80))["timeline"]
    assert [row["kind"] for row in rows] == [row.kind for row in SHIPPED_MONOGRAPH.timeline]
    for shown, row in zip(rows, SHIPPED_MONOGRAPH.timeline, strict=True):
        if row.kind == HALF_LIFE:
            assert (shown["start"], shown["end"], shown["upto"]) == (None, None, None)
        expected = {"text": row.note.text, "cite": list(row.note.cite)} if row.note else None
        assert shown["note"] == expected


def test_the_styled_group_is_ascii_in_an_ascii_locale() -> None:
    out = subprocess.run([PYTHON, "-m", "soma_info", "card", "--color", "always", "-w", "80"], capture_output=True,
                         env=subprocess_env(PYTHONIOENCODING="ascii"), check=True)  # fmt: skip
    shown = _flat(out.stdout.decode("ascii"))
    assert views.HALF_LIFE_HEADING in shown
    for row in HALF_LIVES:
        assert not re.search(re.escape(row.label) + r"\s*[=|]", shown)


# ----------------------------------------------------------------------------- the schema


def _edit_shipped(tmp_path: Path, row: TimelineRow, replacement: str) -> str:
    """The shipped file with one half-life row rewritten, as a data editor might."""
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index(f"  - label: {row.label}\n", text.index("\ntimeline:"))
    end = text.find("\n  - label:", start + 1)
    end = text.index("\ninteractions:", start) if end < 0 or end > text.index("\ninteractions:", start) else end
    path = tmp_path / "edited.yaml"
    path.write_text(text[:start] + replacement + text[end + 1 :], encoding="utf-8")
    return str(path)


BANNED = {
    "the old bar from 0": '  - label: {label}\n    start: "0"\n    end: "{hours}"\n',
    "a bar with its kind": '  - label: {label}\n    kind: half-life\n    start: "0"\n    end: "{hours}"\n',
    "an unknown kind": "  - label: {label}\n    kind: elimination\n",
}


@pytest.mark.parametrize("row", HALF_LIVES, ids=[row.label for row in HALF_LIVES])
@pytest.mark.parametrize("form", BANNED)
def test_the_schema_refuses_a_half_life_drawn_from_the_dose(tmp_path: Path, row: TimelineRow, form: str) -> None:
    hours = re.search(r"\d+(\.\d+)?", row.figure)
    head = BANNED[form].format(label=row.label, hours=hours[0] if hours else "10")
    rest = f"    figure: {row.figure}\n    basis: {row.basis}\n    cite: [{', '.join(row.cite)}]\n"
    if row.note:  # keep the note (and so every source) cited
        rest += f"    note:\n      text: {json.dumps(row.note.text)}\n      cite: [{', '.join(row.note.cite)}]\n"
    result = invoke("validate", _edit_shipped(tmp_path, row, head + rest))
    assert result.exit_code == ExitCode.DATA
    assert re.search(r"half-life|kind 'elimination'", result.stderr), result.stderr


def test_the_shipped_file_and_the_fixture_validate(mini: Monograph) -> None:
    for path in (SHIPPED, FIXTURE):
        assert invoke("validate", str(path)).exit_code == 0
    assert [row.kind for row in mini.timeline].count(HALF_LIFE) == 1


def test_a_file_with_only_half_lives_still_renders(mini: Monograph) -> None:
    only = mini._replace(timeline=tuple(row for row in mini.timeline if row.kind == HALF_LIFE))
    element = views.timeline(only, lambda cite: "")
    assert isinstance(element, Timeline) and not element.bars
    for fmt in ("plain", "markdown", "rich"):
        out = terminal.render(views.card(only), terminal.Output(fmt, 60, Style(60, None)))
        assert views.HALF_LIFE_HEADING.split(";")[0] in _flat(out).replace("*", "")
        assert not re.search(r"^ *0 h +\d", out, re.MULTILINE), "no axis without a bar to draw"


def test_the_knowledge_file_says_which_section_draws_the_timeline(tmp_path: Path) -> None:
    """timeline_in names the section; without it, onset does, as before the key existed (the card always does)."""
    shipped = views.section(yamlfile.load(str(SHIPPED)), yamlfile.load(str(SHIPPED)).section("onset"))
    assert any(isinstance(e, Timeline) for e in shipped.elements) and "timeline" in shipped.data
    text = FIXTURE.read_text(encoding="utf-8")
    moved = tmp_path / "moved.yaml"
    moved.write_text(text.replace("timeline_in: onset", "timeline_in: dosage"), encoding="utf-8")
    monograph = yamlfile.load(str(moved))
    for key, drawn in (("onset", False), ("dosage", True)):
        document = views.section(monograph, monograph.section(key))
        assert any(isinstance(e, Timeline) for e in document.elements) is drawn, key
    unsaid = tmp_path / "unsaid.yaml"
    unsaid.write_text(text.replace("timeline_in: onset\n", ""), encoding="utf-8")
    monograph = yamlfile.load(str(unsaid))
    shown_in = [
        s.key for s in monograph.sections if any(isinstance(e, Timeline) for e in views.section(monograph, s).elements)
    ]
    assert shown_in == ["onset"] and monograph.timeline_in == "onset"
    assert any(isinstance(e, Timeline) for e in views.card(monograph).elements)


def test_validate_refuses_a_timeline_in_that_names_no_section(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8").replace("timeline_in: onset", "timeline_in: onsett"))
    result = invoke("validate", str(path))
    assert result.exit_code == ExitCode.DATA and "'onsett', which is not a section key" in result.stderr
