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
