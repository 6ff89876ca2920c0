"""The domain: a Monograph of Sections made of sourced Statements, its Sources, card, timeline,
interaction table and comparison table, and the Problems that make a knowledge file unusable. Plain
immutable records; no I/O.
"""

from __future__ import annotations

from soma_info.knowledge.record import Record, data_of
from soma_info.knowledge.sections import CANONICAL_KEYS, normalise
from soma_info.knowledge.vocabulary import fold

SCHEMA_VERSION = "2"  # of the knowledge file; `validate` refuses any other

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import Any


class Source(Record):
    id: str
    short: str
    title: str
    publisher: str
    url: str
    date: str
    section: str  # "" when the source is not cited by label section
    kind: str

    @property
    def citation(self) -> str:
        """The short form shown under a section, e.g. "FDA label §12.1, rev. 5/2023"."""
        where = f" §{self.section}" if self.section else ""
        return f"{self.short}{where}, {self.date}"

    def as_data(self) -> dict[str, Any]:
        return {**data_of(self, *self._fields), "citation": self.citation}


class Subheading(Record):
    text: str


# A checked claim's verdict (the claims section): one of these, which its text also states as "— Partly supported."
VERDICTS = ("supported", "partly supported", "contradicted", "not addressed")


class Statement(Record):
    """A paragraph or a bullet, with the ids of the sources it rests on; a checked claim also has its verdict."""

    text: str
    cite: tuple[str, ...]
    verdict: str = ""  # one of VERDICTS, or "" for a statement that is not a checked claim

    def verdict_at(self) -> tuple[int, int] | None:
        """Where the text states the verdict: [start, end) of its words after the dash ("— Supported.")."""
        if not self.verdict:
            return None
        words = "— " + self.verdict[0].upper() + self.verdict[1:] + "."
        at = self.text.find(words)
        return (at + 2, at + len(words) - 1) if at != -1 else None

    def as_data(self) -> dict[str, Any]:
        """Text and sources; the verdict only for a checked claim, so other statements' JSON is as it was."""
        data: dict[str, Any] = {"text": self.text, "cite": list(self.cite)}
        return {**data, "verdict": self.verdict} if self.verdict else data


class StatementList(Record):
    items: tuple[Statement, ...]


class FactTable(Record):
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cite: tuple[str, ...]


Block = Subheading | Statement | StatementList | FactTable
BLOCK_TYPES: dict[type, str] = {Subheading: "heading", Statement: "text", StatementList: "items", FactTable: "table"}


def block_data(block: Block) -> dict[str, Any]:
    """A block of a section's body as JSON: its type, then its fields."""
    return {"type": BLOCK_TYPES[type(block)], **data_of(block)}


BRIEF_ITEMS = (3, 5)  # a section's brief holds this many items, fewest and most
BRIEF_TEXT = 70  # characters of text at most: one 80-column line with its bullet and citation marker
HELP_TEXT = 45  # characters at most in a command's one-line help: Click shortens longer ones in its listings


class Section(Record):
    key: str
    title: str
    aliases: tuple[str, ...]
    summary: str
    body: tuple[Block, ...]
    brief: tuple[Statement, ...] = ()  # the key figures of the body, restated short (`--brief`), same sources
    help: str = ""  # one line for --help and completion (at most HELP_TEXT characters)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The ids this section cites, in order of first citation."""
        seen: dict[str, None] = {}
        for block in self.body:
            for statement in _statements(block):
                seen.update(dict.fromkeys(statement))
        return tuple(seen)


def _statements(block: Block) -> tuple[tuple[str, ...], ...]:
    if isinstance(block, Statement | FactTable):
        return (block.cite,)
    if isinstance(block, StatementList):
        return tuple(item.cite for item in block.items)
    return ()


class Identity(Record):
    generic_name: str
    brand_names: tuple[str, ...]
    drug_class: str
    controlled_substance: str
    label_revision: str
    label_setid: str
    reviewed: str
    scope: str


class CardLine(Record):
    """One line of the drug card (`soma-info card`): a label, short text, its sources."""

    label: str
    text: str
    cite: tuple[str, ...]


SPAN, HALF_LIFE = "span", "half-life"
TIMELINE_KINDS = (SPAN, HALF_LIFE)


class TimelineRow(Record):
    """One quantity on the onset timeline.

    A ``span`` is a time after a dose (no span when no source gives a number). A ``half-life`` is not a time
    after a dose at all: it is how long the blood level takes to fall by half, so it has a figure and never
    hours to draw a bar with (a bar from 0 to 10 h reads as "gone by 10 h"). Only a half-life has a note.
    """

    label: str
    start: float | None
    end: float | None
    upto: float | None  # the span may reach this far (e.g. effects last 4 to 6 hours)
    figure: str
    basis: str  # where the figure comes from: "current label", "older label", ...
    cite: tuple[str, ...]
    kind: str = SPAN
    note: Statement | None = None  # a half-life's caveat, with its own sources


class Members(Record):
    """Generic names that one source puts in an interaction class."""

    names: tuple[str, ...]  # lower-case generic names, as the drug-name vocabulary gives ingredients
    cite: tuple[str, ...]  # where the membership comes from (a class list, a schedule, the drug's own label)
    listed: str = ""  # the regulator list the names were drawn from (classlists.tsv); "" for names the file gives


class InteractionClass(Record):
    id: str
    name: str
    concern: str  # the finding in a few words, for the summary table
    effect: str  # what the sources say happens, at their severity
    advice: str  # what the label advises
    cite: tuple[str, ...]
    words: tuple[str, ...]  # words people type for the class itself ("benzos", "beer"), not drug names
    members: tuple[Members, ...]
    advice_cite: tuple[str, ...] = ()  # the advice's own sources, when not all of cite's bear on it
    # Classes whose finding stands in for this one's: a class drawn from a regulator's broad list (every sedating
    # medicine) is shown for an ingredient only when no class it covers, with its own sources, lists it; the
    # list's membership then joins that class's finding as a second source that agrees.
    covers: tuple[str, ...] = ()

    @property
    def advice_sources(self) -> tuple[str, ...]:
        return self.advice_cite or self.cite


class Product(Record):
    """A combination product that the drug-name vocabulary lacks or gets wrong, with its active ingredients."""

    name: str
    also: tuple[str, ...]  # other names of the same product
    ingredients: tuple[str, ...]  # generic names, salts dropped
    cite: tuple[str, ...]


class ComparisonRow(Record):
    """One row of the comparison table: the key its cells are filed under and the title shown to users."""

    key: str
    title: str


class Comparison(Record):
    """How `soma-info compare` is laid out: its title, its rows in order, and the line under the table."""

    title: str
    rows: tuple[ComparisonRow, ...]
    note: str  # under every comparison: a comparison is not a recommendation to switch
    help: str = ""  # one line for --help and completion (at most HELP_TEXT characters)


# The program's own marker for a cell nobody has read on the label or a counted copy of it: never a finding, and
# never to be confused with "not stated in the label", which is one (the label was read and is silent).
UNVERIFIED = "not read here"


class Cell(Record):
    """One drug's entry in one row, with the sources it rests on, or the reason it could not be checked.

    An unread cell carries no text at all: nothing that was not read on the label (or a copy that reproduces it
    word for word and names its set id or NDC) can be shown as a finding. "Not stated in the label" is a finding
    (the sections named were read and are silent), so it is text. A cell that rests on a label carries the
    label's own words as read (quote), so that anyone can check it against the label.
    """

    text: str  # "" when unread
    cite: tuple[str, ...]  # () when unread
    unverified: str = ""  # why it was not read; "" when it was
    quote: str = ""  # the label's words the cell rests on, as read; "" for a cell that rests on no label

    @property
    def verified(self) -> bool:
        return not self.unverified

    def as_data(self) -> dict[str, Any]:
        return {"text": self.text or UNVERIFIED, "cite": list(self.cite), "verified": self.verified,
                "why_unverified": self.unverified, "quote": self.quote}  # fmt: skip


class Comparator(Record):
    """A drug in the comparison table, the monograph's own drug included."""

    generic: str
    brands: tuple[str, ...]  # names people type that the drug-name vocabulary may lack (or get wrong)
    cells: dict[str, Cell]  # row key -> cell, one for every row of the comparison

    @property
    def names(self) -> tuple[str, ...]:
        """The generic name and the brands, folded as the vocabulary folds names."""
        return tuple(dict.fromkeys(fold(n) for n in (self.generic, *self.brands)))


class Monograph(Record):
    identity: Identity
    notice: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]  # in label order (CANONICAL_KEYS)
    names: dict[str, str]  # every normalised key and alias -> its section key
    card: tuple[CardLine, ...]
    timeline: tuple[TimelineRow, ...]
    interactions: tuple[InteractionClass, ...]
    products: tuple[Product, ...]
    classes_of: dict[str, tuple[int, ...]]  # a folded generic name or class word -> the classes it is in
    product_of: dict[str, int]  # a folded product name -> its index in products
    comparison: Comparison | None = None  # the layout of `soma-info compare`, when the file has one
    comparators: tuple[Comparator, ...] = ()  # the drugs it compares, the monograph's own drug first
    # What the sources say that bears on a name no interaction class lists (or that is not recognised), shown
    # once per check: the class lists cannot be complete, and the label names CNS depressants only by example.
    unlisted: Statement | None = None
    timeline_in: str = ""  # the section whose first block the timeline follows; "" when there is no timeline

    def section(self, key: str) -> Section:
        return self.sections[CANONICAL_KEYS.index(key)]

    def resolve(self, name: str) -> Section | None:
        """The section a typed name (key or alias, any case, `_`/space/`-` alike) stands for."""
        key = self.names.get(normalise(name))
        return None if key is None else self.section(key)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def cited(self, section: Section) -> tuple[Source, ...]:
        return tuple(self.source(i) for i in section.source_ids)

    def comparator(self, name: str) -> Comparator | None:
        """The comparator a typed generic or brand name (any case and spacing) stands for, if any."""
        folded = fold(name)
        return next((c for c in self.comparators if folded in c.names), None)


class Problem(Record):
    where: str  # a key path such as "sections[3].body[2].cite", or "" for the file as a whole
    message: str
    line: int | None = None  # 1-based, where the YAML parser can tell
    column: int | None = None

    def describe(self) -> str:
        place = self.where
        if self.line is not None:
            line = f"line {self.line}" + (f", column {self.column}" if self.column else "")
            place = f"{line} ({self.where})" if self.where else line
        return f"{place}: {self.message}" if place else self.message


class KnowledgeError(Exception):
    """The knowledge file could not be used; ``problems`` lists everything found wrong."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(self.sentence())

    def sentence(self) -> str:
        first = self.problems[0].describe()
        more = len(self.problems) - 1
        tail = f" ({more} more problem{'s' if more > 1 else ''}; run: soma-info validate {self.path})"
        return f"{self.path}: {first}{tail if more else ''}"
