"""Where output goes: the format, colours and width to use, and writing that survives odd terminals.

Both command paths (Typer's and the fast one) decide and write through here, so they agree byte for byte.
"""

from __future__ import annotations

import os

from soma_info.commands import MAX_WIDTH, MIN_WIDTH  # the command table checks --width against them
from soma_info.knowledge.record import Record
from soma_info.render import formats
from soma_info.render.document import Document, Style

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TextIO

DEFAULT_WIDTH = 80


class Output(Record):
    format: str
    wrap: int | None  # hard-wrap width for plain and markdown; None: one line per paragraph
    style: Style  # for the rich format


def decide(fmt: str | None, color: str | None, width: int | None, env: Mapping[str, str], stream: TextIO) -> Output:
    """Apply the documented precedence: flags, then NO_COLOR over FORCE_COLOR, then TERM=dumb, then the TTY."""
    tty = is_terminal(stream)
    forced = bool(env.get("FORCE_COLOR"))
    color = color or "auto"
    if color == "always":
        escapes, colours = True, True
    elif color == "never":
        escapes, colours = False, False
    else:
        escapes = (tty or forced) and env.get("TERM") not in ("dumb", "unknown")
        colours = escapes and not env.get("NO_COLOR")
    chosen = fmt or ("rich" if tty or forced or color == "always" else "plain")
    terminal_width = _terminal_width(env, stream) if tty else None
    style = Style(
        width=width or max(MIN_WIDTH, _columns(env) or terminal_width or DEFAULT_WIDTH),
        color_system=_color_system(env) if escapes else None,
        no_color=not colours,
        encoding=getattr(stream, "encoding", None) or "utf-8",
    )
    return Output(chosen, width or terminal_width, style)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


def _columns(env: Mapping[str, str]) -> int | None:
    value = env.get("COLUMNS", "")
    return int(value) if value.isdigit() and MIN_WIDTH <= int(value) <= MAX_WIDTH else None


def _terminal_width(env: Mapping[str, str], stream: TextIO) -> int | None:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return _columns(env)
    return _columns(env) or (max(MIN_WIDTH, columns) if columns else None)


def _color_system(env: Mapping[str, str]) -> str:
    if env.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if "256" in env.get("TERM", "") else "standard"


def render(document: Document, output: Output) -> str:
    """The document in the output's format, drawn by that format's module (render.formats)."""
    return formats.render(document, output.format, output.wrap, output.style)


# ----------------------------------------------------------------------------- writing


class OutputFailed(Exception):
    """Standard output could not be written for a reason other than a closed pipe."""


class PipeClosed(Exception):
    """The reader went away (`soma-info all | head -1`): stop quietly."""


_ASCII = str.maketrans(
    {
        "–": "-", "—": "-", "‑": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "…": "...",
        "µ": "u", "°": "deg", "±": "+/-", "×": "x", "≈": "~", "≥": ">=", "≤": "<=", "→": "->", "§": "section ",
        "½": "1/2", "¼": "1/4", " ": " ", "·": "-", "✓": "v", "✗": "x",
    }
)  # fmt: skip


def fit(text: str, encoding: str) -> str:
    """Text the stream can encode: ASCII look-alikes first (an ASCII locale still reads well), then '?'."""
    try:
        text.encode(encoding)
        return text
    except (UnicodeEncodeError, LookupError):
        pass
    import unicodedata  # only an ASCII or Latin-1 terminal pays for this

    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    text = "".join(c for c in text if not unicodedata.combining(c))
    try:
        return text.encode(encoding, errors="replace").decode(encoding)
    except LookupError:
        return text.encode("ascii", errors="replace").decode("ascii")


def emit(text: str, stream: TextIO) -> None:
    try:
        stream.write(fit(text, getattr(stream, "encoding", None) or "utf-8"))
        stream.flush()
    except BrokenPipeError:
        silence(stream)
        raise PipeClosed from None
    except OSError as error:  # a full disk, an I/O error: say so, and keep the final flush from failing again
        silence(stream)
        raise OutputFailed(f"Cannot write the output ({error.strerror or error})") from None


def complain(message: str, stream: TextIO, env: Mapping[str, str] | None = None) -> None:
    """Write an error for a person. On a terminal each line is wrapped at word boundaries to its width, so that
    the terminal does not break words in the middle; anywhere else (a log, a pipe) it is written as it is."""
    if is_terminal(stream):
        width = _terminal_width(os.environ if env is None else env, stream) or DEFAULT_WIDTH
        if any(len(line) > width for line in message.splitlines()):
            import textwrap  # only a long error on a narrow terminal pays for it

            lines = message.splitlines()
            message = "".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) + "\n"
                              for line in lines)  # fmt: skip
    try:
        stream.write(fit(message, getattr(stream, "encoding", None) or "utf-8"))
        stream.flush()
    except (OSError, ValueError):  # stderr closed or gone: nothing else can be said anywhere
        pass


# ----------------------------------------------------------------------------- paging


def pager_command(env: Mapping[str, str]) -> str | None:
    """The pager to run, as git chooses one: $SOMA_INFO_PAGER, then $PAGER, then less. A variable that is set
    but empty, or names cat, means no pager."""
    for name in ("SOMA_INFO_PAGER", "PAGER"):
        if name in env:
            command = env[name].strip()
            return None if command in ("", "cat") else command
    return "less"


def wants_pager(choice: bool | None, text: str, env: Mapping[str, str], stream: TextIO) -> bool:
    """--pager / --no-pager decide; otherwise output taller than the terminal pages. Never when piped."""
    if choice is False or not is_terminal(stream) or pager_command(env) is None:
        return False
    if choice:
        return True
    try:
        height = (
            int(env.get("LINES", "")) if env.get("LINES", "").isdigit() else os.get_terminal_size(stream.fileno()).lines
        )
    except (AttributeError, ValueError, OSError):
        return False
    return text.count("\n") >= height


class Interrupted(Exception):
    """Ctrl-C was pressed while the pager ran: the run ends as an interrupted one (130) and writes nothing more."""


# A pager command with none of these is a program and its arguments, run directly; with any, it is a shell
# command (git's rule, run-command.c). The shell is told to catch Ctrl-C and wait for its command: dash would
# otherwise die of it at once and leave the pager drawing on a terminal the shell has taken back.
_SHELL_CHARS = frozenset("|&;<>()$`\\\"'*?[#~=%\n")


def pager_argv(command: str) -> list[str]:
    if _SHELL_CHARS.isdisjoint(command):
        return command.split()
    return ["/bin/sh", "-c", "trap : INT\n" + command]


def pager_environment(command: str, text: str, env: Mapping[str, str]) -> dict[str, str]:
    """less keeps colours and quits on a short text: LESS=FRX unless set, as git sets it. A LESS of the user's
    without R would show colour codes as ESC[1m, so when colour goes to less, R is added to it."""
    less = env.get("LESS")
    if less is None:
        less = "FRX"
    elif "\x1b[" in text and _runs_less(command) and not _has_raw_option(less):
        less = f"{less} -R" if less.strip() else "-R"
    return {**env, "LESS": less, "LV": env.get("LV", "-c")}


def _runs_less(command: str) -> bool:
    words = command.split()
    return bool(words) and os.path.basename(words[0]) == "less"


def _has_raw_option(less: str) -> bool:
    """-R or -r among LESS's options: alone, in a cluster such as -iR, or as --RAW-CONTROL-CHARS."""
    for word in less.split():
        if word.startswith("--"):
            if word[2:].split("=")[0].lower() == "raw-control-chars":
                return True
        elif not {"R", "r"}.isdisjoint(_letters(word)):
            return True
    return False


def _letters(word: str) -> str:
    """The single-letter options of a cluster such as -iR or FRX, up to the first value (-x4, -Pprompt)."""
    letters = ""
    for char in word.lstrip("-"):
        if not char.isalpha() or char in "bhjkoOpPtTxyz#":  # options that take a value end the cluster
            break
        letters += char
    return letters


def page(text: str, env: Mapping[str, str], stream: TextIO) -> bool:
    """Show text through the pager, as git and man do: the pager writes to the terminal (its stdout, and its
    stderr too: util-linux more reads its keys from there, and less's warnings must be seen), Ctrl-C goes to
    the pager, and this process waits for it. False only when no pager could be started, so that the caller
    writes the text itself; once a pager has run, nothing is written again, whatever it did.

    Raises Interrupted when Ctrl-C was pressed while the pager ran (git, too, then exits by SIGINT).
    """
    import signal
    import subprocess  # only paging pays for them

    command = pager_command(env) or "less"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        stream.flush()
        target = stream.fileno()
    except (AttributeError, ValueError, OSError):
        target = None  # not a real file: the pager writes where this process's stdout goes
    # Ctrl-C belongs to the pager while it runs. This process catches it (notes it, nothing more) from *before*
    # the pager starts, so that no Ctrl-C can slip in between and kill it under a running pager. A caught
    # signal goes back to its default when the pager's program is executed: the pager gets Ctrl-C as usual.
    pressed: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    except ValueError:  # not the main thread: signals are not ours to change
        previous = None
    try:
        try:
            pager = subprocess.Popen(pager_argv(command), stdin=subprocess.PIPE, stdout=target,
                                     stderr=_terminal_for_errors(target),
                                     env=pager_environment(command, text, env))  # fmt: skip
        except OSError:
            return False
        try:
            pager.communicate(fit(text, encoding).encode(encoding, errors="replace"))
        except OSError:  # the pager went away before reading everything: nothing more to do
            pager.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if pressed or pager.returncode == -signal.SIGINT:
        raise Interrupted
    # 126 and 127: the shell could not find or run the pager, so nothing was shown
    return pager.returncode not in (126, 127)


def _terminal_for_errors(target: int | None) -> int | None:
    """The pager's stderr: this process's when it is a terminal (None: inherited), else the text's terminal."""
    try:
        return None if target is None or os.isatty(2) else target
    except OSError:
        return target


def deliver(text: str, pager: bool | None, automatic: bool, env: Mapping[str, str], stream: TextIO) -> None:
    """Through the pager when it is wanted and one runs; written to the stream otherwise."""
    if not (automatic or pager) or not (wants_pager(pager, text, env, stream) and page(text, env, stream)):
        emit(text, stream)


def silence(stream: TextIO) -> None:
    """Point the stream at /dev/null so the interpreter's final flush cannot fail again (Python's SIGPIPE note).
    For a writer that met a closed pipe outside ``emit`` (Click's own echo)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (AttributeError, ValueError, OSError):
        pass
