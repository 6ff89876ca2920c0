"""Shared fixtures: an isolated environment, a fixed-width runner, and the knowledge files under test."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from soma_info import cli
from soma_info.knowledge import yamlfile
from soma_info.knowledge.model import Monograph

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURE = TESTS / "fixtures" / "mini.yaml"
SHIPPED = ROOT / "data" / "soma.yaml"
FORMATS = ("rich", "plain", "markdown", "json")

# Variables that change how output looks; every test starts without them and sets what it needs.
_LOOKS = ("SOMA_INFO_DATA", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "COLORTERM", "PAGER",
          "MANPAGER", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "_SOMA_INFO_COMPLETE")  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _LOOKS:
        monkeypatch.delenv(name, raising=False)
    yield


def invoke(*args: str, env: Mapping[str, str] | None = None, input: str | None = None) -> Result:
    """Run the Typer app as the program does (``cli.run``, which turns every failure into a sentence and an exit
    code), in Typer's test isolation: captured streams, ``input`` on stdin, a fixed width, no colour unless a
    test asks for it."""
    return _isolated(cli.run, list(args), env, input)


def program(*args: str, env: Mapping[str, str] | None = None, input: str | None = None) -> Result:
    """Run the program's entry point as the installed command does: the fast path first, then the Typer app."""
    from soma_info import launch

    return _isolated(launch.main, list(args), env, input)


def _isolated(entry: Callable[[list[str]], int], args: list[str], env: Mapping[str, str] | None,
              input: str | None) -> Result:  # fmt: skip
    runner = CliRunner()
    code: Any = 0
    exception: BaseException | None = None
    with runner.isolation(input=input, env={"COLUMNS": "100", **(env or {})}, color=False) as (out, err, both):
        try:
            code = entry(args)
        except SystemExit as stop:  # a completion request ends in sys.exit, as Click does it
            code = stop.code or 0
        except Exception as error:  # kept for the test to show, as CliRunner does
            code, exception = 1, error
        sys.stdout.flush(), sys.stderr.flush()
        captured = out.getvalue(), err.getvalue(), both.getvalue()
    return Result(runner, *captured, return_value=code, exit_code=int(code), exception=exception)


def subprocess_env(**extra: str) -> dict[str, str]:
    """The current environment minus what changes output, for tests that start the real program."""
    env = {k: v for k, v in os.environ.items() if k not in _LOOKS}
    return {**env, "PYTHONIOENCODING": "utf-8", **extra}


PYTHON = sys.executable


def read_until_closed(primary: int) -> bytes:
    """Everything a pseudo-terminal shows until every process holding its other end has closed it; then close it."""
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return b"".join(chunks)


def load_script(name: str) -> Any:
    """A script of scripts/ as a module, to call the function it writes its file with."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def shipped() -> Monograph:
    return yamlfile.load(str(SHIPPED))


@pytest.fixture(scope="session")
def mini() -> Monograph:
    return yamlfile.load(str(FIXTURE))
