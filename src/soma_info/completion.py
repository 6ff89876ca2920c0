"""Shell completion of the first word (sections, aliases, commands) without importing Typer.

Typer runs the program on every TAB; answering the common case here keeps a TAB as fast as a lookup.
The output follows Typer's completion protocol byte for byte for bash, zsh, fish and PowerShell
(tests/test_completion.py compares the two). Anything else, such as options, option values or later
words, returns None and Typer answers it.
"""

from __future__ import annotations

import re

from soma_info.commands import COMPLETION_VARIABLE
from soma_info.knowledge import loader
from soma_info.knowledge.model import KnowledgeError, Monograph
from soma_info.knowledge.sections import CANONICAL_KEYS, COMMAND_NAMES, SHORT_HELP, alias_help
from soma_info.knowledge.vocabulary import Vocabulary, fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping

ENV_VAR = COMPLETION_VARIABLE
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
_PLAIN_ARGS = re.compile(r"[A-Za-z0-9_. /-]*\Z")  # nothing a shell would quote or escape


def candidates(monograph: Monograph | None, incomplete: str) -> list[tuple[str, str]]:
    """(name, help) pairs in Typer's order: the commands and section keys as registered; the knowledge file's
    aliases only when the typed prefix matches none of those, so a first TAB offers 24 names, not 130."""
    names = [(n, SHORT_HELP[n]) for n in (*CANONICAL_KEYS, *COMMAND_NAMES) if n.startswith(incomplete)]
    if names or monograph is None:
        return names
    return [
        (name, alias_help(key)) for name, key in monograph.names.items() if name != key and name.startswith(incomplete)
    ]


def _first_word(shell: str, env: Mapping[str, str]) -> str | None:
    """The word being completed, when it is the first argument and plain; None otherwise."""
    if shell == "bash":
        words, index = env.get("COMP_WORDS", ""), env.get("COMP_CWORD", "")
        if not _PLAIN_ARGS.match(words) or index != "1":
            return None
        parts = words.split()
        incomplete = parts[1] if len(parts) > 1 else ""
        return incomplete if len(parts) <= 2 else None
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    if not _PLAIN_ARGS.match(line):
        return None
    parts = line.split()
    if shell == "powershell":
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        typed = parts[1:-1] if incomplete else parts[1:]
        return incomplete if not typed else None
    if line.endswith(" "):
        return "" if len(parts) == 1 else None
    return parts[1] if len(parts) == 2 else ("" if len(parts) == 1 else None)


def _zsh_escape(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _format(shell: str, found: list[tuple[str, str]]) -> tuple[str, int]:
    if shell == "bash":
        return "\n".join(name for name, _ in found), 0
    if shell == "zsh":
        if not found:
            return "_files", 0
        lines = "\n".join(f'"{_zsh_escape(name)}":"{_zsh_escape(help_)}"' for name, help_ in found)
        return f"_arguments '*: :(({lines}))'", 0
    if shell == "fish":
        return "\n".join(f"{name}\t{help_}" for name, help_ in found), 0
    return "\n".join(f"{name}:::{help_}" for name, help_ in found), 0


def complete(env: Mapping[str, str]) -> tuple[str, int] | None:
    """The text to print and the exit code, or None to let Typer answer."""
    action, _, shell = env.get(ENV_VAR, "").partition("_")
    if action != "complete" or shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        return None
    shell = "powershell" if shell == "pwsh" else shell
    if shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args":
        return None
    incomplete = _first_word(shell, env)
    if incomplete is None or (incomplete and not _WORD.match(incomplete)):
        return None
    try:
        monograph: Monograph | None = loader.load(loader.chosen_path(None, env))
    except KnowledgeError:
        monograph = None  # complete the keys and commands; a TAB must never print an error
    return _format(shell, candidates(monograph, incomplete))


def drug_names(monograph: Monograph, vocabulary: Vocabulary, incomplete: str, most: int = 60) -> list[str]:
    """Drug names for `interactions DRUG` and `--with NAME`: the knowledge file's products, class words and class
    members first, then the drug-name vocabulary, each once, at most ``most`` (a TAB is no place for 100,000)."""
    folded = fold(incomplete)
    ours = [
        *(p.name for p in monograph.products),
        *(w for g in monograph.interactions for w in g.words),
        *(n for g in monograph.interactions for m in g.members for n in m.names),
    ]
    found = dict.fromkeys(n for n in ours if fold(n).startswith(folded))
    if folded:  # the whole vocabulary only once something is typed
        for name in vocabulary.names_from(folded):
            if len(found) >= most:
                break
            found.setdefault(name)
    # A shell keeps only candidates that start with what was typed, letter for letter: "norc" keeps "norco",
    # never "Norco". So a name is offered in the typed letters' case, and completes with its own.
    typed = " ".join(incomplete.split())
    return [typed + name[len(typed) :] for name in list(found)[:most]]
