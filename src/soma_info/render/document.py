"""The format-neutral shape of every output: a sequence of elements plus the data JSON prints."""

from __future__ import annotations

from soma_info.knowledge.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any

Span = tuple[int, int]  # a [start, end) match to highlight inside a paragraph


class Title(Record):
    text: str
    tag: str = ""  # the section key, shown beside the title
    level: int = 1


class Subtitle(Record):
    text: str


class Verdict(Record):
    """A checked claim's verdict: its category (one of knowledge.model.VERDICTS) and where the text states it."""

    category: str
    span: Span


class Paragraph(Record):
    text: str
    refs: str = ""  # citation markers such as "[1, 2]", pointing into the SourceNotes that follow
    marks: tuple[Span, ...] = ()
    verdict: Verdict | None = None  # a checked claim's, styled by each format in its own way


class Bullets(Record):
    items: tuple[Paragraph, ...]


class Grid(Record):
    """A table of facts from the monograph."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    refs: str = ""


class Records(Record):
    """A listing (the sections, the sources) in two shapes, and the renderer picks: plain text, read by grep and
    cut, prints only ``rows``, one record a line, fields tab-separated; the other formats show ``shown`` (a
    table, a list, a notice). So no view needs to know the format a listing will be printed in."""

    rows: tuple[tuple[str, ...], ...]
    shown: tuple[Element, ...]


class Lines(Record):
    """Short lines kept together, such as the version report."""

    lines: tuple[str, ...]


class SourceNotes(Record):
    entries: tuple[str, ...]  # "[1] FDA label §12.1, rev. 5/2023"
    compact: bool = False  # one paragraph instead of a line each (the one-screen card)


class Fields(Record):
    """Labelled lines, such as the drug card: (label, text, citation markers)."""

    rows: tuple[tuple[str, str, str], ...]


class Bar(Record):
    label: str
    start: float | None  # hours; None when no source gives a number
    end: float | None
    upto: float | None  # the bar may reach this far (drawn lighter)
    figure: str
    basis: str
    refs: str


class HalfLife(Record):
    """A half-life: listed with its figure beside the chart, never drawn as a bar after the dose."""

    label: str
    figure: str
    basis: str
    refs: str


class Timeline(Record):
    """Quantities over the hours after a dose, drawn as bars against a common axis, then the half-lives as a
    group of their own (heading, one line each, and the notes that qualify them)."""

    bars: tuple[Bar, ...]
    half_lives: tuple[HalfLife, ...] = ()
    notes: tuple[Paragraph, ...] = ()  # shown beneath the half-lives, each with its citation markers
    heading: str = ""  # what a half-life is, above the group
    hours: int = 12


SIDE_BY_SIDE = 3  # a comparison of at most this many items puts them side by side


class Matrix(Record):
    """Items (drugs) compared attribute by attribute: one row per attribute, one cell per item, each cell with
    its citation markers.

    Side by side (the items as columns) when there are at most ``SIDE_BY_SIDE`` items and the width holds every
    column (the styled layout decides); otherwise each attribute is drawn on its own with one line per item (the
    items as rows), which stays readable at any width however many items there are. Plain text always gives
    each cell a line of its own.
    """

    items: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Paragraph, ...]], ...]  # (attribute, one cell per item, in item order)

    @property
    def side_by_side(self) -> bool:
        return len(self.items) <= SIDE_BY_SIDE


class Notice(Record):
    text: str
    compact: bool = False  # drawn without a box where a screen has no line to spare (the one-screen card)


Element = (
    Title | Subtitle | Paragraph | Bullets | Grid | Records | Lines | SourceNotes | Notice | Fields | Timeline | Matrix
)


class Document(Record):
    elements: tuple[Element, ...]
    data: dict[str, Any]  # what --format json prints
    status: int = 0  # the exit code the result calls for (ExitCode), set by the view; never read back from data
    absent: str = ""  # nothing to show: the text formats print nothing and say this on stderr; JSON prints data

    @property
    def notice(self) -> str:
        return next((e.text for e in shown(self.elements) if isinstance(e, Notice)), "")


def shown(elements: tuple[Element, ...]) -> tuple[Element, ...]:
    """The elements as every format but plain text shows them: each listing (``Records``) by its shown elements."""
    if not any(isinstance(e, Records) for e in elements):
        return elements
    return tuple(part for e in elements for part in (e.shown if isinstance(e, Records) else (e,)))


class Style(Record):
    """How a terminal may be drawn on: width, colours (None: no escape codes at all), encoding."""

    width: int
    color_system: str | None  # "standard", "256", "truecolor" or None
    no_color: bool = False  # NO_COLOR: bold and underline stay, colours go
    encoding: str = "utf-8"
