"""What the Typer app says that the table decides, without Typer: the examples under a command's --help, folded
to the width, and the sentence for an option that is not the command's. Kept apart from cli.py, which holds only
what needs Typer, so that the app's module stays within the 600-line limit (tests/test_structure.py)."""

from __future__ import annotations

from soma_info.commands import COMMANDS, OPTIONS, PROG, Command

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Sequence


def examples(command: Command) -> str:
    """The Examples block under a command's --help (\\b keeps Click from rewrapping the lines)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {example}" for example in command.examples)


def folded(example: str, room: int) -> list[str]:
    """A shell command in lines of at most ``room`` columns where its words allow, continued with backslashes."""
    import shlex

    lines = [""]
    words = shlex.shlex(example, posix=False)  # the words as typed, quotes and all
    words.whitespace_split = True
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) + 2 > room:
            lines[-1] += " \\"
            lines.append("  ")
        lines[-1] += ("" if lines[-1] in ("", "  ") else " ") + word
    return lines


def no_such_option(flag: str, command: Command | None, near: Sequence[str]) -> str:
    """An unknown option: whose option it is, if another command's; else the nearest of this command's own."""
    where = f"for the {command.name} command" if command else f"for {PROG} before a command"
    if flag in ("--version", "-v") and command:
        return f"{flag} is an option of {PROG} itself, not of a command: '{PROG} {flag}'."
    owner = next((o for o in OPTIONS.values() if flag in o.flags), None)
    users = [c.name for c in COMMANDS if owner is not None and owner.dest in c.options]
    if owner is not None and owner.dest == "brief":
        return f"There is no {flag} option {where}: it shortens a section, as in '{PROG} dosage {flag}'."
    if owner is not None and users:
        instead = ""
        if command and command.arguments and owner.dest == "drugs":
            instead = f"; name the drugs after {command.name} instead, as in '{command.examples[-1]}'"
        return f"There is no {flag} option {where} ({' and '.join(users)} has one){instead}."
    import difflib

    near = [n for n in near if difflib.SequenceMatcher(None, flag, n).ratio() >= 0.75]  # Click offers any at 0.6
    if near:
        return f"There is no {flag} option {where}. Did you mean {' or '.join(near)}?"
    return f"There is no {flag} option {where}."
