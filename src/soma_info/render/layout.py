"""Where lines break and how wide columns are, shared by every format (standard library only).

The rules, the same in plain text, Markdown and the styled layout:

- prose is wrapped at most ``MEASURE`` columns wide, however wide the terminal (as man does);
- a line breaks only at an ordinary space, never inside a word unless the word is longer than the line;
- a URL is never broken: it starts a line of its own when it does not fit, and runs past the edge when it is
  longer than the line (a terminal wraps it visually, and it can still be clicked and copied whole);
- a citation bracket is held to the last word of its sentence by no-break spaces (``glued``), so it neither
  splits ("[1," / "5, 6]") nor stands alone on a line;
- table columns get at least their longest word, and the space left is shared in proportion to what each
  column still wants (``balance``); a table whose longest words cannot fit side by side is stacked instead.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    import textwrap

MEASURE = 100  # the widest a line of prose is drawn, whatever the width of the terminal
NBSP = "\u00a0"  # joins what must not be split; printed as a space after wrapping
URL_SCHEMES = ("https://", "http://")


def glued(text: str, refs: str) -> str:
    """Text with its citation markers ("[1, 2]") held to its last word: they wrap as one unit."""
    return f"{text}{NBSP}{unbroken(refs)}" if refs else text


def unbroken(text: str) -> str:
    """Text that wraps as one word (no-break spaces, printed as spaces after wrapping)."""
    return text.replace(" ", NBSP)


def note(entry: str) -> str:
    """A source note "[3] FDA label §5.1", or a group of them ("FDA label: [2] §12.2, [3] §9.1"): every number
    held to the word after it, so that no line ends with a bare "[6]"."""
    parts = entry.split("] ")
    for i, part in enumerate(parts[:-1]):
        number = part[part.rfind("[") :] if "[" in part else ""
        glue = number[1:].isdigit()
        parts[i] = part + ("]" + NBSP if glue else "] ")
    return "".join(parts[:-1]) + parts[-1] if len(parts) > 1 else entry


LABEL_MAX = 12  # a card label longer than this wraps at its spaces instead of narrowing every text beside it


def label_column(labels: list[str]) -> int:
    """How wide the label column of a card is: its longest label, except that a label of several words longer
    than ``LABEL_MAX`` wraps at its spaces (one long label would otherwise rewrap every row of the card)."""
    return max(min(len(label), max(LABEL_MAX, *(len(word) for word in label.split()))) for label in labels)


def is_url(word: str) -> bool:
    return URL_SCHEMES[0] in word or URL_SCHEMES[1] in word


def urls(text: str) -> list[tuple[int, int]]:
    """Where the URLs are in a line: [start, end) of each, without trailing punctuation."""
    found: list[tuple[int, int]] = []
    at = 0
    while True:
        starts = [i for i in (text.find(s, at) for s in URL_SCHEMES) if i != -1]
        if not starts:
            return found
        start = min(starts)
        end = start
        while end < len(text) and not text[end].isspace() and text[end] not in '<>"':
            end += 1
        while end > start and text[end - 1] in ".,;:!?)]'":
            end -= 1
        found.append((start, end))
        at = max(end, start + 1)


def prose_width(width: int | None) -> int | None:
    return min(width, MEASURE) if width else width


def _wrapper(width: int, first: str, rest: str, fold: bool) -> textwrap.TextWrapper:
    import textwrap  # only wrapped output pays for it

    class Wrapper(textwrap.TextWrapper):
        def _handle_long_word(self, chunks: list[str], line: list[str], length: int, room: int) -> None:
            """A unit longer than the line starts a line of its own. There a URL (or a word held to its citation
            bracket, outside a table cell) stays whole; anything else is broken at the edge."""
            chunk, filled = chunks[-1], any(part.strip() for part in line)
            if fold and NBSP in chunk and not is_url(chunk) and (at := _held_break(chunk, room - length, filled)):
                line.append(chunk[:at])
                chunks[-1] = chunk[at:]
            elif filled:
                return
            elif is_url(chunk) or (NBSP in chunk and not fold):
                line.append(chunks.pop())
            else:
                super()._handle_long_word(chunks, line, length, room)

    return Wrapper(
        width=max(1, width),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,  # "250–350 mg" and "side-effects" stay whole
        expand_tabs=False,
        replace_whitespace=False,
    )


def _held_break(unit: str, room: int, filled: bool) -> int:
    """Where a held unit ("word [1, 2]") longer than a table cell breaks, with room left on the line: before its
    citation group when the word fits; on a line of its own (not ``filled``), also after the last no-break space
    that fits (between two citation numbers, never inside one). 0: not here."""
    before = unit.find(NBSP + "[")
    if 0 < before < room:
        return before + 1
    fits = -1 if filled else unit.rfind(NBSP, 0, room)
    return fits + 1 if fits > 0 else 0


def wrap(text: str, width: int | None, first: str = "", rest: str = "", fold: bool = False) -> list[str]:
    """Lines of at most width columns (NBSP kept: the caller turns it into spaces). ``fold``: a glued unit longer
    than the line is broken rather than left to run past it (for table cells, which cannot overflow)."""
    if not width:
        return [first + text]
    wrapper = _wrapper(width, first, rest, fold)
    lines: list[str] = []
    for part in text.split("\n"):
        lines += wrapper.wrap(part) or [wrapper.initial_indent.rstrip()]
        wrapper.initial_indent = rest  # only the first line has the first indent
    return lines


def spans(text: str, width: int, first: int = 0, rest: int = 0, fold: bool = False) -> list[tuple[int, int]]:
    """Where each line of the wrapped text starts and ends in it, for a layout that styles the text itself."""
    lines = wrap(text, width, "x" * first, "x" * rest, fold)
    out, at = [], 0
    for number, line in enumerate(lines):
        content = line[first if number == 0 else rest :]
        start = text.find(content, at) if content else at
        if start < 0:  # cannot happen: every line is a run of the text; keep going rather than lose text
            start = at
        out.append((start, start + len(content)))
        at = start + len(content)
    return out


def longest_word(text: str) -> int:
    return max((len(word) for line in text.split("\n") for word in line.split(" ")), default=0)


def columns(
    cells: list[tuple[str, ...]], room: int, minimum: list[int] | None = None, cap: int | None = None
) -> list[int] | None:
    """Widths for table columns (each a tuple of its cells, heading first) that fit side by side in room:
    ``balance``, then improved by moving width from one column to another while that makes the table shorter.
    ``minimum``: the narrowest each column may be (by default its longest word); ``cap``: the widest a column
    needs to be (a cell of prose is read at a measure, not across a wide screen). None: the minimums do not fit
    side by side."""
    natural = [max(len(line) for cell in column for line in cell.split("\n")) for column in cells]
    least = minimum or [max(longest_word(cell) for cell in column) for column in cells]
    if cap:
        natural = [max(min(n, cap), m) for n, m in zip(natural, least, strict=True)]
    least = [min(m, n) for m, n in zip(least, natural, strict=True)]
    widths = balance(natural, least, room)
    if widths is None or widths == natural:
        return widths
    words = [[[len(word) for word in cell.split(" ")] for cell in column] for column in cells]
    heights: dict[tuple[int, int], list[int]] = {}  # (column, width) -> its cells' lines: a trial moves two widths

    def height(trial: list[int]) -> tuple[int, int]:
        for key in enumerate(trial):
            if key not in heights:
                heights[key] = [_lines(cell, key[1]) for cell in words[key[0]]]
        return _rows([heights[key] for key in enumerate(trial)])

    best = height(widths)
    improved = True
    while improved:
        improved = False
        for giver in range(len(widths)):
            for taker in range(len(widths)):
                if giver == taker or widths[taker] >= natural[taker]:
                    continue
                for step in range(1, min(widths[giver] - least[giver], natural[taker] - widths[taker]) + 1):
                    trial = list(widths)
                    trial[giver] -= step
                    trial[taker] += step
                    tried = height(trial)
                    if tried < best:
                        widths, best, improved = trial, tried, True
                        break
    return widths


def _rows(columns: list[list[int]]) -> tuple[int, int]:
    """From each column's cells' line counts: how many lines the table's rows take (each row as tall as its
    tallest cell), then how many its cells take in all: of two layouts as tall, the one that breaks fewer cells
    (a short figure such as "1.2 ± 0.5" kept whole while a long label wraps beside it) is the better
    proportioned."""
    rows = list(zip(*columns, strict=True))
    return sum(max(row) for row in rows), sum(sum(row) for row in rows)


def _lines(lengths: list[int], width: int) -> int:
    lines, used = 1, 0
    for length in lengths:
        if used and used + 1 + length > width:
            lines, used = lines + 1, length
        else:
            used = used + 1 + length if used else length
    return lines


def balance(natural: list[int], minimum: list[int], room: int) -> list[int] | None:
    """Column widths that fit in room: each its natural width if all fit; else each at least its longest word,
    the rest of the room shared in proportion to what each column still wants. None: not even the longest
    words fit side by side (the caller stacks the table)."""
    if sum(natural) <= room:
        return list(natural)
    minimum = [min(m, n) for m, n in zip(minimum, natural, strict=True)]
    if sum(minimum) > room:
        return None
    spare = room - sum(minimum)
    wants = [n - m for n, m in zip(natural, minimum, strict=True)]
    total = sum(wants)
    shares = [spare * want // total for want in wants]
    widths = [m + s for m, s in zip(minimum, shares, strict=True)]
    left = spare - sum(shares)
    for i in sorted(range(len(widths)), key=lambda i: -(spare * wants[i] % total)):  # largest remainders first
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
    return widths
