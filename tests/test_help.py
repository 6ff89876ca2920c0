"""Help that teaches: examples under every command, a quick start, `help COMMAND`, a man page, quiet completion."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from soma_info import __version__, manpage
from soma_info.commands import COMMANDS, quick_start
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import yamlfile
from soma_info.knowledge.sections import CANONICAL_KEYS

from .conftest import ROOT, SHIPPED, invoke, program

MONOGRAPH = yamlfile.load(str(SHIPPED))
EXAMPLES = [(c.name, e) for c in COMMANDS for e in c.examples]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_two_to_four_examples_under_its_help(command: object) -> None:
    examples = command.examples  # type: ignore[attr-defined]
    assert 2 <= len(examples) <= 4
    shown = invoke(command.name, "--help").stdout  # type: ignore[attr-defined]
    assert "Examples:" in shown
    assert all(example in shown for example in examples)


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_every_example_runs(name: str, example: str) -> None:
    result = invoke(*shlex.split(example)[1:])
    assert result.exit_code in (ExitCode.OK, ExitCode.NO_MATCH), result.stderr
    assert "Traceback" not in result.stderr


def test_bare_soma_info_is_a_quick_start_that_fits_80_by_24() -> None:
    result = invoke(env={"COLUMNS": "80"})
    assert result.exit_code == 0 and result.stdout == quick_start(80)
    lines = result.stdout.splitlines()
    assert len(lines) <= 24 and max(len(line) for line in lines) <= 80
    assert "soma-info help" in result.stdout and "man soma-info" in result.stdout
    assert "ask your doctor, pharmacist or other clinician" in " ".join(result.stdout.split())


@pytest.mark.parametrize("topic", ["search", "interactions", "card", "dosage", "moa", "Side_Effects"])
def test_help_command_is_the_same_as_dash_dash_help(topic: str) -> None:
    key = MONOGRAPH.resolve(topic).key if MONOGRAPH.resolve(topic) else topic  # type: ignore[union-attr]
    assert invoke("help", topic).stdout == invoke(key, "--help").stdout
    assert invoke("help").stdout == invoke("--help").stdout


def test_help_for_an_unknown_name_is_a_usage_error_with_a_suggestion() -> None:
    result = invoke("help", "serch")
    assert result.exit_code == ExitCode.USAGE and "Did you mean 'search'" in result.stderr


@pytest.mark.parametrize(("command", "usage"), [("search", "search [OPTIONS] QUERY..."),
                                                 ("interactions", "interactions [OPTIONS] [DRUG]..."),
                                                 ("validate", "validate [OPTIONS] [PATH]")])  # fmt: skip
def test_usage_lines_use_conventional_metavars(command: str, usage: str) -> None:
    shown = invoke(command, "--help").stdout
    assert f"Usage: soma-info {usage}" in shown
    assert "<list[str]>" not in shown and "{" not in shown.splitlines()[0]


def test_an_error_inside_a_command_names_that_command_s_help() -> None:
    result = invoke("search", "--bogus")
    assert result.exit_code == ExitCode.USAGE and "Try 'soma-info search --help'" in result.stderr
    compare = invoke("compare", "valium")
    assert "Try 'soma-info compare --help'" in compare.stderr


def test_multi_word_search_needs_no_quotes() -> None:
    unquoted = invoke("search", "poor", "metabolizers", "-f", "json")
    assert unquoted.exit_code == 0 and unquoted.stdout == invoke("search", "poor metabolizers", "-f", "json").stdout


def test_an_empty_search_in_json_is_an_object_with_no_results_on_stdout() -> None:
    import json

    result = invoke("search", "zzzqqxx", "-f", "json")
    assert result.exit_code == ExitCode.NO_MATCH
    data = json.loads(result.stdout)
    assert data["results"] == [] and data["notice"] == MONOGRAPH.notice


# ----------------------------------------------------------------------------- completion


def _complete(words: str, index: str = "1") -> list[str]:
    env = {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": index}
    return invoke(env=env).stdout.split()


def test_the_first_tab_offers_the_commands_and_sections_not_every_alias() -> None:
    offered = _complete("soma-info ")
    assert offered == [c.name for c in COMMANDS]
    assert len(offered) < 30


def test_an_alias_is_offered_only_when_no_command_or_section_matches() -> None:
    assert _complete("soma-info ov") == ["overview", "overdose"]
    assert "moa" in _complete("soma-info mo")


def test_did_you_mean_lists_each_section_once_under_its_own_name() -> None:
    result = invoke("side-efects")
    assert "Did you mean 'side-effects'?" in result.stderr
    assert "side-effect'" not in result.stderr and "adverse" not in result.stderr


# ----------------------------------------------------------------------------- the man page


def test_the_committed_man_page_is_current() -> None:
    page = (ROOT / "docs" / "soma-info.1").read_text(encoding="utf-8")
    assert page == manpage.render(MONOGRAPH, __version__), "run: python3 scripts/make_manpage.py"


def test_the_man_page_covers_the_table_and_the_sections() -> None:
    page = manpage.render(MONOGRAPH, __version__)
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "SECTIONS", "OPTIONS", "ENVIRONMENT",
                    "EXIT STATUS", "FILES", "EXAMPLES", "NOTICE"):  # fmt: skip
        assert f".SH {heading}\n" in page
    for section in MONOGRAPH.sections:
        assert f"\\fB{section.key.replace('-', chr(92) + '-')}\\fR" in page
        assert all(alias in page for alias in section.aliases)  # prose: a word's hyphens stay hyphens


def test_the_man_page_escapes_what_roff_needs_and_nothing_else() -> None:
    page = manpage.render(MONOGRAPH, __version__)
    assert "`" not in page and "\u2013" not in page and "\\(en" in page  # code is bold; en dashes are \(en
    assert "plain-language" in page and "plain\\-language" not in page  # a word's hyphen
    assert "\\fB\\-\\-format\\fR" in page and "\\fBsoma\\-info validate\\fR" in page  # flags, code: minus
    assert manpage._text(".x") == "\\&.x" and manpage._text("a\\b") == "a\\eb"


def test_the_man_page_examples_are_grouped_by_command_and_options_say_where_they_go() -> None:
    page = manpage.render(MONOGRAPH, __version__)
    examples = page.split(".SH EXAMPLES\n", 1)[1].split(".SH NOTICE", 1)[0]
    for command in COMMANDS:
        if command.name in CANONICAL_KEYS and command.name != "interactions":
            continue
        assert examples.count(command.summary.rstrip(".") + ":") == 1
        assert all(examples.count(manpage._literal(example) + "\\fR\n") == 1 for example in command.examples)
    assert "Output options are accepted before or after the command" in page
    assert ".SS Command options\nAccepted after their command only." in page
    assert "(With: search.)" in page and "(With: interactions.)" in page


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_the_man_page_renders_without_warnings() -> None:
    done = subprocess.run(["man", "--warnings", "-l", str(ROOT / "docs" / "soma-info.1")], capture_output=True,
                          text=True, env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "MANPAGER": "cat"},
                          check=False)  # fmt: skip
    assert done.returncode == 0 and done.stderr == ""
    assert "EXIT STATUS" in done.stdout and "soma-info" in done.stdout


INSTALLED_PAGE = os.path.join(sys.prefix, "share", "man", "man1", "soma-info.1")


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed (apt-get install man-db)")
@pytest.mark.skipif(not os.path.exists(INSTALLED_PAGE), reason="soma-info is not installed in this environment")
def test_man_soma_info_finds_the_page_while_the_environment_is_active() -> None:
    """An activated virtual environment puts its bin on PATH; man looks beside each PATH entry for share/man."""
    active = {"PATH": f"{os.path.join(sys.prefix, 'bin')}:/usr/bin:/bin", "MANPAGER": "cat", "MANWIDTH": "80"}
    found = subprocess.run(["man", "-w", "soma-info"], capture_output=True, text=True, env=active, check=False)
    assert found.returncode == 0, found.stderr
    assert os.path.samefile(found.stdout.strip(), INSTALLED_PAGE)


@pytest.mark.parametrize(("words", "index", "expected"), [
    ("soma-info interactions --with norc", "3", "norco"),
    ("soma-info interactions klon", "2", "klonopin"),
    ("soma-info interactions Tylenol", "2", "Tylenol PM"),
])  # fmt: skip
def test_drug_names_complete_from_the_products_and_the_vocabulary_in_the_typed_case(
    words: str, index: str, expected: str
) -> None:
    offered = program(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": index}).stdout
    assert expected.replace(" ", "\\ ") in offered.splitlines()  # escaped, as bash inserts it (#20)
    typed = words.split()[-1]
    assert all(line.startswith(typed) for line in offered.splitlines())


@pytest.mark.parametrize(("args", "help_of"), [
    (["mechanism", "--format", "xml"], "soma-info mechanism --help"),
    (["moa", "-w", "5"], "soma-info mechanism --help"),
    (["--format", "xml", "mechanism"], "soma-info --help"),
    (["search", "--regex", "("], "soma-info search --help"),
    (["interactions", "--with", ""], "soma-info interactions --help"),
])  # fmt: skip
def test_a_bad_value_names_the_help_of_the_command_it_was_given_to(args: list[str], help_of: str) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE and f"Try '{help_of}' for help." in result.stderr


def test_help_resolves_an_alias_in_the_file_given_with_data() -> None:
    from .conftest import FIXTURE

    result = invoke("--data", str(FIXTURE), "help", "overview-alias")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "Usage: soma-info overview [OPTIONS]" in result.stdout


NARROW = [["-w", "40"], ["--width=40"], ["-w40"]]


@pytest.mark.parametrize("width", [20, 30, 40, 60, 79, 80, 120, 200])
def test_the_quick_start_fits_any_width_and_keeps_every_command_whole(width: int) -> None:
    text = quick_start(width)
    assert all(len(line) <= max(width, 32) for line in text.splitlines()), text  # 32: the longest command
    for command in ("soma-info interactions DRUG...", "soma-info help COMMAND", "man soma-info"):
        assert command in text
    assert "ask your doctor, pharmacist or other clinician" in " ".join(text.split())


@pytest.mark.parametrize("args", [[], ["--help"], ["interactions", "--help"], ["help", "compare"], ["search", "-h"]])
@pytest.mark.parametrize("how", ["flag", "terminal"])
def test_help_and_the_quick_start_fit_40_columns(args: list[str], how: str) -> None:
    """-w 40 and a 40-column terminal alike; Click's own help would not go below 50."""
    for width in NARROW if how == "flag" else [[]]:
        result = invoke(*width, *args, env={"COLUMNS": "40" if how == "terminal" else "100"})
        assert result.exit_code == 0, result.stderr
        too_long = [line for line in result.stdout.splitlines() if len(line) > 40]
        assert not too_long, too_long


def test_a_long_example_goes_on_over_lines_that_still_run_when_pasted() -> None:
    shown = invoke("interactions", "--help", env={"COLUMNS": "40"}).stdout
    assert "tramadol \\\n      'Tylenol PM' Klonopin" in shown
    assert "soma-info interactions tramadol 'Tylenol PM' Klonopin" in invoke("interactions", "--help").stdout


def test_the_interaction_check_is_on_the_first_screen_of_help() -> None:
    first_screen = invoke("--help", env={"COLUMNS": "80"}).stdout.splitlines()[:24]
    assert any("soma-info interactions DRUG..." in line for line in first_screen)
    assert any("Tylenol PM" in line for line in first_screen)


@pytest.mark.parametrize("option", ["--format", "--color"])
def test_help_and_the_man_page_list_the_values_of(option: str) -> None:
    from soma_info.commands import OPTIONS

    values = next(o for o in OPTIONS.values() if o.flags[0] == option).choices
    shown = " ".join(invoke("--help").stdout.split())
    manual = (ROOT / "docs" / "soma-info.1").read_text(encoding="utf-8")
    for value in values:
        assert re.search(rf"\b{value}\b", shown.split(option, 1)[1][:200]), (option, value)
        assert re.search(rf"\b{value}\b", manual.split(option.replace("-", "\\-"), 1)[1][:300]), (option, value)
