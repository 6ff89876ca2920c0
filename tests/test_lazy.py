"""The deferred standard modules behave as the real ones as soon as anything uses them, and change no output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PYTHON, invoke, subprocess_env


def _run(script: str, cwd: Path | None = None) -> None:
    out = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, env=subprocess_env(), cwd=cwd, check=False
    )
    assert (out.returncode, out.stderr, out.stdout) == (0, "", "ok\n")


FROM_IMPORTS = """\
import sys, types
from soma_info._lazy import defer_import
defer_import("ast", "literal_eval")
defer_import("pickle", "dumps", "loads")
import ast
from ast import literal_eval
from pickle import dumps, loads
assert type(ast).__name__ == "_FirstUse" and "_pickle" not in sys.modules, "loaded too early"
assert literal_eval("[350, 'mg']") == [350, "mg"] and type(ast) is types.ModuleType
assert ast.literal_eval is not literal_eval and literal_eval.__name__ == "literal_eval"
assert literal_eval("{'q': 4}") == {"q": 4}
assert loads(dumps({"meta": (1, "x")})) == {"meta": (1, "x")} and "_pickle" in sys.modules
defer_import("ast")  # already imported: nothing changes
assert sys.modules["ast"] is ast
print("ok")
"""


def test_a_name_taken_with_from_import_runs_the_module_on_first_call() -> None:
    _run(FROM_IMPORTS)


FLAKY = """\
import sys
from soma_info._lazy import defer_import
defer_import("flaky", "dose", "missing")
import flaky
from flaky import dose, missing
for attempt in range(2):  # like a failed import: the error each time, never a RecursionError
    try:
        dose()
    except RuntimeError as error:
        assert str(error) == "not yet", error
    else:
        raise AssertionError("ran a module whose code failed")
import os
os.environ["FLAKY_READY"] = "1"
assert dose() == 350 and flaky.dose() == 350
try:
    missing()
except ImportError as error:
    assert "cannot import name 'missing' from 'flaky'" in str(error), error
else:
    raise AssertionError("missing() returned")
print("ok")
"""


def test_a_module_that_fails_on_first_use_fails_again_until_it_runs(tmp_path: Path) -> None:
    (tmp_path / "flaky.py").write_text(
        "import os\nif 'FLAKY_READY' not in os.environ:\n    raise RuntimeError('not yet')\n"
        "def dose():\n    return 350\n",
        encoding="utf-8",
    )
    _run(FLAKY, cwd=tmp_path)


def test_dir_runs_the_module() -> None:
    _run(
        "from soma_info._lazy import defer_import\ndefer_import('colorsys')\nimport colorsys\n"
        "assert 'rgb_to_hls' in dir(colorsys)\nprint('ok')\n"
    )


INSPECT = """\
import sys, types
from soma_info._lazy import defer_import
defer_import("inspect")
import inspect
assert type(inspect).__name__ == "_FirstUse" and "dis" not in sys.modules, "loaded too early"
import dataclasses

@dataclasses.dataclass
class WithDoc:
    \"\"\"Documented: dataclasses does not need inspect.\"\"\"
    dose: int

assert type(sys.modules["inspect"]).__name__ == "_FirstUse", "a documented dataclass loaded it"

@dataclasses.dataclass
class NoDoc:
    dose: int

assert NoDoc.__doc__ == "NoDoc(dose: int)", NoDoc.__doc__
from inspect import signature
assert type(inspect) is types.ModuleType and sys.modules["inspect"] is inspect
assert str(signature(lambda mg=350: None)) == "(mg=350)"
assert inspect.signature is signature and "dis" in sys.modules
print("ok")
"""


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="from 3.12 dataclasses use inspect for every class")
def test_inspect_waits_until_a_dataclass_needs_it() -> None:
    _run(INSPECT)


@pytest.mark.parametrize(
    "args",
    [
        ["mechanism"],
        ["dosage", "-w", "60"],
        ["card"],
        ["all", "--no-pager"],
        ["search", "alcohol"],
        ["interactions", "--with", "alcohol"],
        ["sources"],
    ],
)
def test_styled_output_is_the_same_with_the_stand_ins(args: list[str]) -> None:
    """In a fresh process the stand-ins are active; under pytest the real modules are already imported."""
    styled = [*args, "--color", "always"]
    out = subprocess.run(
        [PYTHON, "-m", "soma_info", *styled], capture_output=True, env=subprocess_env(COLUMNS="100"), check=False
    )
    expected = invoke(*styled)
    assert (out.returncode, out.stderr) == (expected.exit_code, b"")
    assert out.stdout.decode("utf-8") == expected.stdout
