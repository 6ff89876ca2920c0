"""A wall-clock limit on one piece of work, set by the entry point: the only place a process-wide timer belongs.

Python's regex engine has no step budget, and no thread can stop it (it holds the interpreter while it
backtracks), but it does check for signals as it goes. So the limit is a SIGALRM timer, armed just around the
work and disarmed (with the previous handler restored) before ``within`` returns or raises, whatever happens.
Only the main thread of a POSIX process can set one; elsewhere the work runs without a limit.
"""

from __future__ import annotations

import signal

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")


class Expired(Exception):
    """The work ran past its limit and was stopped."""


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``'s result, or Expired once it has run for ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Expired

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except (AttributeError, ValueError):  # no SIGALRM (Windows), or not the main thread
        return work()
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
