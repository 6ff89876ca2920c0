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
from rich.panel import Panel
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text

from soma_info.render import chart
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
        _environ={},  # every environment decision was made by the caller
    )


def render(document: Document, style: Style) -> str:
    buffer = _Capture(style.encoding)
    console = console_for(style, buffer)
    bullet = "•" if console.encoding.startswith("utf") else "-"
    for i, element in enumerate(document.elements):
        if i:
            console.print()
        console.print(_renderable(element, bullet))
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
        return _text(element)
    if isinstance(element, Bullets):
        return Group(*(_Hanging(bullet, _text(item)) for item in element.items))
    if isinstance(element, Grid | Records):
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
        return Text("Sources: " + "; ".join(element.entries), style="dim")
    if isinstance(element, SourceNotes):
        notes = Text()
        notes.append("Sources", style="bold dim")
        for entry in element.entries:
            notes.append("\n" + entry, style="dim")
        return notes
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
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for label, text, refs in element.rows:
        grid.add_row(Text(label), _text(Paragraph(text, refs)))
    return grid


def _fields_stacked(element: Fields) -> Callable[[int], RenderableType]:
    def stacked(width: int) -> RenderableType:
        rows = [
            (Text(label, style="bold"), _Hanging("", _text(Paragraph(text, refs))))
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
    text.append(f" ({row.basis})" + (f" {row.refs}" if row.refs else ""), style="dim")
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
            table.add_row(Text(bar.label), drawn(bar, columns), _caption(bar))
        return table

    def stacked(width: int) -> RenderableType:
        columns = max(element.hours, min(2 * element.hours, width - 4))
        rows: list[RenderableType] = [Text("  " + chart.axis(columns, element.hours), style="dim")]
        for bar in element.bars:
            rows += [Text(bar.label, style="bold"), Text("  ") + drawn(bar, columns), _Hanging("", _caption(bar))]
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
            table.add_row(Text(row.label), _caption(row))
        return table

    def stacked(width: int) -> RenderableType:
        return Group(*(part for row in element.half_lives for part in (Text(row.label, style="bold"),
                                                                        _Hanging("", _caption(row)))))  # fmt: skip

    heading = Text(element.heading, style="bold")
    notes = [_text(note) for note in element.notes]
    return Group(heading, _Narrowable(grid(), stacked, min_width=size + 26), *notes)


class _Hanging:
    """A bullet with its text wrapped beside it. Rich wraps the text; this only sets the marker before the
    first line and the indent before the others (a grid would do the same at several times the cost)."""

    def __init__(self, marker: str, body: Text) -> None:
        self.marker = marker
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = 1 + len(self.marker) + 1 if self.marker else 2
        lines = console.render_lines(self.body, options.update(width=max(1, options.max_width - indent)), pad=False)
        for number, line in enumerate(lines):
            if number:
                yield Segment(" " * indent)
            else:
                yield Segment(" ")
                yield Segment(self.marker, _MARKER)
                yield Segment(" ")
            yield from line
            yield Segment.line()


_MARKER = RichStyle(color="cyan")


def _text(paragraph: Paragraph) -> Text:
    text = Text(paragraph.text)
    for start, end in paragraph.marks:
        text.stylize("bold reverse yellow", start, end)
    if paragraph.refs:
        text.append(f" {paragraph.refs}", style="dim")
    return text


def _table(element: Grid | Records) -> RenderableType:
    from rich.table import Table

    caption = getattr(element, "caption", "")
    refs = getattr(element, "refs", "")
    table = Table(
        box=box.SIMPLE_HEAD,
        header_style="bold",
        title=Text.assemble((caption, "italic"), (f" {refs}" if refs else "", "dim")) if caption else None,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    for column in element.columns:
        table.add_column(Text(column), overflow="fold")
    for row in element.rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


_MATRIX_COLUMN = 18  # the narrowest a side-by-side column may be before each attribute is drawn on its own


def _matrix(element: Matrix) -> RenderableType:
    """Side by side: one table, the attributes down the left, an item per column. With more items (or too
    little width for the columns), each attribute on its own, one line per item: readable at any width."""
    from rich.table import Table

    def by_attribute(width: int = 0) -> RenderableType:
        parts: list[RenderableType] = []
        for number, (title, cells) in enumerate(element.rows):
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", no_wrap=True)
            grid.add_column(ratio=1)
            for item, cell in zip(element.items, cells, strict=True):
                grid.add_row(Text(item), _text(cell))
            parts += [Text("\n" + title if number else title, style="bold cyan"), grid]
        return Group(*parts)

    if not element.side_by_side:
        return by_attribute()
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", show_edge=False, pad_edge=False, show_lines=True,
                  expand=True)  # fmt: skip
    table.add_column(Text(""), style="bold", ratio=2, overflow="fold")
    for item in element.items:
        table.add_column(Text(item), ratio=3, overflow="fold")
    for title, cells in element.rows:
        table.add_row(Text(title), *(_text(cell) for cell in cells))
    return _Narrowable(table, by_attribute, min_width=_MATRIX_COLUMN * (len(element.items) + 1))


def _notice(notice: Notice) -> Panel:
    return Panel(
        Text(notice.text),
        title=Text("Notice", style="bold"),
        title_align="left",
        border_style="yellow",
        box=box.ROUNDED,
        padding=(0, 1),
    )
