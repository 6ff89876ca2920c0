"""The drug card, the onset timeline, the pager and --with completion (the check itself: test_interactions)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from soma_info import fast, knowledge, terminal
from soma_info.exitcodes import ExitCode

from .conftest import FIXTURE, FORMATS, PYTHON, SHIPPED, invoke, subprocess_env

SHIPPED_MONOGRAPH = knowledge.load(str(SHIPPED))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# ----------------------------------------------------------------------------- the card


@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_the_card_fits_80_by_40_with_the_notice(fmt: str) -> None:
    result = invoke("card", "-f", fmt, "--width", "80", "--color", "never")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) <= 40, f"{len(lines)} lines"
    assert max(len(line) for line in lines) <= 80
    assert "Poison Control Center" in lines[-2] + lines[-1] + (lines[-3] if len(lines) > 2 else "")


@pytest.mark.parametrize(
    "fact",
    ["carisoprodol", "SOMA", "Schedule IV", "acute, painful musculoskeletal", "250", "350", "three times a day",
     "2–3 weeks", "porphyria", "meprobamate", "drowsiness", "13", "17", "alcohol", "CYP2C19", "1.5–2 h"],
)  # fmt: skip
def test_the_card_carries_the_essentials(fact: str) -> None:
    out = invoke("card", "-f", "plain").stdout
    assert fact.lower() in out.lower()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_card_in_every_format_ends_with_the_notice(fmt: str) -> None:
    out = invoke("card", "-f", fmt).stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["notice"] == SHIPPED_MONOGRAPH.notice
        assert [line["label"] for line in data["card"]] == [line.label for line in SHIPPED_MONOGRAPH.card]
    else:
        assert "Notice" in out.split("Sources")[-1]


def test_the_card_as_markdown_is_ready_to_paste() -> None:
    out = invoke("card", "-f", "markdown").stdout
    assert out.startswith("# SOMA (carisoprodol): drug card\n")
    assert "\n```text\n" in out and "> **Notice:**" in out


def test_a_file_without_a_card_says_so(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8").split("card:\n")[0]
    path = tmp_path / "nocard.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke("card", "--data", str(path))
    assert result.exit_code == ExitCode.DATA and "has no card" in result.stderr
    errors = io.StringIO()
    assert fast.run(["card", "--data", str(path)], {}, io.StringIO(), errors) == ExitCode.DATA
    assert errors.getvalue() == result.stderr  # one author: execute, whichever front end read the arguments


# ----------------------------------------------------------------------------- the timeline


def test_the_timeline_is_read_from_the_data(tmp_path: Path) -> None:
    before = invoke("onset", "-f", "plain", "--data", str(FIXTURE)).stdout
    assert "Peak plasma level      ==   " in before and "1.5–2 h (current label)" in before
    moved = FIXTURE.read_text(encoding="utf-8").replace('start: "1.5"\n    end: "2"', 'start: "7"\n    end: "9"')
    path = tmp_path / "moved.yaml"
    path.write_text(moved.replace("figure: 1.5–2 h", "figure: 7–9 h"), encoding="utf-8")
    after = invoke("onset", "-f", "plain", "--data", str(path)).stdout
    row = next(line for line in after.splitlines() if line.startswith("Peak plasma level"))
    assert row.index("=") == len("Peak plasma level  ") + 21 and "7–9 h (current label)" in row


@pytest.mark.parametrize(
    ("label", "figure", "basis"),
    [(r.label, r.figure, r.basis) for r in SHIPPED_MONOGRAPH.timeline],
)
def test_every_timeline_row_shows_its_figure_and_basis(label: str, figure: str, basis: str) -> None:
    for args in (["onset"], ["card"]):
        out = invoke(*args, "-f", "plain").stdout
        at = out.index("\n" + label + "  ")  # the timeline row, not a heading that starts with the same word
        row = " ".join(out[at:].split("\n\n")[0].split())  # a caption may wrap onto the next line
        assert figure in row and f"({basis})" in row


def test_the_shipped_timeline_covers_the_issue() -> None:
    labels = " ".join(r.label.lower() for r in SHIPPED_MONOGRAPH.timeline)
    for word in ("onset", "peak", "duration", "carisoprodol half-life", "meprobamate half-life"):
        assert word in labels
    bases = {r.basis for r in SHIPPED_MONOGRAPH.timeline}
    assert any(b == "label" for b in bases) and any("older" in b for b in bases)


@pytest.mark.parametrize("encoding", ["ascii"])
def test_the_timeline_is_ascii_in_an_ascii_locale(encoding: str) -> None:
    out = subprocess.run([PYTHON, "-m", "soma_info", "onset", "--color", "always"], capture_output=True,
                         env=subprocess_env(PYTHONIOENCODING=encoding), check=True)  # fmt: skip
    shown = ANSI.sub("", out.stdout.decode("ascii"))
    assert "==" in shown and "█" not in shown


def test_the_styled_timeline_draws_blocks() -> None:
    out = ANSI.sub("", invoke("onset", "--color", "always", "-w", "100").stdout)
    assert "█" in out and "░" in out


# ----------------------------------------------------------------------------- the pager


class FakeTerminal:
    """A stdout that says it is a terminal of a given height."""

    encoding = "utf-8"

    def __init__(self) -> None:
        self.written = ""

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        raise OSError("no real terminal")

    def write(self, text: str) -> int:
        self.written += text
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize(
    ("choice", "automatic", "lines", "expected"),
    [(None, True, "10", True), (None, True, "5000", False), (None, False, "10", False), (True, False, "5000", True),
     (False, True, "10", False)],
)  # fmt: skip
def test_when_the_pager_is_used(choice: bool | None, automatic: bool, lines: str, expected: bool) -> None:
    text = "line\n" * 100
    assert terminal.wants_pager(choice, automatic, text, {"LINES": lines}, FakeTerminal()) is expected  # type: ignore[arg-type]


def test_never_a_pager_when_piped() -> None:
    assert invoke("all", "--pager", env={"PAGER": "false"}).exit_code == 0


def test_the_pager_gets_the_text(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    assert terminal.page("hello µg\n", {"PAGER": f"cat > {out}"}, FakeTerminal())  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "hello µg\n"


def test_a_missing_pager_falls_back_to_printing() -> None:
    assert not terminal.page("x\n", {"PAGER": "no-such-pager-anywhere"}, FakeTerminal())  # type: ignore[arg-type]


def test_all_on_a_terminal_goes_through_pager_cat(tmp_path: Path) -> None:
    """A real pseudo-terminal: `all` is taller than it, so PAGER=cat receives the whole monograph."""
    primary, secondary = os.openpty()
    env = subprocess_env(PAGER="cat", LINES="24", COLUMNS="80", TERM="xterm")
    proc = subprocess.Popen([PYTHON, "-m", "soma_info", "all"], stdin=secondary, stdout=secondary, stderr=secondary,
                            env=env)  # fmt: skip
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert proc.wait(timeout=60) == 0
    os.close(primary)
    shown = ANSI.sub("", b"".join(chunks).decode("utf-8", "replace"))
    assert "Claims" in shown and "Poison Control Center" in shown


# ----------------------------------------------------------------------------- completion of --with


def test_with_names_complete_through_the_completion_variables() -> None:
    result = invoke(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info interactions --with omep",
                         "COMP_CWORD": "3"})  # fmt: skip
    assert "omeprazole" in result.stdout.split()
