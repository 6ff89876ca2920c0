"""Defer a standard-library module that Rich's import pulls in and a styled lookup never uses.

dataclasses imports ``inspect`` at the top, and with it ast, dis and tokenize: about 8 ms, more than half
of a `python -c pass`. It uses ``inspect`` only to write a docstring for a dataclass that has none; Rich's
dataclasses all have one. ``defer_import("inspect")`` before Rich is imported puts a stand-in in
``sys.modules`` that runs the real module's code on its first use, if there is one.
"""

from __future__ import annotations

import sys
import types


class _FirstUse(types.ModuleType):
    """A module whose code runs on the first access to an attribute it does not have yet.

    importlib.util.LazyLoader does the same, but on Python 3.11 it also loads on the import system's own
    look-up of ``__spec__``, so the next ``import inspect`` would load it at once. Here ``__spec__`` and
    the other attributes set by ``module_from_spec`` are real attributes, and only a missing one loads.
    """

    def __getattr__(self, name: str) -> object:
        self.__class__ = types.ModuleType  # type: ignore[assignment]  # a plain module from now on
        assert self.__spec__ is not None and self.__spec__.loader is not None
        self.__spec__.loader.exec_module(self)
        return getattr(self, name)


def defer_import(name: str) -> None:
    """Make the next imports of the module `name` cheap: its code runs on first use, if there is one."""
    if name in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # pragma: no cover - a standard module that cannot be found
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _FirstUse
    sys.modules[name] = module
