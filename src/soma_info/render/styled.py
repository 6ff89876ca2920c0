"""The terminal layout, drawn by Rich and captured as a string.

Data text always goes in as ``Text`` objects: Rich never parses it as markup (label text says
"[see 5.1]") and never highlights it (no recoloured doses). The caller decides colours and width;
this module reads no environment variable and no file.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import ControlType, Segment
from rich.style import Style as RichStyle
from rich.text import Text

from soma_info.render import chart, layout
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
    Style,
    Subtitle,
    Timeline,
    Title,
    shown,
)


class _Capture(io.StringIO):
    """A buffer that reports the real stream's encoding, so Rich picks ASCII boxes when it must."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding


_ANY_HEIGHT = 25  # Rich's own figure when there is no terminal to ask


def console_for(style: Style, file: io.StringIO) -> Console:
    return Console(
        file=file,
        width=style.width,
        # Documents flow down the page, so no layout depends on the height; giving one stops Rich from asking
        # the real terminal for its size at every line it draws (about a hundred system calls a page).
        height=_ANY_HEIGHT,
        color_system=style.color_system,  # type: ignore[arg-type]
        no_color=style.no_color,
        force_terminal=style.color_system is not None,
        force_interactive=False,
        force_jupyter=False,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
    )  # every setting Rich would read from the environment is given, as the caller decided it (terminal.decide)


def render(document: Document, wrap: int | None, style: Style) -> str:
    """Drawn for the terminal ``style`` describes (``wrap`` is the text formats'). A document with nothing to
    show (``absent``) is ""."""
    if document.absent:
        return ""
    buffer = _Capture(style.encoding)
    console = console_for(style, buffer)
    bullet = "•" if console.encoding.startswith("utf") else "-"
    for i, element in enumerate(shown(document.elements)):
        if i:
            console.print()
        # Tables may use the whole width; prose is held to a readable measure. Nothing is cropped: the only
        # lines wider than the width are URLs longer than it, which must stay whole to be clicked or copied.
        wide = isinstance(element, Grid | Matrix)
        console.print(_renderable(element, bullet), width=None if wide else layout.MEASURE, crop=False)
    # Rich pads lines to the full width; trailing blanks only get in the way of copying and diffing.
    return "\n".join(line.rstrip(" ") for line in buffer.getvalue().split("\n"))


def _renderable(element: Element, bullet: str) -> RenderableType:
    if isinstance(element, Title):
        title = Text(element.text, style="bold")
        if element.tag:
            title.append(f"  {element.tag}", style="dim")
        # A rule crops a title that does not fit; when narrow, the title goes above the rule instead.
        return _Narrowable(
            Rule(title, align="left", style="cyan"),
            lambda width: Group(title, Rule(style="cyan")),
            min_width=title.cell_len + 6,
        )
    if isinstance(element, Subtitle):
        return Text(element.text, style="bold underline")
    if isinstance(element, Paragraph):
        return _Prose(_text(element))
    if isinstance(element, Bullets):
        return Group(*(_Prose(_text(item), _marker(bullet), 3) for item in element.items))
    if isinstance(element, Grid):
        return _table(element)
    if isinstance(element, Lines):
        return Text("\n".join(element.lines))
    if isinstance(element, Fields):
        return _Narrowable(_fields_grid(element), _fields_stacked(element), min_width=50)
    if isinstance(element, Timeline):
        return _timeline(element, ascii_only=bullet != "•")
    if isinstance(element, Matrix):
        return _matrix(element)
    if isinstance(element, SourceNotes) and element.compact:
        return _Prose(Text("Sources: " + "; ".join(layout.note(e) for e in element.entries), style="dim"))
    if isinstance(element, SourceNotes):
        notes = [_Prose(Text(layout.note(entry), style="dim")) for entry in element.entries]
        return Group(Text("Sources", style="bold dim"), *notes)
    if isinstance(element, Records):  # render() shows a listing's elements in its place; this is for completeness
        return Group(*(_renderable(part, bullet) for part in element.shown))
    return _notice(element)


class _Narrowable:
    """A side-by-side layout, or a stacked one when the terminal is too narrow for columns."""

    def __init__(self, wide: RenderableType, narrow: Callable[[int], RenderableType], min_width: int) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow(options.max_width)


def _fields_grid(element: Fields) -> RenderableType:
    from rich.table import Table  # only tables pay for rich.table (and the fractions module it loads)

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", max_width=layout.label_column([label for label, _, _ in element.rows]))
    grid.add_column(ratio=1)
    for label, text, refs in element.rows:
        grid.add_row(Text(label), _Prose(_text(Paragraph(text, refs)), fold=True))
    return grid


def _fields_stacked(element: Fields) -> Callable[[int], RenderableType]:
    def stacked(width: int) -> RenderableType:
        rows = [
            (Text(label, style="bold"), _Prose(_text(Paragraph(text, refs)), Text("  "), 2))
            for label, text, refs in element.rows
        ]
        return Group(*(part for row in rows for part in row))

    return stacked


_BLOCKS = {
    chart.SOLID: ("█", "cyan"),
    chart.LIGHT: ("░", "cyan"),
    chart.POINT: ("◆", "yellow"),
    chart.EMPTY: ("·", "dim"),
}
_ASCII_BLOCKS = {
    chart.SOLID: ("=", "cyan"),
    chart.LIGHT: ("-", "cyan"),
    chart.POINT: ("|", "yellow"),
    chart.EMPTY: (" ", ""),
}


def _timeline(element: Timeline, ascii_only: bool) -> RenderableType:
    """The chart of spans, then the half-lives apart from it (never drawn as bars), then their notes."""
    parts: list[RenderableType] = [_chart(element, ascii_only)] if element.bars else []
    if element.half_lives:  # straight under the chart, as in plain text: the card has no line to spare
        parts.append(_half_lives(element))
    return Group(*parts)


def _caption(row: Bar | HalfLife) -> Text:
    text = Text(row.figure)
    text.append(layout.glued(f" ({row.basis})", row.refs), style="dim")
    return text


def _chart(element: Timeline, ascii_only: bool) -> RenderableType:
    """Rich draws the rows; chart.py decides which cells are filled, the same as in plain text."""
    blocks = _ASCII_BLOCKS if ascii_only else _BLOCKS
    size = chart.label_width(element)

    def drawn(bar: Bar, columns: int) -> Text:
        line = Text()
        for kind in chart.cells(bar, columns, element.hours):
            line.append(*blocks[kind])
        return line

    def grid() -> RenderableType:
        from rich.table import Table

        columns = 2 * element.hours
        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True, min_width=size)
        table.add_column(no_wrap=True, min_width=columns + 2)  # room for the last hour's label
        table.add_column(ratio=1)
        table.add_row(Text(""), Text(chart.axis(columns, element.hours), style="dim"), Text(""))
        for bar in element.bars:
            table.add_row(Text(bar.label), drawn(bar, columns), _Prose(_caption(bar), fold=True))
        return table

    def stacked(width: int) -> RenderableType:
        columns = max(element.hours, min(2 * element.hours, width - 4))
        rows: list[RenderableType] = [Text("  " + chart.axis(columns, element.hours), style="dim")]
        for bar in element.bars:
            caption = _Prose(_caption(bar), Text("  "), 2)
            rows += [Text(bar.label, style="bold"), Text("  ") + drawn(bar, columns), caption]
        return Group(*rows)

    return _Narrowable(grid(), stacked, min_width=size + 2 * element.hours + 34)


def _half_lives(element: Timeline) -> RenderableType:
    """A heading that says what a half-life is, each half-life's figure beside its label, then the notes."""
    size = chart.label_width(element)

    def grid() -> RenderableType:
        from rich.table import Table

        table = Table.grid(padding=(0, 1))
        table.add_column(style="bold", no_wrap=True, min_width=size)
        table.add_column(ratio=1)
        for row in element.half_lives:
            table.add_row(Text(row.label), _Prose(_caption(row), fold=True))
        return table

    def stacked(width: int) -> RenderableType:
        rows = [(Text(row.label, style="bold"), _Prose(_caption(row), Text("  "), 2)) for row in element.half_lives]
        return Group(*(part for row in rows for part in row))

    heading = Text(element.heading, style="bold")
    notes = [_Prose(_text(note)) for note in element.notes]
    return Group(heading, _Narrowable(grid(), stacked, min_width=size + 26), *notes)


_MARKER = RichStyle(color="cyan")
_VERDICT = {  # a claim's verdict: bold, so that it stands out without colour (NO_COLOR), and a colour for each
    "supported": "bold green",
    "partly supported": "bold yellow",
    "contradicted": "bold red",
    "not addressed": "bold magenta",
}


def _marker(bullet: str) -> Text:
    return Text.assemble(" ", (bullet, _MARKER), " ")


def _text(paragraph: Paragraph) -> Text:
    """The paragraph's text with its marks (search matches) and verdict styled, and its citation markers dim,
    held to the last word by no-break spaces (``_Prose`` prints them as spaces)."""
    text = Text(paragraph.text)
    if paragraph.verdict:
        text.stylize(_VERDICT[paragraph.verdict.category], *paragraph.verdict.span)
    for start, end in paragraph.marks:
        text.stylize("bold reverse yellow", start, end)
    if paragraph.refs:
        text.append(layout.glued("", paragraph.refs), style="dim")
    return text


# Opens and closes an OSC 8 hyperlink. A control segment takes no cells, and Rich writes it only to a console
# that takes escape codes: never with --color never, never piped.
_LINK = [(ControlType.BELL,)]  # any control code marks the segment as control; its text is what is written


class _Prose:
    """Text wrapped by the rules in ``layout``, not Rich's: a citation bracket stays with its sentence's last
    word, a URL is never broken and is a clickable link (OSC 8) where escape codes are allowed. ``first`` starts
    the first line (a bullet), ``rest`` indents the others (a hanging indent). ``fold``: in a table cell, which
    cannot run past its edge, a unit longer than the cell is broken rather than left whole."""

    def __init__(self, text: Text, first: Text | None = None, rest: int = 0, fold: bool = False) -> None:
        self.text, self.first, self.rest, self.fold = text, first or Text(""), rest, fold

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain, lead = self.text.plain, max(self.first.cell_len, self.rest)
        return Measurement(lead + layout.longest_word(plain), lead + max(len(line) for line in plain.split("\n")))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(options.max_width, layout.MEASURE)
        lines = layout.spans(self.text.plain, width, self.first.cell_len, self.rest, self.fold)
        for number, (start, end) in enumerate(lines):
            if number:
                yield Segment(" " * self.rest)
            else:
                yield from self.first.render(console, end="")
            yield from _linked(self.text[start:end], console)
            yield Segment.line()


def _linked(line: Text, console: Console) -> RenderResult:
    """A line's segments, no-break spaces printed as spaces, each URL wrapped in an OSC 8 link when allowed."""
    at = 0
    for start, end in layout.urls(line.plain) if console.is_terminal else ():
        yield from _segments(line[at:start], console)
        yield Segment(f"\x1b]8;;{line.plain[start:end]}\x1b\\", None, _LINK)
        yield from _segments(line[start:end], console)
        yield Segment("\x1b]8;;\x1b\\", None, _LINK)
        at = end
    yield from _segments(line[at:], console)


def _segments(text: Text, console: Console) -> RenderResult:
    base = console.get_style(text.style) if text.style else None  # Text.render leaves the base style out
    for segment in Segment.apply_style(text.render(console, end=""), base):
        yield Segment(segment.text.replace(layout.NBSP, " "), segment.style, segment.control)


def _table(element: Grid) -> RenderableType:
    caption = element.caption
    table = _Balanced(element.columns, element.rows)
    if not caption:
        return table
    title = Text.assemble((caption, "italic"))
    title.append(layout.glued("", element.refs), style="dim")
    return Group(_Prose(title), table)


_COLUMN_GAP = 3  # between two columns: a cell's padding on either side of the (blank) divider


class _Balanced:
    """A table whose columns share the width in proportion to what they need (``layout.balance``), no word
    split; each row stacked as "column: value" lines when even the longest words do not fit side by side."""

    def __init__(self, columns: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> None:
        self.columns, self.rows = columns, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table  # only tables pay for rich.table (and the fractions module it loads)

        cells = list(zip(self.columns, *self.rows, strict=True))
        widths = layout.columns(cells, options.max_width - _COLUMN_GAP * (len(cells) - 1))
        if widths is None:
            yield self._stacked()
            return
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False)
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(Text(column), width=width, overflow="fold")
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        yield table

    def _stacked(self) -> RenderableType:
        parts: list[RenderableType] = []
        for number, row in enumerate(self.rows):
            if number:
                parts.append(Text(""))
            for name, cell in zip(self.columns, row, strict=True):
                parts.append(_Prose(Text.assemble((f"{name}:", "bold"), f" {cell}"), Text("  "), 4))
        return Group(*parts)


_MATRIX_COLUMN = 20  # the narrowest a side-by-side column may be before each attribute is drawn on its own
_MATRIX_VALUE = 36  # the narrowest a value beside its item may be before the value goes below the item


def _matrix(element: Matrix) -> RenderableType:
    """Side by side: one table, the attributes down the left, an item per column. With more items (or too
    little width for the columns), each attribute on its own, one line per item: readable at any width."""
    from rich.table import Table

    def by_attribute(stacked: bool) -> RenderableType:
        parts: list[RenderableType] = []
        for number, (title, cells) in enumerate(element.rows):
            parts.append(Text("\n" + title if number else title, style="bold cyan"))
            if stacked:  # the item on its line, its value indented below: no value is squeezed out
                for item, cell in zip(element.items, cells, strict=True):
                    parts += [Text(item, style="bold"), _Prose(_text(cell), Text("  "), 2)]
                continue
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(ratio=1)
            for item, cell in zip(element.items, cells, strict=True):
                grid.add_row(Text(item), _Prose(_text(cell), fold=True))
            parts.append(grid)
        return Group(*parts)

    # Item and value side by side need the longest item name, and beside it room for a readable value that
    # holds every word with its citation group whole.
    widest = max((len(item) for item in element.items), default=0)
    value = max(_MATRIX_VALUE, *(layout.longest_word(_held(cell)) for _, cells in element.rows for cell in cells))
    attributes = _Narrowable(by_attribute(False), lambda width: by_attribute(True), min_width=widest + 2 + value)
    return _SideBySide(element, attributes) if element.side_by_side else attributes


def _held(cell: Paragraph) -> str:
    """A cell's text as it wraps: its citation group held to its last word."""
    return layout.glued(cell.text, cell.refs)


class _SideBySide:
    """The attributes down the left, an item per column, the widths shared by ``layout.columns``: the label
    column at least its longest word, each item column at least its longest word with its citation group (and
    ``_MATRIX_COLUMN``), no column wider than the prose measure. When those do not fit, ``rows``."""

    def __init__(self, element: Matrix, rows: RenderableType) -> None:
        self.element, self.rows = element, rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.table import Table

        element = self.element
        labels = ("", *(title for title, _ in element.rows))
        items = [(item, *(_held(cells[i]) for _, cells in element.rows)) for i, item in enumerate(element.items)]
        least = [layout.longest_word(" ".join(labels))]
        for column in items:
            natural = max(len(cell) for cell in column)
            least.append(max(layout.longest_word(" ".join(column)), min(_MATRIX_COLUMN, natural)))
        room = options.max_width - _COLUMN_GAP * len(items)
        widths = layout.columns([labels, *items], room, least, layout.MEASURE)
        if widths is None:
            yield self.rows
            return
        table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False, show_lines=True)
        table.add_column(Text(""), style="bold", width=widths[0], overflow="fold")
        for item, width in zip(element.items, widths[1:], strict=True):
            table.add_column(Text(item), width=width, overflow="fold")
        for title, cells in element.rows:
            table.add_row(Text(title), *(_Prose(_text(cell), fold=True) for cell in cells))
        yield table


def _notice(notice: Notice) -> RenderableType:
    if notice.compact:  # the same words and the same yellow "Notice", without the two lines of the box
        label = Text("Notice: ", style="bold yellow")
        return _Prose(label + Text(notice.text))
    return Panel(
        Text(notice.text),
        title=Text("Notice", style="bold"),
        title_align="left",
        border_style="yellow",
        box=box.ROUNDED,
        padding=(0, 1),
    )
