"""What each command shows, as a ``Document``: shared by the Typer commands and the fast path."""

from __future__ import annotations

from soma_info.exitcodes import ExitCode
from soma_info.knowledge.model import (
    HALF_LIFE,
    SCHEMA_VERSION,
    SPAN,
    UNVERIFIED,
    Comparator,
    Identity,
    KnowledgeError,
    Monograph,
    Problem,
    Section,
    Source,
    Statement,
    StatementList,
    Subheading,
    block_data,
)
from soma_info.knowledge.record import Record, data_of
from soma_info.knowledge.text import visible
from soma_info.knowledge.vocabulary import fold
from soma_info.render.document import (
    Bar,
    Bullets,
    Document,
    Element,
    Fields,
    Grid,
    HalfLife,
    Lines,
    Matrix,
    Notice,
    Paragraph,
    Records,
    SourceNotes,
    Subtitle,
    Timeline,
    Title,
    Verdict,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from soma_info.knowledge.interactions import Near, Reading
    from soma_info.knowledge.search import Hit
    from soma_info.knowledge.vocabulary import Vocabulary


def notice(monograph: Monograph) -> Notice:
    return Notice(monograph.notice)


def provenance(monograph: Monograph) -> str:
    who = monograph.identity
    return (
        f"Follows the FDA label for {', '.join(who.brand_names)} ({who.generic_name}), "
        f"revised {who.label_revision}; this file was last reviewed {who.reviewed}. {who.scope}"
    )


def provenance_data(monograph: Monograph) -> dict[str, str]:
    who = monograph.identity
    return {"label_revision": who.label_revision, "reviewed": who.reviewed, "scope": who.scope}


# ----------------------------------------------------------------------------- sections


def section(monograph: Monograph, chosen: Section) -> Document:
    elements = [*_section_elements(monograph, chosen, level=1), notice(monograph)]
    data = {**section_data(monograph, chosen), "provenance": provenance_data(monograph)}
    if chosen.key == monograph.timeline_in:
        data["timeline"] = data_of(monograph.timeline)
    return Document(tuple(elements), data)


def brief(monograph: Monograph, chosen: Section) -> Document:
    """A section in one screen (80×20): its plain-language lead, its key figures with their citation markers,
    the sources they cite (compactly, as on the card) and the notice. Only what the section's body says."""
    citations = _Citations(monograph, (c for item in chosen.brief for c in item.cite))
    elements: list[Element] = [
        Title(chosen.title, chosen.key, level=1),
        Paragraph(chosen.summary),
        Bullets(tuple(Paragraph(item.text, citations.marker(item.cite)) for item in chosen.brief)),
        *([SourceNotes(citations.grouped(), compact=True)] if citations.numbers else []),
        notice(monograph),
    ]
    data = {
        "key": chosen.key,
        "title": chosen.title,
        "summary": chosen.summary,
        "brief": data_of(chosen.brief),
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def everything(monograph: Monograph) -> Document:
    who = monograph.identity
    elements: list[Element] = [
        Title(f"{', '.join(who.brand_names)} ({who.generic_name})", level=1),
        Paragraph(f"{who.drug_class}. {who.controlled_substance}."),
        Paragraph(provenance(monograph)),
    ]
    for chosen in monograph.sections:
        elements += _section_elements(monograph, chosen, level=2)
    elements.append(notice(monograph))
    data = {
        "monograph": data_of(monograph.identity),
        "provenance": provenance_data(monograph),
        "sections": [section_data(monograph, s) for s in monograph.sections],
    }
    return Document(tuple(elements), data)


class _Citations:
    """Numbers a section's sources in order of first citation: statements carry "[1, 2]", notes list them."""

    def __init__(self, monograph: Monograph, source_ids: Iterable[str]) -> None:
        self.monograph = monograph
        self.numbers = {source_id: n for n, source_id in enumerate(dict.fromkeys(source_ids), start=1)}

    def marker(self, cite: tuple[str, ...]) -> str:
        return "[" + ", ".join(str(self.numbers[c]) for c in cite) + "]" if cite else ""

    def grouped(self) -> tuple[str, ...]:
        """Compact notes for the one-screen card: label sections share one "FDA label, rev. ..." prefix."""
        groups: dict[str, list[str]] = {}
        for source_id, number in self.numbers.items():
            source = self.monograph.source(source_id)
            if source.section:
                groups.setdefault(f"{source.short}, {source.date}", []).append(f"[{number}] §{source.section}")
            else:
                groups.setdefault(f"[{number}] {source.citation}", [])
        return tuple(f"{head}: {', '.join(items)}" if items else head for head, items in groups.items())

    def notes(self) -> SourceNotes:
        return SourceNotes(tuple(f"[{n}] {self.monograph.source(i).citation}" for i, n in self.numbers.items()))


def _section_elements(monograph: Monograph, chosen: Section, level: int) -> list[Element]:
    extra = timeline_ids(monograph) if chosen.key == monograph.timeline_in else ()
    citations = _Citations(monograph, (*chosen.source_ids, *extra))
    refs = citations.marker
    elements: list[Element] = [Title(chosen.title, chosen.key, level)]
    for index, block in enumerate(chosen.body):
        if isinstance(block, Subheading):
            elements.append(Subtitle(block.text))
        elif isinstance(block, Statement):
            elements.append(Paragraph(block.text, refs(block.cite)))
        elif isinstance(block, StatementList):
            elements.append(Bullets(tuple(Paragraph(i.text, refs(i.cite), verdict=_verdict(i)) for i in block.items)))
        else:
            elements.append(Grid(block.columns, block.rows, block.caption, refs(block.cite)))
        if index == 0 and chosen.key == monograph.timeline_in and monograph.timeline:
            elements.append(timeline(monograph, refs))
    elements.append(citations.notes())
    return elements


def _verdict(claim: Statement) -> Verdict | None:
    """A checked claim's verdict, from its field; the span is where the text states it (the schema checks it does)."""
    at = claim.verdict_at()
    return Verdict(claim.verdict, at) if at else None


HALF_LIFE_HEADING = "Half-lives (time for the blood level to halve; not when the drug is gone)"


def timeline(monograph: Monograph, refs: Callable[[tuple[str, ...]], str]) -> Timeline:
    """Spans become bars after the dose; half-lives never do: they are listed apart, with their notes."""
    rows = monograph.timeline
    bars = tuple(Bar(r.label, r.start, r.end, r.upto, r.figure, r.basis, refs(r.cite)) for r in rows if r.kind == SPAN)
    half_lives = tuple(HalfLife(r.label, r.figure, r.basis, refs(r.cite)) for r in rows if r.kind == HALF_LIFE)
    notes = tuple(Paragraph(r.note.text, refs(r.note.cite)) for r in rows if r.kind == HALF_LIFE and r.note)
    return Timeline(bars, half_lives, notes, HALF_LIFE_HEADING if half_lives else "")


def timeline_ids(monograph: Monograph) -> list[str]:
    """The sources the timeline cites, in the order it shows them: rows first, then the notes beneath."""
    rows = monograph.timeline
    return [c for r in rows for c in r.cite] + [c for r in rows if r.note for c in r.note.cite]


# ----------------------------------------------------------------------------- the card


def _provenance_first(who: Identity, groups: tuple[str, ...]) -> tuple[str, ...]:
    """The card's source notes, led by the label revision and the date of review. The group of the label's own
    sections goes under that lead ("FDA label rev. 5/2023, reviewed ...: [1] §12.2, ...") instead of naming the
    revision a second time."""
    lead = f"FDA label rev. {who.label_revision}, reviewed {who.reviewed}"
    own = f"FDA label, rev. {who.label_revision}: "
    if any(group.startswith(own) for group in groups):
        return tuple(lead + ": " + group[len(own) :] if group.startswith(own) else group for group in groups)
    return (lead, *groups)


def card(monograph: Monograph) -> Document:
    """The one-screen drug card: every line sourced, sources listed compactly, the notice last."""
    who = monograph.identity
    ids = [c for line in monograph.card for c in line.cite] + timeline_ids(monograph)
    citations = _Citations(monograph, ids)
    elements: list[Element] = [
        Title(f"{', '.join(who.brand_names)} ({who.generic_name}): drug card", level=1),
        Fields(tuple((line.label, line.text, citations.marker(line.cite)) for line in monograph.card)),
        *([timeline(monograph, citations.marker)] if monograph.timeline else []),
        SourceNotes(_provenance_first(who, citations.grouped()), True),
        notice(monograph)._replace(compact=True),
    ]
    data = {
        "monograph": data_of(monograph.identity),
        "card": data_of(monograph.card),
        "timeline": data_of(monograph.timeline),
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


# ----------------------------------------------------------------------------- interaction check

# The words for what the check could not find. None of them may read as a verdict of safety.
NOTHING_LISTED = (
    "{drug} is a drug name this reference knows, but neither the {brand} label nor the other sources here "
    "list it as interacting with {brand}, and the class lists here are not complete. That is not evidence "
    "that the combination is safe."
)
NOT_RECOGNISED = "'{name}' is not a drug name this reference recognises: check the spelling."
ASK = (
    "Ask your prescriber or pharmacist before taking {brand} with any other medicine, including medicines "
    "bought without a prescription, and tell them about alcohol."
)


def interaction_check(monograph: Monograph, vocabulary: Vocabulary, names: list[str]) -> Document:
    """What the sources say about taking the monograph's drug with each named drug: a summary table first,
    then each name as it was read, with each ingredient's findings; the notice last."""
    from soma_info.knowledge import interactions  # only the interaction check pays for it

    brand = ", ".join(monograph.identity.brand_names)
    readings = [interactions.read(monograph, vocabulary, name) for name in names]
    ids = [
        c
        for r in readings
        for c in (
            *(r.product.cite if r.product else ()),
            *(c for f in r.findings for c in (*f.membership, *f.group.cite, *f.group.advice_sources)),
        )
    ]
    maybe_unlisted = [_may_be_unlisted(r) for r in readings]
    unlisted = monograph.unlisted if any(maybe_unlisted) else None
    ids += unlisted.cite if unlisted else ()
    citations = _Citations(monograph, ids)
    elements: list[Element] = [
        Title(f"Interactions with {brand} ({monograph.identity.generic_name})", level=1),
        Grid(("Name", "Ingredient", "Class", "Concern"), tuple(r for x in readings for r in _summary_rows(x))),
    ]
    explained: dict[str, str] = {}  # class id -> the ingredient under which its finding was first given
    unlisted_first: str | None = None  # the name under which the note on unlisted medicines was given
    told = [_how_read(monograph, reading) for reading in readings]
    for reading, how, maybe in zip(readings, told, maybe_unlisted, strict=True):
        elements.append(Title(visible(reading.typed), level=2))
        if how:
            elements.append(Paragraph(how, citations.marker(reading.product.cite) if reading.product else ""))
        items: list[Paragraph] = []
        for finding in reading.findings:
            group, refs = finding.group, citations.marker(finding.group.cite)
            if finding.members:
                members = citations.marker(finding.membership)
                items.append(Paragraph(f"{finding.ingredient} is in the class {group.name}.", members))
            if group.id in explained:
                items.append(Paragraph(f"{group.name}: see the finding under {explained[group.id]} above."))
                continue
            explained[group.id] = visible(reading.typed)
            items.append(Paragraph(f"{group.concern}. {group.effect}", refs))
            items.append(Paragraph(f"What the label advises: {group.advice}", citations.marker(group.advice_sources)))
        if items:
            elements.append(Bullets(tuple(items)))
        for ingredient in _unlisted(reading):
            elements.append(Paragraph(NOTHING_LISTED.format(drug=ingredient, brand=brand)))
        if unlisted and maybe:
            if unlisted_first is None:
                unlisted_first = visible(reading.typed)
                elements.append(Paragraph(unlisted.text, citations.marker(unlisted.cite)))
            else:
                elements.append(Paragraph(f"See the note on medicines no class lists, under {unlisted_first} above."))
    elements.append(Paragraph(ASK.format(brand=brand)))
    if citations.numbers:
        elements.append(citations.notes())
    elements.append(notice(monograph))
    data = {
        "results": [_reading_data(monograph, r, how) for r, how in zip(readings, told, strict=True)],
        "ask": ASK.format(brand=brand),
        "unlisted": data_of(unlisted),  # bears on names no class lists or not recognised; else null
        "sources": [data_of(monograph.source(i)) for i in citations.numbers],
        "vocabulary": data_of(vocabulary.provenance()),
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def interaction_exit_code(document: Document) -> int:
    """0 when every name was read exactly; 1 when one was not recognised or only guessed (a misspelling, a part of
    a name). Neither says that a combination is safe."""
    return ExitCode.OK if all(r["exact"] for r in document.data["results"]) else ExitCode.NO_MATCH


def _may_be_unlisted(reading: Reading) -> bool:
    """A name that may stand for a medicine no class lists: a known ingredient with no class, a name not
    recognised (it could be anything, a sedative included), or one only partly recognised."""
    from soma_info.knowledge.interactions import PARTIAL

    return bool(_unlisted(reading)) or not reading.known or reading.how == PARTIAL


def _unlisted(reading: Reading) -> list[str]:
    """The ingredients of a recognised name that no class lists."""
    if not reading.known or not reading.ingredients:
        return []
    return [i for i in reading.ingredients if not any(f.ingredient == i for f in reading.findings)]


def _summary_rows(reading: Reading) -> list[tuple[str, str, str, str]]:
    from soma_info.knowledge.interactions import MISSPELLING, PARTIAL

    typed = visible(reading.typed)
    if not reading.known:
        return [(typed, "?", "-", "not recognised: check the spelling")]
    if reading.how == MISSPELLING:
        typed = f"{typed} (read as {reading.read_as})"
    rows = []
    if reading.how == PARTIAL:
        rows.append((typed, "?", "-", "only partly recognised: check the label's active ingredients"))
    for ingredient in reading.ingredients or (reading.read_as,):  # a class word has no ingredient of its own
        found = [f for f in reading.findings if f.ingredient == ingredient]
        rows += [(typed, ingredient, f.group.name, f.group.concern) for f in found]
        rows += [] if found else [(typed, ingredient, "-", "none listed here; not evidence of safety")]
    return rows


def _how_read(monograph: Monograph, reading: Reading) -> str:
    from soma_info.knowledge import interactions

    typed, found = visible(reading.typed), " + ".join(reading.ingredients)
    if reading.how == interactions.UNKNOWN:
        near = f" Did you mean {' or '.join(_offered(n) for n in reading.near)}?" if reading.near else ""
        return NOT_RECOGNISED.format(name=typed) + near
    if reading.how == interactions.SAME_DRUG:
        return f"{typed} is {found}, the active ingredient of {', '.join(monograph.identity.brand_names)} itself."
    if reading.how == interactions.PRODUCT and len(reading.ingredients) > 1:
        return f"{typed} is a combination product: {found}."
    if reading.how == interactions.CLASS_WORD:
        return f"'{typed}' is read as the class {' and '.join(f.group.name for f in reading.findings)}."
    if reading.how == interactions.PARTIAL:
        hints = "".join(f" Note: {hint}." for hint in reading.hints())
        return (
            f"Only '{reading.read_as}' ({found}) was recognised in '{typed}'; '{' '.join(reading.left)}' was not. "
            "A product whose name adds words may have other active ingredients: check the label's list of active "
            f"ingredients.{hints}"
        )
    if reading.how == interactions.BRAND:
        return (
            f"{typed}: {found}, as FDA's UNII Names list gives its active ingredients. That list does not always "
            "name every ingredient of a combination: check the label's active ingredients."
        )
    if reading.how == interactions.SPACED:
        return (
            f"'{typed}' is read as several names written one after another: {found}. If it is one product, check "
            "its label's active ingredients."
        )
    if reading.how == interactions.MISSPELLING:
        return f"'{typed}' is not an exact match; read as '{reading.read_as}' ({found}). Check the spelling."
    if reading.ingredients == (reading.read_as,):
        return ""  # a generic name: nothing to explain
    noun = "active ingredient" if len(reading.ingredients) == 1 else "active ingredients"
    return f"{typed}: {noun} {found}."


def _offered(near: Near) -> str:
    """A near name as offered: with what it is, and its classes, so that a warning is not lost with the guess
    ("'klonopin' (clonazepam; in the class Benzodiazepines)")."""
    what = [] if near.ingredients in ((), (near.name,)) else [" + ".join(near.ingredients)]
    what += [f"in the class {' and '.join(near.classes)}"] if near.classes else []
    return f"'{visible(near.name)}'" + (f" ({'; '.join(what)})" if what else "")


def _reading_data(monograph: Monograph, reading: Reading, how: str) -> dict[str, Any]:
    """A name as read. A script that shows only `interaction_listed: false` must still have the caveat at hand:
    each unlisted ingredient carries the same "not evidence of safety" words as the text."""
    brand = monograph.identity.brand_names[0]
    unlisted = _unlisted(reading)
    return {
        "input": visible(reading.typed),
        "known": reading.known,
        "exact": reading.exact,
        "read_as": reading.how,
        "matched_name": reading.read_as,
        "ingredients": [
            {
                "name": ingredient,
                "classes": [
                    {
                        **data_of(f.group, "id", "name", "concern", "effect", "advice", "cite"),
                        "advice_cite": list(f.group.advice_sources),
                        "membership_cite": list(f.membership),
                    }
                    for f in reading.findings
                    if f.ingredient == ingredient
                ],
                "note": NOTHING_LISTED.format(drug=ingredient, brand=brand) if ingredient in unlisted else "",
            }
            for ingredient in (reading.ingredients or tuple(dict.fromkeys(f.ingredient for f in reading.findings)))
        ],
        "interaction_listed": bool(reading.findings),
        "product_cite": list(reading.product.cite) if reading.product else [],
        "message": how,
        "suggestions": data_of(reading.near),
    }


def section_data(monograph: Monograph, chosen: Section) -> dict[str, Any]:
    return {
        **data_of(chosen, *SECTION_HEAD),
        "body": [block_data(block) for block in chosen.body],
        "sources": data_of(monograph.cited(chosen)),
    }


SECTION_HEAD = ("key", "title", "aliases", "summary")  # what names a section, in listings and above its body


# ----------------------------------------------------------------------------- comparison

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
    citations = _Citations(monograph, (i for _, row_cells in cells for c in row_cells for i in c.cite))
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


# ----------------------------------------------------------------------------- listings


def listing(monograph: Monograph, fmt: str) -> Document:
    """`soma-info sections`: key<TAB>title lines in plain text (for grep and cut), else a table."""
    data = {"sections": [data_of(s, *SECTION_HEAD) for s in monograph.sections]}
    if fmt == "plain":
        return Document((Records(("key", "title"), tuple((s.key, s.title) for s in monograph.sections)),), data)
    rows = tuple((s.key, s.title, s.summary) for s in monograph.sections)
    return Document((Records(("Key", "Title", "Summary"), rows), notice(monograph)), data)


def datasets() -> list[dict[str, str]]:
    """The datasets the interaction check reads names and class members from: what each gives, its version and
    files, its licence (whose terms ship with the extract) and its home page."""
    from soma_info.knowledge import classlists
    from soma_info.knowledge.vocabulary import Vocabulary

    vocabulary = Vocabulary.load()
    names, brands = vocabulary.provenance(), vocabulary.brands.provenance() if vocabulary.brands else None
    lists = classlists.load().provenance
    found = [
        ("dataset-vocabulary", "drug names, brands and their active ingredients", names.dataset, names.licence),
        *([("dataset-brands", "US brand and combination names the first lacks (FDA UNII Names list)",
            brands.dataset, brands.licence)] if brands else []),
        ("dataset-class-lists", f"interaction class members: {lists.get('source', '')}", lists.get("dataset", ""),
         lists.get("licence", "")),
    ]  # fmt: skip
    rows = []
    for id_, what, dataset, licence in found:
        parts = dataset.split(", ")
        url = next((p for p in parts if p.startswith("https://")), "")
        rows.append({"id": id_, "what": what, "dataset": ", ".join(p for p in parts if p != url),
                     "licence": licence.replace(" (the dataset's licence, reproduced below as it requires)", ""),
                     "url": url})  # fmt: skip
    return rows


def sources(monograph: Monograph, fmt: str, chosen: tuple[Source, ...] | None = None) -> Document:
    """Every source the file cites and the datasets the check reads, or only the ``chosen`` sources
    (`soma-info sources Reeves`)."""
    shown = monograph.sources if chosen is None else chosen
    found = datasets() if chosen is None else []
    data: dict[str, Any] = {"sources": data_of(shown)}
    if chosen is None:
        data["datasets"] = found
    if fmt == "plain":
        fields = tuple((s.id, s.citation, s.title, s.publisher, s.url) for s in shown)
        fields += tuple((d["id"], d["dataset"], d["what"], d["licence"], d["url"]) for d in found)
        return Document((Records(("id", "citation", "title", "publisher", "url"), fields),), data)
    # A list, not a table: a URL split across a table cell can be neither clicked nor copied.
    entries = tuple(Paragraph(f"{s.id}: {s.citation}. {s.title}. {s.publisher}. {s.url}") for s in shown)
    if not found:
        return Document((Title("Sources", level=1), Bullets(entries)), data)
    sets = tuple(
        Paragraph(f"{d['id']}: {d['what']}. {d['dataset']}. Licence: {d['licence']}. {d['url']}") for d in found
    )
    return Document((Title("Sources", level=1), Bullets(entries), Title("Datasets", level=2), Bullets(sets)), data)


def version(monograph: Monograph | None, program: str, path: str, problem: str = "") -> Document:
    """The versions of the program and of the knowledge file; without a monograph (the file cannot be used),
    the program's and the file's path, with what is wrong with it."""
    data: dict[str, Any] = {"version": program, "schema": SCHEMA_VERSION, "knowledge_file": path}
    lines = [f"soma-info {program} (knowledge-file schema {SCHEMA_VERSION})", f"Knowledge file: {path}"]
    if monograph is None:
        lines[-1] += " (it cannot be used; soma-info validate lists its problems)"
        data["problem"] = problem
        return Document((Lines(tuple(lines)),), data)
    who = monograph.identity
    lines.append(f"FDA label revision {who.label_revision}; file last reviewed {who.reviewed}")
    data |= {"label_revision": who.label_revision, "reviewed": who.reviewed}
    return Document((Lines(tuple(lines)),), data)


class Listing(Record):
    """A command that takes nothing but the output options: what it shows, and whether it pages itself."""

    build: Callable[[Monograph, str], Document]
    paged: bool = False  # taller than a screen: on a terminal it goes through the pager by itself


# The Typer commands and the fast path both take these from here, so the two cannot disagree.
LISTINGS: dict[str, Listing] = {
    "all": Listing(lambda monograph, _fmt: everything(monograph), paged=True),
    "card": Listing(lambda monograph, _fmt: card(monograph)),
    "sections": Listing(listing),
    "sources": Listing(sources),
}


# ----------------------------------------------------------------------------- search


def search_results(monograph: Monograph, query: str, hits: list[Hit]) -> Document:
    count = sum(len(h.passages) for h in hits)
    elements: list[Element] = [
        Title(f"Search: {visible(query)}", level=1),
        Paragraph(f"{_plural(count, 'passage')} in {_plural(len(hits), 'section')}."),
    ]
    for hit in hits:
        citations = _Citations(monograph, (c for p in hit.passages for c in p.cite))
        elements.append(Title(hit.section.title, hit.section.key, level=2))
        elements.append(Bullets(tuple(Paragraph(p.text, citations.marker(p.cite), p.spans, _verdict(p.statement))
                                      for p in hit.passages)))  # fmt: skip
        if citations.numbers:
            elements.append(citations.notes())
    elements.append(notice(monograph))
    data = {
        "query": visible(query),
        "results": [
            {
                "key": hit.section.key,
                "title": hit.section.title,
                "passages": data_of(hit.passages),
            }
            for hit in hits
        ],
        "sources": [
            data_of(monograph.source(c)) for c in dict.fromkeys(c for h in hits for p in h.passages for c in p.cite)
        ],
        "provenance": provenance_data(monograph),
    }
    return Document(tuple(elements), data)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
