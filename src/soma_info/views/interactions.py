"""The interaction check: what the sources say about the monograph's drug with each named drug."""

from __future__ import annotations

from soma_info.exitcodes import ExitCode
from soma_info.knowledge.model import Monograph
from soma_info.knowledge.record import data_of
from soma_info.knowledge.text import visible
from soma_info.render.document import Bullets, Document, Element, Grid, Paragraph, Title
from soma_info.views.common import Citations, notice, provenance_data

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

    from soma_info.knowledge.interactions import Near, Reading
    from soma_info.knowledge.vocabulary import Vocabulary


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
    citations = Citations(monograph, ids)
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
    # 0 when every name was read exactly; 1 when one was not recognised or only guessed (a misspelling, a part
    # of a name). Neither says that a combination is safe.
    status = ExitCode.OK if all(reading.exact for reading in readings) else ExitCode.NO_MATCH
    return Document(tuple(elements), data, status)


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
    from soma_info.knowledge.interactions import MISSPELLING, PARTIAL, SPACED

    typed = visible(reading.typed)
    if not reading.known:
        return [(typed, "?", "-", "not recognised: check the spelling")]
    if reading.how == MISSPELLING:
        typed = f"{typed} (read as {reading.read_as})"
    elif reading.how == SPACED:  # a guess too: the table says so, as it does for a misspelling
        typed = f"{typed} (read as separate names)"
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
