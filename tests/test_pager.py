"""The pager, as a user meets it: the real program on a pseudo-terminal, with a real less and a real more.

Keys are sent only once the pager shows its prompt, so the tests do not depend on timing. What the terminal
shows after a key is checked for the end of the text (the notice's last words): the pager showed only the
first screen, so if those words appear, something wrote the text again after the pager.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import termios
import time

import pytest

from .conftest import PYTHON, subprocess_env

LESS = shutil.which("less")
MORE = shutil.which("more")
needs_less = pytest.mark.skipif(LESS is None, reason="less is not installed (apt-get install less)")
needs_more = pytest.mark.skipif(MORE is None, reason="more is not installed (apt-get install util-linux)")

END_OF_TEXT = b"Poison Control"  # the notice's last words, at the very end of every output
LESS_PROMPT = re.compile(rb"\r\n:(\x1b\[K)?$|\(END\)")
MORE_PROMPT = re.compile(rb"--More--")
TIMEOUT = 30.0


class Terminal:
    """soma-info on a pseudo-terminal of 24 rows and 80 columns, in its own session: Ctrl-C typed here reaches
    the foreground process group (soma-info and its pager), as it would in a real terminal."""

    def __init__(self, args: list[str], **env: str) -> None:
        environment = subprocess_env(**{"TERM": "xterm", **env})
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before anything asks for its size
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.execve(PYTHON, [PYTHON, "-m", "soma_info", *args], environment)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.shown = b""
        self.cursor = 0  # where the last thing waited for ended
        self.status: int | None = None

    def wait_for(self, pattern: re.Pattern[bytes] | bytes) -> bytes:
        """Read until the screen shows pattern after the last thing waited for; what was shown up to it."""
        start = self.cursor
        regex = pattern if isinstance(pattern, re.Pattern) else re.compile(re.escape(pattern))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = regex.search(self.shown, start)
            if found:
                self.cursor = found.end()
                return self.shown[start : self.cursor]
            if not self._read(0.2):
                break
        raise AssertionError(f"never shown: {pattern!r}; the screen had: {self.shown[-600:]!r}")

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def type_until_done(self, keys: bytes, every: float = 1.0) -> None:
        """Type keys, and again every so often, until every process on the terminal has gone."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            os.write(self.fd, keys)
            again = time.monotonic() + every
            while time.monotonic() < again:
                if not self._read(0.1):
                    return

    def finish(self) -> tuple[int, bytes]:
        """Wait for the program to end; its exit code and everything shown after the last thing waited for."""
        mark = self.cursor
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and self._read(0.2):
            pass
        self._reap(deadline)
        os.close(self.fd)
        assert self.status is not None
        return os.waitstatus_to_exitcode(self.status), self.shown[mark:]

    def _read(self, wait: float) -> bool:
        """Read what is there; False once the terminal is closed (the program and its pager have ended)."""
        if self.status is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: every process holding the terminal has gone
            return False
        self.shown += chunk
        return bool(chunk)

    def _reap(self, deadline: float) -> None:
        while self.status is None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
            elif time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError("the program did not end")
            else:
                time.sleep(0.05)


def words_in(shown: bytes) -> bytes:
    """What a reader would see: the bytes without escape sequences."""
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07|[\r\x07\x08]", b"", shown)


# ----------------------------------------------------------------------------- less


@needs_less
def test_q_in_less_ends_the_run_and_nothing_follows() -> None:
    terminal = Terminal(["all"], PAGER="less")
    assert b"SOMA" in words_in(terminal.wait_for(LESS_PROMPT))
    terminal.type(b"q")
    code, after = terminal.finish()
    assert code == 0
    assert END_OF_TEXT not in terminal.shown and not words_in(after).strip()


@needs_less
def test_ctrl_c_in_less_then_q_writes_nothing_more_and_exits_130() -> None:
    terminal = Terminal(["all"], PAGER="less")
    terminal.wait_for(LESS_PROMPT)
    terminal.type(b"\x03")
    # less takes the interrupt (it rings the bell and draws the screen again) and goes on; soma-info must
    # outlive it and wait. Input typed around a Ctrl-C can be discarded (by the terminal, and by less as it
    # recovers), so q is typed after the bell, and again if less has not yet gone, as a person would.
    terminal.wait_for(b"\x07")
    terminal.type_until_done(b"q")
    code, _ = terminal.finish()
    assert code == 130
    assert END_OF_TEXT not in terminal.shown, "the text was written again after the pager"
    assert b"Traceback" not in terminal.shown


@needs_less
def test_the_exit_status_is_the_commands_after_the_pager() -> None:
    """`interactions` exits 1 for a name it does not recognise, paged or not."""
    terminal = Terminal(["interactions", "notadrugatall", "tramadol"], PAGER="less", LINES="5")
    terminal.wait_for(LESS_PROMPT)
    terminal.type(b"q")
    code, _ = terminal.finish()
    assert code == 1


@needs_less
def test_less_on_a_dumb_terminal_shows_its_prompt() -> None:
    terminal = Terminal(["all"], PAGER="less", TERM="dumb")
    terminal.wait_for(b"terminal is not fully functional")
    terminal.type(b"\r")
    terminal.wait_for(b":")
    terminal.type(b"q")
    code, _ = terminal.finish()
    assert code == 0 and END_OF_TEXT not in terminal.shown


@needs_less
@pytest.mark.parametrize("less", ["-i", "", "--ignore-case -X"])
def test_colour_shows_as_colour_whatever_less_is_told(less: str) -> None:
    """A LESS without R would show raw codes (ESC[1m): R is added when colour goes to less."""
    terminal = Terminal(["all"], PAGER="less", LESS=less)
    screen = terminal.wait_for(LESS_PROMPT)
    terminal.type(b"q")
    code, _ = terminal.finish()
    assert code == 0
    assert b"\x1b[1m" in screen and b"ESC" not in screen


# ----------------------------------------------------------------------------- more


@needs_more
def test_q_in_more_ends_the_run_and_nothing_follows() -> None:
    """util-linux more reads its keys from stderr: the pager is given the terminal there too."""
    terminal = Terminal(["all"], PAGER="more")
    terminal.wait_for(MORE_PROMPT)
    terminal.type(b"q")
    code, after = terminal.finish()
    assert code == 0
    assert END_OF_TEXT not in terminal.shown and not words_in(after).strip()


@needs_more
def test_space_in_more_turns_the_page() -> None:
    terminal = Terminal(["all"], PAGER="more")
    terminal.wait_for(MORE_PROMPT)
    terminal.type(b" ")
    terminal.wait_for(MORE_PROMPT)
    terminal.type(b"q")
    code, _ = terminal.finish()
    assert code == 0


@needs_more
def test_ctrl_c_in_more_writes_nothing_more_and_exits_130() -> None:
    terminal = Terminal(["all"], PAGER="more")
    terminal.wait_for(MORE_PROMPT)
    terminal.type(b"\x03")
    time.sleep(0.3)
    terminal.type(b"q")  # more has gone on Ctrl-C; this q must not reach anything that prints
    code, _ = terminal.finish()
    assert code == 130
    assert END_OF_TEXT not in terminal.shown and b"Traceback" not in terminal.shown


# ----------------------------------------------------------------------------- reading names from the terminal


def test_from_stdin_on_a_terminal_says_what_it_waits_for() -> None:
    terminal = Terminal(["interactions", "--from", "-", "--no-pager"])
    terminal.wait_for(b"Ctrl-D")
    terminal.type(b"tramadol\n\x04")
    code, _ = terminal.finish()
    assert code == 0 and b"tramadol" in words_in(terminal.shown).lower()
