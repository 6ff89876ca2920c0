"""Exit codes, documented in the README's "Errors and exit codes" table."""

from __future__ import annotations


class ExitCode:
    """The codes as plain ints: an IntEnum would import enum (with functools and collections), about 4 ms of
    a 20 ms lookup, for names that only tests and the man page read. tests/test_docs.py checks that they are
    distinct."""

    OK = 0
    NO_MATCH = 1  # `search` found nothing; `interactions` did not recognise a name; `sources` named no source
    USAGE = 2  # unknown section or command, bad option value (Click's code for usage errors)
    DATA = 3  # the knowledge file is missing, unreadable, too big, not YAML or off-schema (and `validate`)
    OUTPUT = 74  # the output could not be written (disk full, I/O error): EX_IOERR from sysexits.h
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader closed the pipe early (128 + SIGPIPE, as other Unix tools report it)


# What each code means, for the man page's EXIT STATUS (the README's table says the same at more length).
MEANING: dict[int, str] = {
    ExitCode.OK: "success",
    ExitCode.NO_MATCH: "search found nothing; interactions met a name it did not recognise or could only guess "
    "(never a statement about safety); sources was given a word that names no source",
    ExitCode.USAGE: "usage error: an unknown section or command, a bad option or value, an empty or invalid query",
    ExitCode.DATA: "the knowledge file is missing, unreadable or breaks the schema, or gives a section a command's "
    "name (and validate found problems)",
    ExitCode.OUTPUT: "the output could not be written (disk full, I/O error)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
    ExitCode.BROKEN_PIPE: "the reader closed the pipe before the output was written",
}
