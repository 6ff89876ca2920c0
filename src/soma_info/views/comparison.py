"""The comparison: the monograph's drug beside other drugs of its class, row by row."""

from __future__ import annotations

from soma_info.knowledge.model import UNVERIFIED, Comparator, KnowledgeError, Monograph, Problem
from soma_info.knowledge.record import data_of
from soma_info.knowledge.text import visible
from soma_info.knowledge.vocabulary import fold
from soma_info.render.document import Document, Element, Matrix, Paragraph, Title
from soma_info.views.common import Citations, notice, provenance_data

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

    from soma_info.knowledge.interactions import Reading
    from soma_info.knowledge.vocabulary import Vocabulary


UNVERIFIED_LEGEND = (
    f'"{UNVERIFIED}": this reference has not read that entry on the label or a word-for-word copy of it, so it '
    'shows nothing there; it is not a statement about the drug. "not stated in the label": the sections named '
    "were read and say nothing on it."
)


class NotComparable(ValueError):
    """A name that is not a drug in the comparison table (a usage error): what it is, and what can be compared."""


def compare(monograph: Monograph, names: list[str], vocabulary: Vocabulary | None = None, path: str = "") -> Document:
    """The monograph's drug beside the others (all of them, or those named): every cell with its sources or
    the unverified marker, the line that a comparison is not a recommendation, the sources, the notice."""
    comparison = monograph.comparison
    if comparison is None or not monograph.comparators:
        raise KnowledgeError(path, [Problem("comparison", "this knowledge file has no comparison table to show")])
    chosen, readings = _comparators_named(monograph, names, vocabulary) if names else (monograph.comparators, [])
    heads = tuple(_head(monograph, c) for c in chosen)
    cells = [(row, [c.cells[row.key] for c in chosen]) for row in comparison.rows]
    citations = Citations(monograph, (i for _, row_cells in cells for c in row_cells for i in c.cite))
    rows = tuple(
        (row.title, tuple(Paragraph(c.text or UNVERIFIED, citations.marker(c.cite)) for c in row_cells))
        for row, row_cells in cells
    )
    unverified = any(not c.verified or UNVERIFIED in c.text for _, row_cells in cells for c in row_cells)
    elements: list[Element] = [
        Title(comparison.title, level=1),
        *([Paragraph("Names read: " + "; ".join(readings) + ".")] if readings else []),
        Matrix(heads, rows),
        Paragraph(comparison.note),
        *([Paragraph(UNVERIFIED_LEGEND)] if unverified else []),
        citations.notes(),
        notice(monograph),
    ]
    data = {
        "title": comparison.title,
        "rows": data_of(comparison.rows),
        "drugs": [_comparator_data(monograph, c) for c in chosen],
        "names_read": readings,
        "note": comparison.note,
        "unverified_marker": UNVERIFIED,
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def _head(monograph: Monograph, comparator: Comparator) -> str:
    """The column head: the monograph's own drug under its brand, as everywhere else; the others by generic name."""
    own = comparator is monograph.comparators[0]
    return f"{', '.join(monograph.identity.brand_names)} ({comparator.generic})" if own else comparator.generic


def _comparator_data(monograph: Monograph, comparator: Comparator) -> dict[str, Any]:
    own = comparator is monograph.comparators[0]
    return {**data_of(comparator, "generic", "brands"), "monograph_drug": own, "cells": data_of(comparator.cells)}


def _comparators_named(
    monograph: Monograph, names: list[str], vocabulary: Vocabulary | None
) -> tuple[tuple[Comparator, ...], list[str]]:
    """The monograph's drug and each named one, once each, in order; how names other than a generic were read.

    A name is a comparator's generic name or one of its brands, or else it is read as the interaction check
    reads names (brands from the drug-name vocabulary, salts and strengths dropped, near misspellings). A name
    that does not stand for exactly one drug in the table is refused, with what the name is when it is known.
    """
    from soma_info.knowledge import interactions
    from soma_info.knowledge.vocabulary import Vocabulary

    words = vocabulary or Vocabulary.load()
    chosen = [monograph.comparators[0]]
    readings: list[str] = []
    refused: list[str] = []
    for typed in names:
        if not typed.strip():
            refused.append("A drug name must not be empty.")
            continue
        found = monograph.comparator(typed)
        reading = None if found else interactions.read(monograph, words, typed)
        if reading is not None and reading.known and len(reading.ingredients) == 1:
            found = monograph.comparator(reading.ingredients[0])
        if found is None:
            refused.append(_not_comparable(typed, reading, monograph.identity.brand_names[0]))
            continue
        if fold(typed) != fold(found.generic):
            inexact = reading is not None and reading.how in (interactions.MISSPELLING, interactions.PARTIAL)
            how = f" (not an exact match; read as '{reading.read_as}')" if inexact and reading else ""
            readings.append(f"{visible(typed)} = {found.generic}{how}")
        if found not in chosen:
            chosen.append(found)
    if refused:
        listed = ", ".join(c.generic for c in monograph.comparators)
        raise NotComparable(f"{' '.join(refused)} Drugs that can be compared: {listed}.")
    return tuple(chosen), list(dict.fromkeys(readings))


def _not_comparable(typed: str, reading: Reading | None, brand: str) -> str:
    """What a refused name is, as far as this reference knows: never a guess. A drug with an interaction
    finding points to the check, so that naming its class is never the last word on taking it with SOMA."""
    import shlex

    from soma_info.knowledge import interactions

    shown = visible(typed)
    if reading is None or not reading.known:
        near = reading.near if reading is not None else ()
        hint = f" Did you mean {' or '.join(repr(visible(n.name)) for n in near)}?" if near else ""
        return f"'{shown}' is not a drug name this reference recognises.{hint}"
    if reading.how == interactions.CLASS_WORD:
        return f"'{shown}' names a class of drugs, not one of the muscle relaxants in this table."
    classes = list(dict.fromkeys(f.group.name for f in reading.findings))
    what = " + ".join(reading.ingredients)
    kind = f" (class: {'; '.join(classes)})" if classes else ""
    check = f' To check it with {brand}: "soma-info interactions {shlex.quote(shown)}".' if classes else ""
    if len(reading.ingredients) > 1:
        return f"'{shown}' is a combination of {what}{kind}, not one of the single drugs in this table.{check}"
    return f"'{shown}' is {what}{kind}, not one of the muscle relaxants in this table.{check}"
