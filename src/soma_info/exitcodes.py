"""Exit codes, documented in the README's "Errors and exit codes" table."""

from __future__ import annotations

from enum import IntEnum, unique


@unique
class ExitCode(IntEnum):
    OK = 0
    NO_MATCH = 1  # `search` found nothing; `interactions` did not recognise a name
    USAGE = 2  # unknown section or command, bad option value (Click's code for usage errors)
    DATA = 3  # the knowledge file is missing, unreadable, too big, not YAML or off-schema (and `validate`)
    OUTPUT = 74  # the output could not be written (disk full, I/O error): EX_IOERR from sysexits.h
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader closed the pipe early (128 + SIGPIPE, as other Unix tools report it)
