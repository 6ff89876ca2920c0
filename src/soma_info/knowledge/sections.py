"""The one list of canonical section keys, and how typed names are normalised.

Aliases live in the knowledge file; everything that maps a typed name to a section goes through
``normalise`` and ``Monograph.resolve`` so that the Typer commands and the fast path agree. The command names
live in the command table alone (``commands.COMMANDS``), which keeps section names off them.
"""

from __future__ import annotations

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

_FOLD = str.maketrans({"_": "-", " ": "-"})


def normalise(name: str) -> str:
    """Fold case and treat `_`, space and `-` alike: `Side_Effects` and `side effects` are `side-effects`."""
    folded = name.strip().lower().translate(_FOLD)
    while "--" in folded:
        folded = folded.replace("--", "-")
    return folded.strip("-")


def alias_help(key: str) -> str:
    return f"Same as {key}."
