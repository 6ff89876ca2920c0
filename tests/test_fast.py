"""The fast path and the Typer app give byte-identical results; the fast path stays lean."""

from __future__ import annotations

import io
import itertools
import json
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soma_info import fast
from soma_info.knowledge import yamlfile
from soma_info.knowledge.sections import CANONICAL_KEYS

from .conftest import FIXTURE, PYTHON, SHIPPED, invoke, subprocess_env

MONOGRAPH = yamlfile.load(str(SHIPPED))
NAMES = [*CANONICAL_KEYS, *(a for s in MONOGRAPH.sections for a in s.aliases), "Side_Effects", "half life"]


class Pipe(io.StringIO):
    """A non-terminal stdout, as when output is piped."""

    encoding = "utf-8"


def fast_run(args: list[str], env: dict[str, str]) -> tuple[int | None, str]:
    out = Pipe()
    code = fast.run(args, {"COLUMNS": "100", **env}, out)
    return code, out.getvalue()


def assert_same(args: list[str], env: dict[str, str] | None = None) -> None:
    env = env or {}
    code, text = fast_run(args, env)
    assert code is not None, f"the fast path declined {args}"
    typer_result = invoke(*args, env=env)
    assert (code, text, "") == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


# ----------------------------------------------------------------------------- parity, as a property

# The grammar of the command table, with the mistakes people make: values before and after the name,
# repeats, bad and empty values, aliases and typos, options of other commands, --data with several files.
WORDS = st.sampled_from([
    *CANONICAL_KEYS, *(a for s in MONOGRAPH.sections for a in s.aliases), "Side_Effects", "half life",
    "all", "card", "sections", "sources", "search", "interactions", "validate", "mechanisn", "dosge", "xyzzy",
    "mechanism-alias", "CARD", "help",
])  # fmt: skip
VALUES = {
    "--format": ["plain", "json", "markdown", "rich", "MARKDOWN", "xml", "", " "],
    "-f": ["plain", "json", "xml"],
    "--color": ["never", "always", "auto", "sometimes", ""],
    "--width": ["40", "72", "100", "5", "abc", "²", "", "1001"],
    "-w": ["60", "abc"],
    "--data": [str(SHIPPED), str(FIXTURE), "/nonexistent.yaml", ""],
    "--with": ["alcohol", "Norco", "tramadol, Klonopin", "zzqqx", "", " "],
    "--from": ["/nonexistent/meds.txt"],
    "--regex": [],
    "-r": [],
    "--pager": [],
    "--no-pager": [],
    "--version": [],
    "-v": [],
}


@st.composite
def _option(draw: st.DrawFn) -> list[str]:
    flag = draw(st.sampled_from(sorted(VALUES)))
    choices = VALUES[flag]
    if not choices:
        return [flag]
    value = draw(st.sampled_from(choices))
    return [f"{flag}={value}"] if flag.startswith("--") and draw(st.booleans()) else [flag, value]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    before = [a for o in draw(st.lists(_option(), max_size=2)) for a in o]
    word = [draw(WORDS)] if draw(st.integers(0, 9)) else []
    rest = draw(st.lists(st.sampled_from(["alcohol", "Xanax", "4-fold", "zzzqqq", "extra", "ibuprofen"]), max_size=2))
    after = [a for o in draw(st.lists(_option(), max_size=3)) for a in o]
    return [*before, *word, *rest, *after]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(args=command_lines())
def test_the_fast_path_declines_or_gives_exactly_what_typer_gives(args: list[str]) -> None:
    out, err = Pipe(), Pipe()
    code = fast.run(args, {"COLUMNS": "100"}, out, err)
    if code is None:
        return
    typer_result = invoke(*args)
    assert (code, out.getvalue(), err.getvalue()) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "xml", "mechanism", "-f", "plain"],
        ["-w", "abc", "mechanism", "-w", "40"],
        ["--color", "sometimes", "mechanism", "--color", "never"],
    ],
)
def test_the_three_argument_lists_that_once_disagreed_are_usage_errors_on_both_paths(args: list[str]) -> None:
    out, err = Pipe(), Pipe()
    assert fast.run(args, {"COLUMNS": "100"}, out, err) == 2
    typer_result = invoke(*args)
    assert (2, "", err.getvalue()) == (typer_result.exit_code, typer_result.stdout, typer_result.stderr)
    assert err.getvalue().startswith("soma-info: error: --") and "Traceback" not in err.getvalue()


@pytest.mark.parametrize("name", ["mechanism", "moa", "Side_Effects", "card", "all", "sources"])
@pytest.mark.parametrize("options", [[], ["-f", "json"], ["--color", "always", "-w", "60"], ["-f", "markdown"]])
def test_common_lookups_take_the_fast_path_and_match(name: str, options: list[str]) -> None:
    assert_same([name, *options])


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--data", str(FIXTURE), "mechanism-alias"], {}),
        (["moa", "--data", str(FIXTURE), "--data", str(SHIPPED)], {}),
        (["--data", str(FIXTURE), "--data", str(SHIPPED), "moa"], {}),
        ([f"--data={SHIPPED}", "interaction"], {"SOMA_INFO_DATA": str(FIXTURE)}),
        (["mechanism-alias"], {"SOMA_INFO_DATA": str(FIXTURE)}),
    ],
)
def test_a_name_is_looked_up_in_the_file_that_is_shown(args: list[str], env: dict[str, str]) -> None:
    """Aliases come from the knowledge file, so both paths must read the same one: the last --data wins."""
    assert_same(args, env)


@pytest.mark.parametrize(
    "env",
    [
        {"NO_COLOR": "1"},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": "1", "NO_COLOR": "1"},
        {"TERM": "dumb", "FORCE_COLOR": "1"},
        {"SOMA_INFO_DATA": str(FIXTURE)},
    ],
    ids=lambda e: " ".join(f"{k}={v}" for k, v in e.items()),
)
def test_environment_is_read_the_same_way(env: dict[str, str]) -> None:
    assert_same(["mechanism"], env)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "alcohol"],
        ["search", "CYP2C19", "-f", "json"],
        ["search", "4-fold", "-f", "markdown"],
        ["search", "porphyria", "--color", "always"],
        ["--data", str(FIXTURE), "search", "alcohol"],
    ],
)
def test_search_is_identical_on_both_paths(args: list[str]) -> None:
    assert_same(args)


@pytest.mark.parametrize("command", ["all", "card", "sections", "sources"])
@pytest.mark.parametrize("options", [[], ["-f", "plain"], ["-f", "json"], ["--color", "always"]])
def test_listings_are_identical_on_both_paths(command: str, options: list[str]) -> None:
    assert_same([command, *options])


@pytest.mark.parametrize("flag", ["--version", "-v"])
@pytest.mark.parametrize("options", [[], ["-f", "json"], ["--color", "always"]])
def test_the_version_is_identical_on_both_paths(flag: str, options: list[str]) -> None:
    assert_same([flag, *options])
    assert_same([*options, flag, "--data", str(FIXTURE)])


@pytest.mark.parametrize(
    "args",
    [
        ["interactions", "--with", "alcohol"],
        ["interactions", "--with", "Xanax", "--with", "omeprazole", "--with", "grapefruit"],
        ["interactions", "--with=benzodiazepines", "-f", "json"],
        ["interaction", "--with", "opiods", "--color", "always"],
        ["-f", "markdown", "cyp2c19-inhibitors", "--with", "codeine"],
        ["interactions", "--with", "Ambien", "-f", "plain", "-w", "40"],
        ["--data", str(FIXTURE), "interactions", "--with", "alcohol"],
        ["--data", str(FIXTURE), "interactions-alias", "--with", "alcohol"],
    ],
)
def test_the_interaction_check_is_identical_on_both_paths(args: list[str]) -> None:
    assert_same(args)


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["mechanism", "--help"], ["-h"], ["--install-completion"], ["--", "mechanism"], ["-fjson", "moa"],
     ["mechanism", "extra"], ["--regex", "search", "x"], ["mechanism", "--with", "alcohol"], ["interactions", "--with"],
     ["interactions", "--with", "-f"], ["--with", "codeine", "interactions"], ["search"], ["validate"],
     ["mechanism", "--version"], [""]],
)  # fmt: skip
def test_what_the_table_does_not_plainly_read_is_left_to_typer(args: list[str]) -> None:
    assert fast_run(args, {})[0] is None


def test_json_from_the_fast_path_parses() -> None:
    _, text = fast_run(["dosage", "-f", "json"], {})
    assert json.loads(text)["key"] == "dosage"


def _imported_after(args: list[str]) -> set[str]:
    script = (
        "import sys, io\n"
        "from soma_info import launch\n"
        "sys.stdout = io.StringIO()\n"
        f"code = launch.main({args!r})\n"
        "sys.stdout = sys.__stdout__\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, encoding="utf-8", env=subprocess_env(), check=True
    )
    code, modules = out.stdout.split(" ", 1)
    assert code == "0", out.stderr
    return set(modules.split())


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize(
    "args",
    [
        ["mechanism"],
        ["moa", "-f", "json"],
        ["dosage", "--format", "markdown"],
        ["search", "alcohol"],
        ["card"],
        ["sources", "-f", "json"],
        ["interactions", "--with", "alcohol"],
    ],
)
def test_the_plain_lookup_path_imports_no_typer_pydantic_rich_or_typing(args: list[str]) -> None:
    roots = _roots(_imported_after(args))
    assert not roots & {"typer", "pydantic", "rich", "click", "typing", "dataclasses", "inspect"}


def test_a_lookup_imports_neither_the_interaction_check_nor_the_comparison_views() -> None:
    modules = _imported_after(["mechanism"])
    assert "soma_info.views.sections" in modules
    assert not {"soma_info.views.interactions", "soma_info.views.comparison"} & modules


@pytest.mark.parametrize("args", [["mechanism"], ["dosage"], ["search", "alcohol"], ["card"], ["all"]])
def test_the_styled_lookup_path_imports_rich_but_not_typer_or_pydantic(args: list[str]) -> None:
    roots = _roots(_imported_after([*args, "--color", "always"]))
    assert "rich" in roots
    assert not roots & {"typer", "pydantic", "click"}


def test_piped_output_of_the_installed_command_has_no_escape_codes() -> None:
    out = subprocess.run([PYTHON, "-m", "soma_info", "warnings"], capture_output=True, env=subprocess_env(), check=True)
    assert b"\x1b" not in out.stdout and out.stdout.rstrip().endswith(b"Poison Control Center.")


def test_every_name_combination_is_covered() -> None:
    """Guards the tables above: every alias of the shipped file is exercised."""
    covered = set(NAMES)
    assert all(alias in covered for alias in itertools.chain.from_iterable(s.aliases for s in MONOGRAPH.sections))
