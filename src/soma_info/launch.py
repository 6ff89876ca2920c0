"""The `soma-info` entry point: the fast path for common lookups, Typer for everything else."""

from __future__ import annotations

import gc
import os
import sys

from soma_info.exitcodes import ExitCode

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from typing import NoReturn


def run() -> NoReturn:
    """The `soma-info` command and `python -m soma_info`: main(), then exit with its code.

    The process ends here, and only here is the collector told so. At shutdown CPython makes one last full
    collection over every object still alive: after a styled lookup, Rich's and the monograph's, about 10 ms
    of a 60 ms run spent freeing memory that the exit frees anyway. ``gc.freeze`` at exit (an atexit hook,
    which runs just before that collection) moves them out of its reach. Being an exit hook, it cannot touch a
    caller that catches the SystemExit and carries on: its process is not ending yet, and main() itself
    leaves the collector as it found it.
    """
    import atexit

    atexit.register(gc.freeze)
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # A run lives for milliseconds and builds no garbage cycles worth collecting; the collector's passes
    # over the freshly loaded monograph and imported modules would only add start-up time. The collector is
    # switched back on before returning, so a caller (a test, an embedding program) finds it as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        from soma_info import fast

        code = fast.run(args, os.environ, sys.stdout)
        if code is None:  # anything the fast path does not handle, errors included, goes to Typer
            from soma_info import cli

            code = cli.run(args)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    finally:
        if collecting:
            gc.enable()
    return int(code)
