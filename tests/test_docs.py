"""The README says exactly what the program does: its examples are real output, its tables complete."""

from __future__ import annotations

import os
import re
import shlex

import pytest

from soma_info.cli import app
from soma_info.commands import COMMAND_OPTIONS, COMMANDS, OUTPUT_OPTIONS
from soma_info.exitcodes import MEANING, ExitCode

from .conftest import ROOT, invoke

README = ROOT / "README.md"
UPDATE = os.environ.get("SOMA_INFO_UPDATE_README") == "1"  # regenerate: SOMA_INFO_UPDATE_README=1 pytest
EXAMPLE = re.compile(r"^```console\n\$ (soma-info(?: [^\n]*)?)\n(.*?)^```$", re.M | re.S)


def _examples() -> list[tuple[str, str]]:
    return [(command, output) for command, output in EXAMPLE.findall(README.read_text(encoding="utf-8"))]


def test_the_readme_has_examples() -> None:
    assert len(_examples()) >= 2


@pytest.mark.parametrize(("command", "shown"), _examples(), ids=[c for c, _ in _examples()])
def test_readme_examples_are_real_output(command: str, shown: str) -> None:
    result = invoke(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    if UPDATE:
        text = README.read_text(encoding="utf-8")
        README.write_text(text.replace(f"$ {command}\n{shown}", f"$ {command}\n{result.stdout}"), encoding="utf-8")
        return
    assert shown == result.stdout


def test_no_placeholder_is_left() -> None:
    text = README.read_text(encoding="utf-8")
    assert "PLACEHOLDER" not in text and "BENCHMARK-RESULTS" not in text


def test_exactly_two_setup_commands_install_run_and_test() -> None:
    blocks = re.findall(r"^```(?:sh|bash|shell)\n(.*?)^```$", README.read_text(encoding="utf-8"), re.M | re.S)
    lines = [line for block in blocks for line in block.splitlines() if line and not line.startswith("#")]
    setup = [line for line in lines if "install" in line]
    assert len(setup) == 2
    assert "soma-info mechanism" in setup[0] and "--group" not in setup[0]
    assert "pytest" in setup[1] and "--group" not in setup[1]


@pytest.mark.parametrize("name", [*(c.name for c in COMMANDS), "--version", "python -m soma_info"])
def test_every_command_is_in_the_readme(name: str) -> None:
    assert f"`{name}" in README.read_text(encoding="utf-8") or f"soma-info {name}" in README.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", list(MEANING), ids=str)
def test_every_exit_code_is_documented(code: int) -> None:
    assert re.search(rf"^\| {code} \| ", README.read_text(encoding="utf-8"), re.M)


def test_the_exit_codes_are_distinct_and_each_has_a_meaning() -> None:
    codes = {name: value for name, value in vars(ExitCode).items() if name.isupper()}
    assert len(set(codes.values())) == len(codes) == 7
    assert set(codes.values()) == set(MEANING)


@pytest.mark.parametrize("command", app.registered_commands, ids=lambda c: str(c.name))
def test_every_command_has_help(command: object) -> None:
    assert getattr(command, "short_help", None)


def test_every_option_of_the_table_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for option in (*OUTPUT_OPTIONS, *COMMAND_OPTIONS):
        assert f"`{option.flags[0]}" in text or f"{option.flags[0]}" in text, option.flags


def test_every_option_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for option in ("--format", "--color", "--width", "--data", "--regex", "NO_COLOR", "FORCE_COLOR", "TERM=dumb",
                   "SOMA_INFO_DATA", "COLUMNS", "--install-completion", "--show-completion"):  # fmt: skip
        assert option in text, option
