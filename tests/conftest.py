"""Shared fixtures: an isolated environment, a fixed-width runner, and the knowledge files under test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from soma_info.cli import app
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


def invoke(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run the Typer app as a user would, with a fixed width and no colour unless a test asks for it."""
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "100", **(env or {})}, color=False)


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
