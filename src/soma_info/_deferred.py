"""Defer the compiling of regular expressions that a module builds at import time until their first use.

PyYAML compiles about 25 patterns when it is imported, for its pure-Python reader, implicit-type resolver
and emitter. soma-info parses with libyaml's C parser and resolves no implicit types, so it never uses
them; compiling them anyway costs about 6 ms of every run, half of what `python -c pass` takes. A pattern
created inside ``regexes_deferred()`` is a stand-in that compiles itself the first time it is used, so
code that does use one (PyYAML without libyaml, or ``yaml.safe_load`` elsewhere) works as before.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from types import TracebackType


class DeferredPattern:
    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> object:
        if self._compiled is None:
            self._compiled = _compile(*self._arguments)
        return getattr(self._compiled, name)


_compile = re.compile


class regexes_deferred:
    """While active, ``re.compile`` returns a DeferredPattern; it is restored on the way out, always."""

    def __enter__(self) -> None:
        re.compile = DeferredPattern  # type: ignore[assignment]

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        re.compile = _compile
