"""The fast path and the Typer app give byte-identical results; the fast path stays lean."""

from __future__ import annotations

import io
import itertools
import json
import subprocess

import pytest

from soma_info import fast, knowledge
from soma_info.sections import CANONICAL_KEYS

from .conftest import FIXTURE, PYTHON, SHIPPED, invoke, subprocess_env

MONOGRAPH = knowledge.load(str(SHIPPED))
NAMES = [*CANONICAL_KEYS, *(a for s in MONOGRAPH.sections for a in s.aliases), "Side_Effects", "half life"]
OPTION_SETS = [
    [],
    ["-f", "plain"],
    ["--format", "markdown"],
    ["--format=json"],
    ["-f", "rich", "--color", "never"],
    ["--color", "always"],
    ["--color=always", "--width", "60"],
    ["-f", "plain", "-w", "40"],
    ["--format", "MARKDOWN", "--width=72"],
]


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


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o) or "defaults")
def test_lookups_are_identical_on_both_paths(name: str, options: list[str]) -> None:
    assert_same([name, *options])


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o) or "defaults")
def test_options_before_the_name_are_identical_too(options: list[str]) -> None:
    assert_same([*options, "onset"])


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
@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o) or "defaults")
def test_listings_are_identical_on_both_paths(command: str, options: list[str]) -> None:
    assert_same([command, *options])


@pytest.mark.parametrize("flag", ["--version", "-v"])
@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: " ".join(o) or "defaults")
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
    [
        [],
        ["--help"],
        ["mechanism", "--help"],
        ["mechanisn"],
        ["all", "--pager"],
        ["card", "--no-pager"],
        ["CARD"],
        ["mechanism", "--with", "alcohol"],
        ["card", "--with", "alcohol"],
        ["search", "x", "--with", "alcohol"],
        ["interactions", "--with", ""],
        ["interactions", "--with", " "],
        ["interactions", "--with"],
        ["interactions", "--with", "-f"],
        ["--with", "codeine", "interactions"],
        ["search", "zzzqqq"],
        ["search", "--regex", "("],
        ["mechanism", "--width", "5"],
        ["mechanism", "--format", "xml"],
        ["--version", "mechanism"],
        ["card", "--version"],
        ["--version", "--help"],
        ["mechanism", "--data", "/nonexistent.yaml"],
        ["mechanism", "extra"],
        ["--regex", "search", "x"],
        ["-fjson", "moa"],
        ["--", "mechanism"],
        [""],
        ["mechanism", "--data"],
        ["search", "--regex", "4.fold"],
    ],
)
def test_everything_else_is_left_to_typer(args: list[str]) -> None:
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
