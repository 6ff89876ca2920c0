"""The one list of canonical section keys and command names, and how typed names are normalised.

Aliases live in the knowledge file; everything that maps a typed name to a section goes through
``normalise`` and ``Monograph.resolve`` so that the Typer commands and the fast path agree.
"""

from __future__ import annotations

from soma_info.knowledge.words import COMPARE_HELP, SECTION_HELP

# Label order: the order `soma-info all` prints and the knowledge file must cover.
CANONICAL_KEYS: tuple[str, ...] = (
    "overview",
    "indications",
    "dosage",
    "mechanism",
    "onset",
    "contraindications",
    "warnings",
    "interactions",
    "side-effects",
    "abuse",
    "overdose",
    "populations",
    "counseling",
    "regulatory",
    "supply",
    "claims",
)

# Commands that are not sections. No section key or alias may take one of these names.
COMMAND_NAMES: tuple[str, ...] = (
    "all",
    "card",
    "sections",
    "sources",
    "search",
    "validate",
    "compare",
    "schema",
    "help",
)  # as cli.py registers them
RESERVED_NAMES: frozenset[str] = frozenset((*COMMAND_NAMES, "version"))

_FOLD = str.maketrans({"_": "-", " ": "-"})


def normalise(name: str) -> str:
    """Fold case and treat `_`, space and `-` alike: `Side_Effects` and `side effects` are `side-effects`."""
    folded = name.strip().lower().translate(_FOLD)
    while "--" in folded:
        folded = folded.replace("--", "-")
    return folded.strip("-")


# One-line help for every command (at most 45 characters, so Click never shortens it): shown by --help and
# by shell completion, where the fast path must print exactly what Typer prints. The sections' and the
# comparison's come from the knowledge file (through words.py); the rest are the program's own commands.
SHORT_HELP: dict[str, str] = {
    **SECTION_HELP,
    "all": "The whole monograph, in label order.",
    "card": "A one-screen drug card.",
    "sections": "List the sections: key, title, summary.",
    "sources": "List every source the file cites.",
    "search": "Search every section; exit 1 if no match.",
    "validate": "Check a knowledge file; list its problems.",
    "compare": COMPARE_HELP,
    "schema": "Print the knowledge file's JSON Schema.",
    "help": "Show the help of a command.",
}


def alias_help(key: str) -> str:
    return f"Same as {key}."
