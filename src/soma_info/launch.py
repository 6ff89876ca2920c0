"""The `soma-info` entry point: the fast path for common lookups, Typer for everything else."""

from __future__ import annotations

import gc
import os
import sys

from soma_info.exitcodes import ExitCode


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
            from soma_info.cli import app

            code = app(args=args, prog_name="soma-info", standalone_mode=False)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    finally:
        if collecting:
            gc.enable()
    return int(code)
