"""Validators of the parts that name other drugs: interaction classes, products, the comparison and its
comparators, and the indexes from a drug name to its classes and products.
"""

from __future__ import annotations

from soma_info.knowledge import monograph_parts
from soma_info.knowledge.checker import Checker, Path_, kind_of
from soma_info.knowledge.model import (
    CardLine,
    Cell,
    Comparator,
    Comparison,
    ComparisonRow,
    Identity,
    InteractionClass,
    Members,
    Product,
    Source,
    TimelineRow,
)
from soma_info.knowledge.vocabulary import fold

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any


def interactions(check: Checker, value: Any, where: Path_) -> tuple[InteractionClass, ...]:
    groups = []
    for at, item in check.items(value, where, "interaction classes"):
        fields = check.shape(item, at, "interaction-class")
        members = []
        for member_at, member in check.get(fields, "members", at, lambda v, w: check.items(v, w, "members"), []):
            entry = check.shape(member, member_at, "members")
            members.append(
                Members(
                    names=tuple(fold(n) for n in check.get(entry, "names", member_at, check.texts, ())),
                    cite=check.get(entry, "cite", member_at, check.texts, ()),
                )
            )
        members += _listed_members(check, fields, at, members)
        words = check.get(fields, "words", at, check.texts, ())
        if not members and not words and isinstance(item, dict):
            check.fail(at, "an interaction class needs members, words, lists, or some of them")
        groups.append(
            InteractionClass(
                id=check.get(fields, "id", at, check.text),
                name=check.get(fields, "name", at, check.text),
                concern=check.get(fields, "concern", at, check.text),
                effect=check.get(fields, "effect", at, check.text),
                advice=check.get(fields, "advice", at, check.text),
                cite=check.get(fields, "cite", at, check.texts, ()),
                words=tuple(fold(w) for w in words),
                members=tuple(members),
                advice_cite=check.get(fields, "advice_cite", at, check.texts, ()),
                covers=check.get(fields, "covers", at, check.texts, ()),
            )
        )
    _check_covers(check, groups)
    return tuple(groups)


def _listed_members(check: Checker, fields: dict[str, Any], at: Path_, members: list[Members]) -> list[Members]:
    """The members a class draws from regulator lists (its ``lists`` key), each list's names once per class:
    a drug on two of its lists is filed under the first, and a drug its own members already name is not
    repeated (the hand-written row, with its own source, says it)."""
    entries = check.get(fields, "lists", at, lambda v, w: check.items(v, w, "lists"), [])
    if not entries:
        return []
    from soma_info.knowledge import classlists  # only a file that names lists pays for reading them

    shipped = classlists.load()
    seen = {n for m in members for n in m.names}
    found = []
    for list_at, entry in entries:
        fields_ = check.shape(entry, list_at, "class-list")
        listed = check.get(fields_, "list", list_at, check.text)
        if listed and listed not in shipped.members:
            known = ", ".join(sorted(shipped.members))
            check.fail((*list_at, "list"), f"no class list is called {listed!r}; the shipped lists are: {known}")
            continue
        names = tuple(n for n in shipped.names(listed) if n not in seen)
        seen.update(names)
        if names:
            found.append(Members(names, check.get(fields_, "cite", list_at, check.texts, ()), listed))
    return found


def _check_covers(check: Checker, groups: list[InteractionClass]) -> None:
    ids = {g.id for g in groups}
    for i, group in enumerate(groups):
        for other in group.covers:
            if other not in ids or other == group.id:
                check.fail(("interactions", i, "covers"), f"covers names {other!r}, which is not another class's id")


def products(check: Checker, value: Any, where: Path_) -> tuple[Product, ...]:
    found = []
    for at, item in check.items(value, where, "products"):
        fields = check.shape(item, at, "product")
        found.append(
            Product(
                name=check.get(fields, "name", at, check.text),
                also=check.get(fields, "also", at, check.texts, ()),
                ingredients=tuple(fold(n) for n in check.get(fields, "ingredients", at, check.texts, ())),
                cite=check.get(fields, "cite", at, check.texts, ()),
            )
        )
    return tuple(found)


def other_citations(
    card: tuple[CardLine, ...],
    timeline: tuple[TimelineRow, ...],
    interactions: tuple[InteractionClass, ...],
    products: tuple[Product, ...],
) -> list[tuple[Path_, tuple[str, ...]]]:
    found: list[tuple[Path_, tuple[str, ...]]] = [(("card", i), line.cite) for i, line in enumerate(card)]
    found += [(("timeline", i), row.cite) for i, row in enumerate(timeline)]
    found += [(("timeline", i, "note"), row.note.cite) for i, row in enumerate(timeline) if row.note]
    for i, group in enumerate(interactions):
        found.append((("interactions", i), group.cite))
        found += [(("interactions", i, "advice_cite"), group.advice_cite)] if group.advice_cite else []
        found += [(("interactions", i, "members", j), m.cite) for j, m in enumerate(group.members)]
    found += [(("products", i), product.cite) for i, product in enumerate(products)]
    return found


def comparison(check: Checker, value: Any, where: Path_) -> Comparison:
    """The layout of `compare`: the rows (a key for the cells, a title for users) and the line under the table."""
    fields = check.shape(value, where, "comparison")
    rows: list[ComparisonRow] = []
    for at, item in check.get(fields, "rows", where, lambda v, w: check.items(v, w, "rows"), []):
        row = check.shape(item, at, "comparison-row")
        key = check.get(row, "key", at, check.text)
        if key and not _is_row_key(key):
            check.fail((*at, "key"), f"row key {key!r} must be lowercase letters, digits and '_'")
        elif key and any(r.key == key for r in rows):
            check.fail((*at, "key"), f"row key {key!r} is used twice")
        rows.append(ComparisonRow(key, check.get(row, "title", at, check.text)))
    return Comparison(
        title=check.get(fields, "title", where, check.text),
        rows=tuple(rows),
        note=check.get(fields, "note", where, check.text),
        help=check.get(fields, "help", where, lambda v, w: monograph_parts.help_line(check, v, w), ""),
    )


def _is_row_key(text: str) -> bool:
    return text[:1].isalpha() and text.isascii() and frozenset("abcdefghijklmnopqrstuvwxyz0123456789_").issuperset(text)


def comparators(check: Checker, value: Any, where: Path_, rows: tuple[str, ...]) -> tuple[Comparator, ...]:
    """Every drug in the comparison, with exactly one cell per row; each cell sourced, or marked unverified."""
    found: list[Comparator] = []
    seen: dict[str, str] = {}  # every folded generic and brand name -> the generic it names
    for at, item in check.items(value, where, "comparators"):
        fields = check.shape(item, at, "comparator")
        generic = check.get(fields, "generic", at, check.text)
        brands = check.get(fields, "brands", at, check.texts, ())
        cells: dict[str, Cell] = {}
        given = check.get(fields, "cells", at, lambda v, w: v, {})
        if not isinstance(given, dict):
            check.fail((*at, "cells"), f"must be a mapping of row keys to cells, not {kind_of(given)}")
            given = {}
        for key, cell in given.items():
            if key not in rows:
                expected = ", ".join(rows) if rows else "none: the file has no comparison rows"
                check.fail((*at, "cells", str(key)), f"unknown row {key!r} (expected one of: {expected})")
                continue
            cells[key] = _cell(check, cell, (*at, "cells", key))
        for key in rows:
            if isinstance(fields.get("cells"), dict) and key not in given:
                check.fail((*at, "cells"), f"missing the cell for row {key!r}")
        for name in dict.fromkeys(fold(n) for n in (generic, *brands) if n):
            if name in seen:
                check.fail(at, f"the name {name!r} already names the comparator {seen[name]!r}")
            seen[name] = generic
        found.append(Comparator(generic, brands, cells))
    if found and not rows:
        check.fail(where, "comparators need a comparison section with the rows their cells fill")
    return tuple(found)


def _cell(check: Checker, value: Any, where: Path_) -> Cell:
    """{text, cite, quote} for a finding ("not stated in the label" is one), or {unverified: why} for a cell
    that was not read: never both, and never a finding without a source."""
    if isinstance(value, dict) and "unverified" in value:
        check.shape(value, where, "unverified-cell")
        return Cell("", (), check.text(value["unverified"], (*where, "unverified")) or "unverified")
    fields = check.shape(value, where, "cell")
    return Cell(
        check.get(fields, "text", where, check.text),
        check.get(fields, "cite", where, check.texts, ()),
        quote=check.get(fields, "quote", where, check.text, ""),
    )


LABEL_KINDS = frozenset(("label", "archived-label"))


def quotes(check: Checker, sources: tuple[Source, ...], comparators: tuple[Comparator, ...]) -> None:
    """A cell that rests on another drug's label carries that label's own words (quote), so that the next
    reader can check it against the label in a minute; a quote is the words read, so it is never the cell's
    own wording. The monograph's own label is cited section by section (its sources carry a section) and is
    restated, statement by statement, in this file's sections; a cell may quote it, but need not."""
    whole_labels = {source.id for source in sources if source.kind in LABEL_KINDS and not source.section}
    for i, comparator in enumerate(comparators):
        for key, cell in comparator.cells.items():
            at: Path_ = ("comparators", i, "cells", key)
            if not cell.verified:
                continue
            if whole_labels.intersection(cell.cite) and not cell.quote:
                check.fail(at, "rests on a label, so it needs a quote: the label's words it rests on")
            elif cell.quote and " ".join(cell.quote.split()) == " ".join(cell.text.split()):
                check.fail((*at, "quote"), "must be the label's words as read, not the cell's own text")


def comparator_citations(comparators: tuple[Comparator, ...]) -> list[tuple[Path_, tuple[str, ...]]]:
    return [
        (("comparators", i, "cells", key), cell.cite)
        for i, comparator in enumerate(comparators)
        for key, cell in comparator.cells.items()
    ]


def comparator_order(
    check: Checker, top: dict[str, Any], identity: Identity | None, comparators: tuple[Comparator, ...]
) -> tuple[Comparator, ...]:
    """The monograph's own drug first (it must be in the table), then the others in the file's order."""
    if "comparison" in top and "comparators" not in top:
        check.fail(("comparison",), "a comparison needs comparators to compare")
    if not comparators or identity is None:
        return comparators
    own = [c for c in comparators if fold(c.generic) == fold(identity.generic_name)]
    if not own:
        check.fail(("comparators",), f"the monograph's own drug, {identity.generic_name!r}, is not a comparator")
    return (*own, *(c for c in comparators if c not in own))


def class_index(check: Checker, interactions: tuple[InteractionClass, ...]) -> dict[str, tuple[int, ...]]:
    """Every generic name and class word -> the classes it is in; a name may be in several, once in each."""
    index: dict[str, tuple[int, ...]] = {}
    ids: set[str] = set()
    for i, group in enumerate(interactions):
        if group.id in ids:
            check.fail(("interactions", i, "id"), f"interaction class id {group.id!r} is used twice")
        ids.add(group.id)
        for name in (*group.words, *(n for m in group.members for n in m.names)):
            if i in index.get(name, ()):
                check.fail(("interactions", i), f"the name {name!r} is listed twice in {group.id!r}")
            elif name:
                index[name] = (*index.get(name, ()), i)
    return index


def product_index(
    check: Checker, products: tuple[Product, ...], classes_of: dict[str, tuple[int, ...]]
) -> dict[str, int]:
    """Every product name -> its index; a product name must not also be a generic name or class word."""
    index: dict[str, int] = {}
    for i, product in enumerate(products):
        for name in dict.fromkeys(fold(n) for n in (product.name, *product.also)):
            if name in index or name in classes_of:
                check.fail(("products", i), f"the product name {name!r} is listed twice")
            elif name:
                index[name] = i
    return index
