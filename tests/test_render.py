"""Layout: golden files for every format, text printed as written, widths, colours and encodings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from soma_info import terminal, views
from soma_info.knowledge.model import Monograph, Statement
from soma_info.knowledge.sections import CANONICAL_KEYS
from soma_info.render.document import Document, Style

from .conftest import FIXTURE, SHIPPED, TESTS, invoke
from .test_layout import too_wide

GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("SOMA_INFO_UPDATE_GOLDEN") == "1"  # regenerate: SOMA_INFO_UPDATE_GOLDEN=1 pytest

CASES = {
    "mechanism.plain.txt": ["mechanism", "-f", "plain"],
    "mechanism.plain-w40.txt": ["mechanism", "-f", "plain", "-w", "40"],
    "mechanism.md": ["mechanism", "-f", "markdown"],
    "mechanism.json": ["mechanism", "-f", "json"],
    "mechanism.rich-w80.txt": ["mechanism", "-f", "rich", "--color", "never", "-w", "80"],
    "mechanism.ansi-w60.txt": ["mechanism", "--color", "always", "-w", "60"],
    "sections.plain.txt": ["sections"],
    "sections.rich-w100.txt": ["sections", "-f", "rich", "--color", "never"],
    "search.plain.txt": ["search", "alcohol", "-f", "plain"],
}
# Issue #13: the layout of the listings and of the views whose layout is hardest (citation-heavy bullets, tables,
# the timeline, the one-screen card), from the shipped file, at 40, 80 and 200 columns.
LAYOUT_VIEWS = ("sections", "sources", "claims", "onset", "card")
for _view in LAYOUT_VIEWS:
    for _width in ("40", "80", "200"):
        CASES[f"{_view}.plain-w{_width}.txt"] = [_view, "-f", "plain", "-w", _width, "--data", str(SHIPPED)]
        CASES[f"{_view}.rich-w{_width}.txt"] = [_view, "-f", "rich", "--color", "never", "-w", _width, "--data",
                                                str(SHIPPED)]  # fmt: skip
        if _view != "sections":  # a Markdown table is not wrapped: one file shows it
            CASES[f"{_view}.md-w{_width}.md"] = [_view, "-f", "markdown", "-w", _width, "--data", str(SHIPPED)]
CASES["sections.md"] = ["sections", "-f", "markdown", "--data", str(SHIPPED)]
for _width in ("40", "80", "200"):  # the --brief view (#13)
    CASES[f"dosage-brief.plain-w{_width}.txt"] = ["dosage", "--brief", "-f", "plain", "-w", _width, "--data",
                                                  str(SHIPPED)]  # fmt: skip
    CASES[f"dosage-brief.rich-w{_width}.txt"] = ["dosage", "--brief", "-f", "rich", "--color", "never", "-w", _width,
                                                 "--data", str(SHIPPED)]  # fmt: skip

# Issue #20: `compare` with one, two and every comparator, side by side where the width allows, else as rows.
COMPARE = {"compare-one": ["flexeril"], "compare-two": ["zanaflex", "robaxin"], "compare-all": []}
for _name, _drugs in COMPARE.items():
    for _width in ("40", "80", "200"):
        _args = ["compare", *_drugs, "-w", _width, "--data", str(SHIPPED)]
        CASES[f"{_name}.plain-w{_width}.txt"] = [*_args, "-f", "plain"]
        CASES[f"{_name}.rich-w{_width}.txt"] = [*_args, "-f", "rich", "--color", "never"]
        CASES[f"{_name}.md-w{_width}.md"] = [*_args, "-f", "markdown"]


@pytest.mark.parametrize("name", CASES)
def test_layout_matches_the_golden_file(name: str) -> None:
    args = CASES[name]
    result = invoke(*args, *([] if "--data" in args else ["--data", str(FIXTURE)]))
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def _render(document: Document, fmt: str, width: int | None = None, **style: object) -> str:
    output = terminal.Output(fmt, width, Style(width or 80, **{"color_system": None, **style}))  # type: ignore[arg-type]
    return terminal.render(document, output)


MARKUP = "Reported [see Warnings and Precautions (5.1)], [bold]not bold[/bold], [/] and 10 mg/kg."


@pytest.mark.parametrize("fmt", ["rich", "plain", "markdown", "json"])
def test_text_is_printed_as_written_not_as_markup(mini: Monograph, fmt: str) -> None:
    section = mini.section("dosage")._replace(summary=MARKUP)
    body = (Statement(MARKUP, ("label-1",)),)
    document = views.section(mini, section._replace(body=body))
    out = _render(document, fmt, 200, color_system=None)
    expected = MARKUP.replace("*", "\\*") if fmt == "markdown" else MARKUP
    if fmt == "json":
        assert '"text": "' + MARKUP in out
    else:
        assert expected.replace("[bold]", "[bold]") in out.replace("\\[", "[").replace("\\]", "]")


def test_the_styled_layout_never_asks_the_real_terminal(mini: Monograph, monkeypatch: pytest.MonkeyPatch) -> None:
    """Width and colours come from the caller; the layout must not depend on the terminal it runs in."""

    def refuse(*args: object) -> os.terminal_size:
        raise AssertionError("the renderer asked the terminal for its size")

    monkeypatch.setattr(os, "get_terminal_size", refuse)
    for section in mini.sections:
        assert "Notice" in _render(views.section(mini, section), "rich", 60, color_system="standard")
    assert "Notice" in _render(views.card(mini), "rich", 60, color_system="standard")


def test_numbers_are_not_highlighted_when_colour_is_on(mini: Monograph) -> None:
    out = _render(views.section(mini, mini.section("dosage")), "rich", 200, color_system="truecolor")
    assert "350 mg" in out  # no escape code inside the dose


def test_piped_plain_output_keeps_one_line_per_paragraph(mini: Monograph) -> None:
    long_text = "word " * 120
    section = mini.section("dosage")
    document = views.section(mini, section._replace(body=(Statement(long_text.strip(), ("label-1",)),)))
    lines = _render(document, "plain").splitlines()
    assert any(line.startswith("word word") and len(line) > 500 for line in lines)


@pytest.mark.parametrize("width", [20, 33, 80, 150, 400])
@pytest.mark.parametrize("fmt", ["plain", "markdown", "rich"])
def test_no_line_is_wider_than_the_width(width: int, fmt: str) -> None:
    for key in CANONICAL_KEYS:
        result = invoke(key, "-f", fmt, "--width", str(width), "--color", "never")
        assert result.exit_code == 0
        wide = too_wide(result.stdout, width, fmt)  # but a URL, or a word held to its citation, is never split
        assert not wide, (key, wide[:2])


@pytest.mark.parametrize(
    ("env", "escapes"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"NO_COLOR": "1"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, "bold-only"),
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, False),
    ],
)
def test_colour_environment_variables(env: dict[str, str], escapes: object) -> None:
    out = invoke("mechanism", env=env).stdout
    if escapes is True:
        assert "\x1b[36m" in out or "\x1b[33m" in out
    elif escapes == "bold-only":
        assert "\x1b[1m" in out and "\x1b[33m" not in out and "\x1b[36m" not in out
    else:
        assert "\x1b" not in out


def test_force_color_picks_the_styled_layout_when_piped() -> None:
    assert "Notice" in invoke("mechanism", env={"FORCE_COLOR": "1"}).stdout.split("╭─")[-1]
    assert "Notice: " in invoke("mechanism").stdout


def test_color_never_draws_the_layout_without_escape_codes() -> None:
    out = invoke("mechanism", "-f", "rich", "--color", "never").stdout
    assert "╭─ Notice" in out and "\x1b" not in out


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_ascii_or_latin1_terminal_gets_look_alikes_not_a_crash(mini: Monograph, encoding: str) -> None:
    document = views.section(mini, mini.section("mechanism"))
    for fmt in ("rich", "plain", "markdown", "json"):
        text = terminal.fit(_render(document, fmt, 80, color_system=None, encoding=encoding), encoding)
        text.encode(encoding)
        assert "+/-" in text or "±" in text


def test_golden_files_exist_only_for_cases() -> None:
    assert {p.name for p in GOLDEN.iterdir()} == set(CASES)


def test_goldens_are_utf8_text() -> None:
    for path in Path(GOLDEN).iterdir():
        path.read_text(encoding="utf-8")
