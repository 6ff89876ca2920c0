"""Completion: the fast answer and Typer's are the same for every shell, and aliases are offered."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from soma_info import fast

from .conftest import invoke

SHELL_ENVS: dict[str, Callable[[str], dict[str, str]]] = {
    "bash": lambda word: {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": f"soma-info {word}", "COMP_CWORD": "1"},
    "zsh": lambda word: {"_SOMA_INFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"soma-info {word}"},
    "fish": lambda word: {
        "_SOMA_INFO_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_ARGS": f"soma-info {word}",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    },
    "powershell": lambda word: {
        "_SOMA_INFO_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": f"soma-info {word}",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": word,
    },
}
WORDS = ["", "m", "me", "mo", "s", "side", "pre", "half", "x", "c", "SO", "al"]


class Pipe(io.StringIO):
    encoding = "utf-8"


def fast_completion(env: dict[str, str]) -> tuple[int | None, str]:
    out = Pipe()
    code = fast.run([], env, out)
    return code, out.getvalue()


@pytest.mark.parametrize("word", WORDS)
@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_fast_completion_is_byte_identical_to_typers(shell: str, word: str) -> None:
    env = SHELL_ENVS[shell](word)
    code, text = fast_completion(env)
    assert code is not None, "the fast path should answer a first-word completion"
    expected = invoke(env=env)
    assert (code, text) == (expected.exit_code, expected.stdout)


@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_aliases_and_sections_are_completed(shell: str) -> None:
    _, text = fast_completion(SHELL_ENVS[shell]("mo"))
    assert "moa" in text
    _, text = fast_completion(SHELL_ENVS[shell]("me"))
    assert "mechanism" in text and "metabolism" not in text  # an alias only when no key or command matches
    _, text = fast_completion(SHELL_ENVS[shell]("meta"))
    assert "metabolism" in text


@pytest.mark.parametrize(
    "env",
    [
        {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info mechanism --f", "COMP_CWORD": "2"},
        {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info --format ", "COMP_CWORD": "2"},
        {"_SOMA_INFO_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "soma-info --fo"},
        {"_SOMA_INFO_COMPLETE": "source_bash"},
        {
            "_SOMA_INFO_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "soma-info m",
            "_TYPER_COMPLETE_FISH_ACTION": "is-args",
        },
    ],
)
def test_other_completions_are_left_to_typer(env: dict[str, str]) -> None:
    assert fast_completion(env)[0] is None


def test_typer_completes_option_values() -> None:
    result = invoke(env={"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": "soma-info mechanism --format ",
                         "COMP_CWORD": "3"})  # fmt: skip
    assert result.stdout.split() == ["rich", "plain", "markdown", "json"]


def test_typer_registers_the_commands_in_the_order_the_fast_path_lists_them() -> None:
    from soma_info.cli import app
    from soma_info.knowledge.sections import CANONICAL_KEYS, COMMAND_NAMES

    assert [c.name for c in app.registered_commands] == [*CANONICAL_KEYS, *COMMAND_NAMES]


# ----------------------------------------------------------------------------- drug names (issue #20, 12-14)


def env_for(shell: str, line: str) -> dict[str, str]:
    """The variables each shell's completion script sets for the command line typed so far."""
    if shell == "bash":
        words = line.split()
        index = len(words) - 1 if line and not line.endswith(" ") else len(words)
        return {"_SOMA_INFO_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(index)}
    env = SHELL_ENVS[shell]("")
    env["_TYPER_COMPLETE_ARGS"] = line
    if shell == "powershell":
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "" if line.endswith(" ") else line.split()[-1]
    return env


DRUG_LINES = [
    "soma-info interactions --with xa",
    "soma-info interactions --with ",
    "soma-info interactions klon",
    "soma-info interactions Tylenol",
    "soma-info interactions xanax --with norc",
    "soma-info interactions xanax ",
    "soma-info compare ",
    "soma-info compare fl",
    "soma-info compare Parafon",
    "soma-info compare robaxin z",
    "soma-info interactions --with zzzzqx",
]


@pytest.mark.parametrize("line", DRUG_LINES)
@pytest.mark.parametrize("shell", SHELL_ENVS)
def test_drug_names_complete_fast_and_as_typer_does(shell: str, line: str) -> None:
    env = env_for(shell, line)
    code, text = fast_completion(env)
    assert code is not None, "the fast path should answer a plain drug-name completion"
    expected = invoke(env=env)
    assert (code, text) == (expected.exit_code, expected.stdout)


@pytest.mark.parametrize(
    "line",
    [
        "soma-info interactions --data x.yaml --with xa",  # another file: Typer reads --data
        "soma-info -f json interactions --with xa",  # an option before the command
        "soma-info interactions -f json xa",
        "soma-info compare --with xa",  # compare has no --with
        "soma-info moa --with xa",
        "soma-info interactions --with xa b",  # not the last word
    ],
)
def test_other_drug_lines_are_left_to_typer(line: str) -> None:
    env = env_for("bash", line)
    if line.endswith(" b"):
        env["COMP_CWORD"] = "3"
    assert fast_completion(env)[0] is None


def _offered(shell: str, line: str) -> list[str]:
    return fast_completion(env_for(shell, line))[1].splitlines()


def test_a_multi_word_name_is_one_word_to_the_shell() -> None:
    """bash inserts a candidate as it is: "tylenol pm" unescaped became two drugs."""
    assert "Tylenol\\ PM" in _offered("bash", "soma-info interactions Tylenol")
    assert "Parafon\\ Forte" in _offered("bash", "soma-info compare Parafon")
    assert "Tylenol` PM::: " in _offered("powershell", "soma-info interactions Tylenol")
    assert "Tylenol PM" in _offered("fish", "soma-info interactions Tylenol")  # fish quotes what it inserts
    assert '"Tylenol PM"' in "".join(_offered("zsh", "soma-info interactions Tylenol"))  # and so does zsh
    from soma_info.completion import for_shell

    assert for_shell("st. john's wort", "bash") == "st.\\ john\\'s\\ wort"
    assert for_shell("st. john's wort", "powershell") == "st.` john`'s` wort"
    assert for_shell("alprazolam", "bash") == "alprazolam"


def test_after_with_xa_the_medicines_come_first_and_at_most_15() -> None:
    offered = _offered("bash", "soma-info interactions --with xa")
    assert 1 <= len(offered) <= 15
    assert offered.index("xanax") < 5 and "xarelto" in offered
    for chemical in ("xanthan\\ gum", "xa\\ inhibitor,\\ factor"):
        assert chemical not in offered[: offered.index("xavron") + 1]  # after every medicine, if at all
    assert len(_offered("bash", "soma-info interactions --with a")) == 15


def test_compare_completes_the_comparators_and_their_brands() -> None:
    from soma_info.knowledge import loader

    monograph = loader.load(loader.chosen_path(None, {}))
    offered = _offered("bash", "soma-info compare ")
    expected = [n.replace(" ", "\\ ") for c in monograph.comparators[1:] for n in (c.generic, *c.brands)]
    assert offered == expected and "Robaxin" in offered and "carisoprodol" not in offered
    assert _offered("bash", "soma-info compare zan") == ["zanaflex"]  # in the typed case, completes its own
    assert _offered("bash", "soma-info compare robaxin ti") == ["tizanidine"]


def test_a_name_typed_with_an_escaped_space_completes_through_typer() -> None:
    """`tylenol\\ p<TAB>`: the line holds a backslash, so Typer answers; it must not drop the escaped candidate
    for not starting with the unescaped "tylenol p"."""
    env = {
        "_SOMA_INFO_COMPLETE": "complete_bash",
        "COMP_WORDS": "soma-info interactions tylenol\\ p",
        "COMP_CWORD": "2",
    }
    assert fast_completion(env)[0] is None
    assert invoke(env=env).stdout.splitlines() == ["tylenol\\ pM"]  # the typed letters' case, then the name's
