"""The deferred standard modules behave as the real ones as soon as anything uses them, and change no output."""

from __future__ import annotations

import subprocess

import pytest

from .conftest import PYTHON, invoke, subprocess_env

STAND_IN = """\
import sys, types
from soma_info._lazy import defer_import
defer_import("inspect")
defer_import("ast", "literal_eval")
import inspect, ast
from ast import literal_eval
assert type(inspect).__name__ == type(ast).__name__ == "_FirstUse", "loaded too early"
assert "dis" not in sys.modules and "_ast" not in sys.modules
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
defer_import("inspect")  # already imported: nothing changes
assert sys.modules["inspect"] is inspect
assert literal_eval("[350, 'mg']") == [350, "mg"] and type(ast) is types.ModuleType
assert ast.literal_eval is not literal_eval and literal_eval.__name__ == "literal_eval"
assert literal_eval("{'q': 4}") == {"q": 4}
defer_import("pickle", "dumps", "loads")
from pickle import dumps, loads
assert "_pickle" not in sys.modules
assert loads(dumps({"meta": (1, "x")})) == {"meta": (1, "x")} and "_pickle" in sys.modules
print("ok")
"""


def test_a_stand_in_loads_on_first_use_and_is_then_the_real_module() -> None:
    out = subprocess.run([PYTHON, "-c", STAND_IN], capture_output=True, text=True, env=subprocess_env(), check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "ok\n", "")


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
