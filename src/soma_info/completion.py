"""Shell completion without importing Typer: the first word (sections, aliases, commands) and drug names
(`interactions NAME`, `interactions --with NAME`, `compare NAME`).

Typer runs the program on every TAB; answering the common cases here keeps a TAB as fast as a lookup.
The output follows Typer's completion protocol byte for byte for bash, zsh, fish and PowerShell
(tests/test_completion.py compares the two), and the Typer app completes drug names with the same functions.
Anything else, such as options, option values or a line with quotes, returns None and Typer answers it.
"""

from __future__ import annotations

import re

from soma_info.commands import BY_NAME, COMMANDS, COMPLETION_VARIABLE
from soma_info.knowledge import loader
from soma_info.knowledge.model import KnowledgeError, Monograph
from soma_info.knowledge.record import Record
from soma_info.knowledge.sections import alias_help
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
    names = [(c.name, c.summary) for c in COMMANDS if c.name.startswith(incomplete)]
    if names or monograph is None:
        return names
    return [
        (name, alias_help(key)) for name, key in monograph.names.items() if name != key and name.startswith(incomplete)
    ]


def _words(shell: str, env: Mapping[str, str]) -> tuple[list[str], str] | None:
    """The words typed before the one being completed (after the program's name), and that word; None when the
    line holds anything a shell would quote or escape, or the word is not the last one."""
    if shell == "bash":
        words, index = env.get("COMP_WORDS", ""), env.get("COMP_CWORD", "")
        if not _PLAIN_ARGS.match(words) or not index.isdigit():
            return None
        parts, at = words.split(), int(index)
        if at < 1 or at < len(parts) - 1 or at > len(parts):
            return None  # the word completed is not the last one typed
        return parts[1:at], parts[at] if at < len(parts) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    if not _PLAIN_ARGS.match(line):
        return None
    parts = line.split()[1:]
    if shell == "powershell":
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        if incomplete and (not parts or parts[-1] != incomplete):
            return None
        return (parts[:-1] if incomplete else parts), incomplete
    if parts and not line.endswith(" "):
        return parts[:-1], parts[-1]
    return parts, ""


# Where a drug name is completed: after a command whose argument the table marks `completes` (interactions, with
# its --with, and compare).
def completes(name: str) -> str:
    """What a TAB offers for the words of the command ``name``: its row's ``Argument.completes``, or ""."""
    command = BY_NAME.get(name)
    return command.arguments[0].completes if command and command.arguments else ""


DRUG_COMMANDS = tuple(c.name for c in COMMANDS if completes(c.name))


def _drug_command(before: list[str], incomplete: str) -> str | None:
    """The command whose drug names complete here, when the line is plainly `COMMAND [NAME | --with NAME]...`
    and the word is a name or --with's value; None for anything else (Typer answers it)."""
    if not before or before[0] not in DRUG_COMMANDS or incomplete.startswith("-"):
        return None
    rest = iter(before[1:])
    for word in rest:
        if word == "--with" and "drugs" in BY_NAME[before[0]].options:
            if next(rest, None) is None:
                return before[0]  # the value of --with
            continue
        if word.startswith("-"):
            return None  # another option, or --with's value missing: Typer decides
    return before[0]


def _zsh_escape(text: str) -> str:
    return text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")


def _format(shell: str, found: list[tuple[str, str]]) -> tuple[str, int]:
    """Typer's output for these candidates, byte for byte (a candidate without help has none in any shell)."""
    if shell == "bash":
        return "\n".join(name for name, _ in found), 0
    if shell == "zsh":
        if not found:
            return "_files", 0
        lines = "\n".join(f'"{_zsh_escape(name)}"' + (f':"{_zsh_escape(help_)}"' if help_ else "")
                          for name, help_ in found)  # fmt: skip
        return f"_arguments '*: :(({lines}))'", 0
    if shell == "fish":
        return "\n".join(f"{name}\t{help_}" if help_ else name for name, help_ in found), 0
    return "\n".join(f"{name}:::{help_ or ' '}" for name, help_ in found), 0


def complete(env: Mapping[str, str]) -> tuple[str, int] | None:
    """The text to print and the exit code, or None to let Typer answer."""
    action, _, shell = env.get(ENV_VAR, "").partition("_")
    if action != "complete" or shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        return None
    shell = "powershell" if shell == "pwsh" else shell
    if shell == "fish" and env.get("_TYPER_COMPLETE_FISH_ACTION") != "get-args":
        return None
    typed = _words(shell, env)
    if typed is None:
        return None
    before, incomplete = typed
    command = _drug_command(before, incomplete)
    if before and command is None:
        return None
    if incomplete and not _WORD.match(incomplete):
        return None
    try:
        monograph: Monograph | None = loader.knowledge_file(None, env).monograph()
    except KnowledgeError:
        if command:
            return None  # Typer says nothing either, in its own format
        monograph = None  # complete the keys and commands; a TAB must never print an error
    if command is None:
        return _format(shell, candidates(monograph, incomplete))
    assert monograph is not None
    names = comparator_names(monograph, incomplete) if completes(command) == "comparators" else None
    if names is None:
        names = drug_names(monograph, Vocabulary.load(), incomplete)
    return _format(shell, [(for_shell(name, shell), "") for name in names])


MOST = 15  # drug names a TAB offers: a list to read at a glance, not a dictionary


def for_shell(name: str, shell: str) -> str:
    """A candidate as the shell must insert it to read it back as one word: bash and PowerShell insert a
    candidate as it is, so "tylenol pm" is escaped ("tylenol\\ pm", "tylenol` pm"), still starting with what was
    typed; zsh and fish quote what they insert themselves."""
    if shell in _PLAIN_NAME:
        return "".join(c if _PLAIN_NAME[shell].match(c) else _ESCAPE[shell] + c for c in name)
    return name


# What each shell reads as an ordinary character of a word, and the character that makes any other one ordinary.
_PLAIN_NAME = {"bash": re.compile(r"[A-Za-z0-9_.,:@%+=/-]"), "powershell": re.compile(r"[A-Za-z0-9_./:%+=-]")}
_ESCAPE = {"bash": "\\", "powershell": "`"}


def comparator_names(monograph: Monograph, incomplete: str) -> list[str]:
    """`compare NAME`: the drugs the monograph's drug can be compared with, by generic name and brand (the
    monograph's own drug is always in the table), in the typed letters' case."""
    folded = fold(incomplete)
    names = (n for c in monograph.comparators[1:] for n in (c.generic, *c.brands))
    found = dict.fromkeys(n for n in names if fold(n).startswith(folded))
    return _in_typed_case(incomplete, list(found))


def _in_typed_case(incomplete: str, names: list[str]) -> list[str]:
    """A shell keeps only candidates that start with what was typed, letter for letter: "norc" keeps "norco",
    never "Norco". So a name is offered in the typed letters' case, and completes with its own."""
    typed = " ".join(incomplete.split())
    return [typed + name[len(typed) :] for name in names]


def drug_names(monograph: Monograph, vocabulary: Vocabulary, incomplete: str, most: int = MOST) -> list[str]:
    """Drug names for `interactions DRUG` and `--with NAME`, at most ``most``, each once: first the knowledge
    file's products, class words and class members, then, once something is typed, the drug-name vocabulary's
    names of medicines people take (a MedlinePlus page), and only then its chemicals and reagents."""
    folded = fold(incomplete)
    ours = [
        *(p.name for p in monograph.products),
        *(w for g in monograph.interactions for w in g.words),
        *(n for g in monograph.interactions for m in g.members for n in m.names),
    ]
    found: dict[str, str] = {}  # folded -> as written: "Norco" and "norco" are one name
    for name in ours:
        if fold(name).startswith(folded):
            found.setdefault(fold(name), name)
    if folded:
        for name in vocabulary.taken_first(folded, most):
            found.setdefault(name, name)
    return _in_typed_case(incomplete, list(found.values())[:most])


# ----------------------------------------------------------------------------- installing the completion script

SHELLS = ("bash", "zsh", "fish", "powershell")  # and "pwsh", PowerShell's other name
BEGIN, END = "# >>> soma-info completion >>>", "# <<< soma-info completion <<<"  # around the lines we add


class Plan(Record):
    """What `--install-completion SHELL` changes: the script it writes whole (replacing an older copy), and
    the lines it adds to the shell's start-up file, if any (nothing when they are there already)."""

    shell: str
    script: str  # path of the completion script
    text: str  # its contents
    startup: str = ""  # the start-up file that must load it, if the shell does not find it by itself
    lines: str = ""  # what is appended to the start-up file, between BEGIN and END; "" when already there


def plan(shell: str, home: str, script: str, profile: str = "") -> Plan:
    """The changes for ``shell`` (one of SHELLS, or pwsh) under the home directory ``home``; ``script``: the
    completion script Typer writes for the shell; ``profile``: PowerShell's $PROFILE."""
    import os.path

    def at(*parts: str) -> str:
        return os.path.join(home, *parts)

    if shell == "fish":  # fish loads every file of this directory by itself
        return Plan(shell, at(".config", "fish", "completions", "soma-info.fish"), script + "\n")
    if shell == "bash":
        path = at(".bash_completions", "soma-info.sh")
        return _with_startup(Plan(shell, path, script, at(".bashrc")), f"source '{path}'")
    if shell == "zsh":
        path = at(".zfunc", "_soma-info")
        return _with_startup(
            Plan(shell, path, script, at(".zshrc")), "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
        )
    return _with_startup(Plan(shell, "", "", profile), script.strip())  # PowerShell: the script goes in $PROFILE


def _with_startup(change: Plan, lines: str) -> Plan:
    try:
        with open(change.startup, encoding="utf-8") as f:
            current = f.read()
    except FileNotFoundError:
        current = ""
    except (OSError, UnicodeDecodeError):
        current = ""  # written below only by appending; an unreadable file fails there, with its own error
    if BEGIN in current or (lines in current and "\n" not in lines):
        return change  # installed before (by this or by Typer's older installer): nothing to add
    return change._replace(lines=f"{BEGIN}\n{lines}\n{END}\n")


def describe(change: Plan) -> str:
    """The changes, file by file, and how to undo them: said before anything is written."""
    out = [f"Shell completion for {change.shell}:"]
    if change.script:
        out.append(f"  write {change.script} (the completion script; replaced if it exists)")
    if change.lines:
        out.append(f"  add {len(change.lines.splitlines())} lines at the end of {change.startup}:")
        shown = change.lines.splitlines()
        out += [f"    {line}" for line in (shown if len(shown) <= 5 else [*shown[:2], "    ...", shown[-1]])]
    elif change.startup:
        out.append(f"  leave {change.startup} as it is (it loads the completion already)")
    undo = []
    if change.lines:
        undo.append(f"delete the lines from '{BEGIN}' to '{END}' in {change.startup}")
    if change.script:
        undo.append(f"delete {change.script}")
    out.append("To undo: " + " and ".join(undo) + "." if undo else "Nothing to undo.")
    return "\n".join(out) + "\n"


def apply(change: Plan) -> None:
    """Write the script and append the start-up lines (creating the folders they need)."""
    import os

    if change.script:
        os.makedirs(os.path.dirname(change.script), exist_ok=True)
        with open(change.script, "w", encoding="utf-8") as f:
            f.write(change.text)
    if change.lines:
        os.makedirs(os.path.dirname(change.startup) or ".", exist_ok=True)
        with open(change.startup, "ab+") as f:
            size = f.seek(0, os.SEEK_END)
            if size:  # a blank line before our block, whether or not the file ends in a newline
                f.seek(size - 1)
                f.write(b"\n" if f.read(1) == b"\n" else b"\n\n")
            f.write(change.lines.encode("utf-8"))
