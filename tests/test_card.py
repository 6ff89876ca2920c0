"""The drug card, the onset timeline, the pager and --with completion (the check itself: test_interactions)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from soma_info import fast, terminal
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import yamlfile

from .conftest import FIXTURE, FORMATS, PYTHON, SHIPPED, invoke, program, read_until_closed, subprocess_env

SHIPPED_MONOGRAPH = yamlfile.load(str(SHIPPED))
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# ----------------------------------------------------------------------------- the card


@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_the_card_fits_80_by_40_with_the_prompt_and_the_notice(fmt: str) -> None:
    """38 lines at most: with the prompt above and below, the card opens no pager on an 80x40 screen (#20)."""
    result = invoke("card", "-f", fmt, "--width", "80", "--color", "never")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.rstrip("\n").split("\n")
    assert len(lines) <= 38, f"{len(lines)} lines"
    assert max(len(line) for line in lines) <= 80
    assert "Poison Control Center" in lines[-2] + lines[-1] + (lines[-3] if len(lines) > 2 else "")
    assert not terminal.wants_pager(None, result.stdout, {"LINES": "40"}, FakeTerminal())  # type: ignore[arg-type]


@pytest.mark.parametrize("width", [40, 60, 80, 100])
@pytest.mark.parametrize("fmt", ["rich", "plain"])
def test_no_source_number_ends_a_line_of_the_card(fmt: str, width: int) -> None:
    """Each "[6]" stays on the line of the section it numbers ("§12.1"), even inside a group of sections."""
    out = invoke("card", "-f", fmt, "--width", str(width), "--color", "never").stdout
    sources = out[out.index("Sources:") : out.index("Notice")]
    assert not re.search(r"\[\d+\]\s*$", sources, re.MULTILINE), sources
    assert re.search(r"\[\d+\] §\d", " ".join(sources.split()))


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
    ("choice", "lines", "env", "expected"),
    [(None, "10", {}, True), (None, "5000", {}, False), (True, "5000", {}, True), (False, "10", {}, False),
     (None, "10", {"SOMA_INFO_PAGER": ""}, False), (None, "10", {"PAGER": "cat"}, False),
     (True, "10", {"SOMA_INFO_PAGER": " cat "}, False), (None, "10", {"SOMA_INFO_PAGER": "more", "PAGER": ""}, True)],
)  # fmt: skip
def test_when_the_pager_is_used(choice: bool | None, lines: str, env: dict[str, str], expected: bool) -> None:
    text = "line\n" * 100
    assert terminal.wants_pager(choice, text, {"LINES": lines, **env}, FakeTerminal()) is expected  # type: ignore[arg-type]


def test_the_pager_is_chosen_as_git_chooses_it() -> None:
    assert terminal.pager_command({}) == "less"
    assert terminal.pager_command({"PAGER": "most"}) == "most"
    assert terminal.pager_command({"SOMA_INFO_PAGER": "more", "PAGER": "most"}) == "more"
    assert terminal.pager_command({"SOMA_INFO_PAGER": "", "PAGER": "most"}) is None


def test_never_a_pager_when_piped() -> None:
    assert invoke("all", "--pager", env={"PAGER": "false"}).exit_code == 0


def test_the_pager_gets_the_text(tmp_path: Path) -> None:
    out = tmp_path / "paged.txt"
    assert terminal.page("hello µg\n", {"PAGER": f"cat > {out}"}, FakeTerminal())  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "hello µg\n"


@pytest.mark.parametrize("pager", ["no-such-pager-anywhere", "no-such-pager-anywhere -R", "no-such-pager-anywhere 'x'"])
def test_a_pager_that_cannot_start_falls_back_to_printing(pager: str) -> None:
    """Run directly (no file) or by the shell (exit 127): nothing was shown, so the caller writes the text."""
    assert not terminal.page("x\n", {"PAGER": pager}, FakeTerminal())  # type: ignore[arg-type]


@pytest.mark.parametrize("pager", ["false", "sh -c 'exit 3'", "head -c 1 >/dev/null"])
def test_a_pager_that_ran_is_never_followed_by_the_text(pager: str) -> None:
    """Once a pager has run, whatever its exit status, writing the text again would print it twice."""
    assert terminal.page("x\n" * 100_000, {"PAGER": pager}, FakeTerminal())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "less", "given"),
    [("less", None, "FRX"), ("less", "-i", "-i -R"), ("less", "", "-R"), ("less", "-iR", "-iR"), ("less", "FRX", "FRX"),
     ("less", "--RAW-CONTROL-CHARS", "--RAW-CONTROL-CHARS"), ("less", "-r", "-r"), ("less", "-x4", "-x4 -R"),
     ("/usr/bin/less -S", "-i", "-i -R"), ("more", "-i", "-i"), ("most", None, "FRX")],
)  # fmt: skip
def test_less_is_told_to_show_colour(command: str, less: str | None, given: str) -> None:
    env = {} if less is None else {"LESS": less}
    assert terminal.pager_environment(command, "\x1b[1mSOMA\x1b[0m\n", env)["LESS"] == given
    assert terminal.pager_environment(command, "SOMA\n", env)["LESS"] == ("FRX" if less is None else less)


@pytest.mark.parametrize(
    ("command", "argv"),
    [("less", ["less"]), ("less -R -S", ["less", "-R", "-S"]),
     ("sh -c 'echo x; cat'", ["/bin/sh", "-c", "trap : INT\nsh -c 'echo x; cat'"]),
     ("LESS=-R less", ["/bin/sh", "-c", "trap : INT\nLESS=-R less"])],
)  # fmt: skip
def test_a_pager_runs_directly_unless_it_needs_the_shell(command: str, argv: list[str]) -> None:
    assert terminal.pager_argv(command) == argv


def _on_a_terminal(args: list[str], **env: str) -> tuple[int, str]:
    """Run the real program on a pseudo-terminal 24 rows high; the exit code and what the terminal showed."""
    primary, secondary = os.openpty()
    environment = subprocess_env(**{"LINES": "24", "COLUMNS": "80", "TERM": "xterm", **env})
    proc = subprocess.Popen([PYTHON, "-m", "soma_info", *args], stdin=secondary, stdout=secondary,
                            stderr=secondary, env=environment)  # fmt: skip
    os.close(secondary)
    shown = read_until_closed(primary)
    return proc.wait(timeout=60), ANSI.sub("", shown.decode("utf-8", "replace"))


PAGER = "sh -c 'echo PAGED-BY-THE-PAGER; cat'"


@pytest.mark.parametrize("args", [["all"], ["onset"], ["claims"], ["search", "alcohol"]])
def test_a_tall_output_on_a_terminal_opens_the_pager(args: list[str]) -> None:
    code, shown = _on_a_terminal(args, SOMA_INFO_PAGER=PAGER)
    assert code == 0 and "PAGED-BY-THE-PAGER" in shown and "Poison Control Center" in shown


@pytest.mark.parametrize("args", [["dosage", "--brief"], ["--version"], ["contraindications", "-b"]])
def test_a_short_output_on_a_terminal_does_not(args: list[str]) -> None:
    code, shown = _on_a_terminal(args, SOMA_INFO_PAGER=PAGER, LINES="200")
    assert code == 0 and "PAGED-BY-THE-PAGER" not in shown


@pytest.mark.parametrize(
    ("args", "paged"),
    [(["schema"], True), (["--help"], True), (["help", "interactions"], True), (["validate"], False),
     (["validate", "--pager"], True), (["schema", "--no-pager"], False), (["--no-pager", "--help"], False)],
)  # fmt: skip
def test_tall_help_and_schema_page_like_every_other_output(args: list[str], paged: bool) -> None:
    """The schema (855 lines) and help (51) scroll past otherwise; validate's one line pages only when asked."""
    code, shown = _on_a_terminal(args, SOMA_INFO_PAGER=PAGER, LINES="5")
    assert code == 0 and ("PAGED-BY-THE-PAGER" in shown) is paged


def test_no_pager_and_an_empty_pager_variable_keep_it_off() -> None:
    assert "PAGED-BY-THE-PAGER" not in _on_a_terminal(["all", "--no-pager"], SOMA_INFO_PAGER=PAGER)[1]
    code, shown = _on_a_terminal(["all"], SOMA_INFO_PAGER="", PAGER=PAGER)
    assert code == 0 and "PAGED-BY-THE-PAGER" not in shown and "Poison Control Center" in shown


def test_a_failing_pager_falls_back_to_the_plain_text_on_a_terminal() -> None:
    code, shown = _on_a_terminal(["all"], SOMA_INFO_PAGER="no-such-pager-anywhere")
    assert code == 0 and "Poison Control Center" in shown and "Traceback" not in shown


def test_piped_output_never_pages(tmp_path: Path) -> None:
    out = subprocess.run([PYTHON, "-m", "soma_info", "all", "--pager"], capture_output=True, check=True,
                         env=subprocess_env(SOMA_INFO_PAGER=PAGER))  # fmt: skip
    assert b"PAGED-BY-THE-PAGER" not in out.stdout


# ----------------------------------------------------------------------------- completion of --with


def test_with_names_complete_through_the_completion_variables() -> None:
    result = program(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info interactions --with omep",
                         "COMP_CWORD": "3"})  # fmt: skip
    assert "omeprazole" in result.stdout.split()


def test_ctrl_c_while_paging_is_the_pagers_and_the_handler_comes_back(tmp_path: Path) -> None:
    """Ctrl-C reaches the pager and this process alike: it must not kill this process and leave the pager
    drawing on the shell's terminal. The pager itself keeps the default handling, this process ends as an
    interrupted one once the pager has, and its own handler is back. (The real thing: tests/test_pager.py.)"""
    status = tmp_path / "status"
    program = (
        "import signal, sys\n"
        "from soma_info import terminal\n"
        "before = signal.getsignal(signal.SIGINT)\n"
        f"pager = 'grep SigIgn /proc/$$/status > {status}; kill -INT $PPID; cat > /dev/null'\n"
        "try:\n"
        "    terminal.page('text\\n', {'PAGER': pager}, sys.stdout)\n"
        "except terminal.Interrupted:\n"
        "    print('interrupted', signal.getsignal(signal.SIGINT) is before)\n"
    )
    result = subprocess.run([PYTHON, "-c", program], capture_output=True, text=True, env=subprocess_env(), timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["interrupted", "True"]
    ignored = int(status.read_text().split()[1], 16)
    assert not ignored & (1 << 1), "the pager must not inherit an ignored SIGINT"  # bit 1 is signal 2, SIGINT
