"""The deferred `inspect` behaves as the real module as soon as anything uses it."""

from __future__ import annotations

import subprocess

from .conftest import PYTHON, subprocess_env

SCRIPT = """\
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
defer_import("inspect")  # already imported: nothing changes
assert sys.modules["inspect"] is inspect
print("ok")
"""


def test_the_stand_in_loads_on_first_use_and_is_then_the_real_module() -> None:
    out = subprocess.run([PYTHON, "-c", SCRIPT], capture_output=True, text=True, env=subprocess_env(), check=False)
    assert (out.returncode, out.stdout, out.stderr) == (0, "ok\n", "")
