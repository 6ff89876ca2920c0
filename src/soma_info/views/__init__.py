"""What each command shows, as a ``Document``: shared by the Typer commands and the fast path.

One module per command family: ``sections`` (a section, its brief, all of them, the timeline, search
results), ``interactions`` (the interaction check), ``comparison`` (`compare`), ``listings`` (the card, the
section list, the sources, the version: the commands that take only output options), and ``common`` (the
notice, provenance, source numbering). Views build Documents from records; they never print.

Callers use the names below as ``views.section`` and so on. Each is imported from its module on first use,
so a lookup pays for the sections module only, not for the interaction check's or the comparison's.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

    from soma_info.views.common import notice as notice
    from soma_info.views.common import provenance as provenance
    from soma_info.views.common import provenance_data as provenance_data
    from soma_info.views.comparison import UNVERIFIED_LEGEND as UNVERIFIED_LEGEND
    from soma_info.views.comparison import NotComparable as NotComparable
    from soma_info.views.comparison import compare as compare
    from soma_info.views.interactions import ASK as ASK
    from soma_info.views.interactions import NOT_RECOGNISED as NOT_RECOGNISED
    from soma_info.views.interactions import NOTHING_LISTED as NOTHING_LISTED
    from soma_info.views.interactions import interaction_check as interaction_check
    from soma_info.views.listings import card as card
    from soma_info.views.listings import datasets as datasets
    from soma_info.views.listings import listing as listing
    from soma_info.views.listings import sources as sources
    from soma_info.views.listings import version as version
    from soma_info.views.sections import HALF_LIFE_HEADING as HALF_LIFE_HEADING
    from soma_info.views.sections import brief as brief
    from soma_info.views.sections import everything as everything
    from soma_info.views.sections import search_results as search_results
    from soma_info.views.sections import section as section
    from soma_info.views.sections import section_data as section_data
    from soma_info.views.sections import timeline as timeline
    from soma_info.views.sections import timeline_ids as timeline_ids

# Each public name, by the module that defines it (tests/test_layers.py keeps this and the imports above true).
HOME = {
    **dict.fromkeys(("notice", "provenance", "provenance_data"), "common"),
    **dict.fromkeys(("UNVERIFIED_LEGEND", "NotComparable", "compare"), "comparison"),
    **dict.fromkeys(("ASK", "NOT_RECOGNISED", "NOTHING_LISTED", "interaction_check"),
                    "interactions"),
    **dict.fromkeys(("card", "datasets", "listing", "sources", "version"), "listings"),
    **dict.fromkeys(("HALF_LIFE_HEADING", "brief", "everything", "search_results", "section", "section_data",
                     "timeline", "timeline_ids"), "sections"),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    """``views.section`` and the rest: the name from its module, imported now (and kept, so only once)."""
    if name not in HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = __import__(f"{__name__}.{HOME[name]}", fromlist=[name])
    value = getattr(module, name)
    globals()[name] = value
    return value
