"""Defer standard-library modules that Rich's import pulls in and a styled lookup never uses.

Measured on this project's machine, these three cost about a fifth of what Rich's import costs:

- ``inspect`` (with dis and tokenize): dataclasses imports it at the top, but on Python 3.11 uses it only
  to write a docstring for a dataclass that has none, and Rich's dataclasses all have one. (From 3.12,
  dataclasses reads every class's annotations with it, so there it is not deferred.)
- ``ast``: rich.markup takes ``literal_eval`` from it, to parse markup arguments; soma-info never lets Rich
  parse markup.
- ``pickle``: rich.style takes ``dumps`` and ``loads`` from it, for link and handler metadata, which
  soma-info's styles never carry.

``defer_import`` puts a stand-in in ``sys.modules`` that runs the real module's code on first use, if
there is one, so nothing changes for code that does use them; only the cost moves to where it is needed.
"""

from __future__ import annotations

import sys
import types

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which costs start-up time

if TYPE_CHECKING:
    from collections.abc import Callable


def defer_unused_by_rich() -> None:
    """Called just before the styled renderer imports Rich."""
    if sys.version_info < (3, 12):
        defer_import("inspect")
    defer_import("ast", "literal_eval")
    defer_import("pickle", "dumps", "loads")


class _FirstUse(types.ModuleType):
    """A module whose code runs on the first access to an attribute it does not have yet.

    importlib.util.LazyLoader does the same, but on Python 3.11 it also loads on the import system's own
    look-up of ``__spec__``, so the next ``import inspect`` would load it at once. Here ``__spec__`` and
    the other attributes set by ``module_from_spec`` are real attributes, and only a missing one loads.
    """

    def __getattr__(self, name: str) -> object:
        if name == "__path__":  # what every `from module import name` asks first; a plain module has none
            raise AttributeError(name)
        _run(self)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        _run(self)
        return dir(self)


def _run(module: types.ModuleType) -> None:
    """Run the real module's code in the stand-in, which then is the real module."""
    module.__class__ = types.ModuleType  # first, so that nothing the code does comes back here
    assert module.__spec__ is not None and module.__spec__.loader is not None
    try:
        module.__spec__.loader.exec_module(module)
    except BaseException:
        module.__class__ = _FirstUse  # like a failed import: the next use tries again, and fails as loudly
        raise


def _on_first_call(module: types.ModuleType, name: str) -> Callable[..., object]:
    """For `from module import name`, which a stand-in cannot answer without running the module."""

    def call(*args: object, **kwargs: object) -> object:
        if isinstance(module, _FirstUse):
            _run(module)
        function: Callable[..., object] = getattr(module, name)
        if function is call:  # the module ran but defines no such name
            raise ImportError(f"cannot import name {name!r} from {module.__name__!r}")
        return function(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def defer_import(name: str, *functions: str) -> None:
    """Make the next imports of the module `name` cheap: its code runs on first use, if there is one.

    `functions` are the names that importers take with `from name import ...`: each is a function that
    runs the module on its first call and then calls the real one.
    """
    if name in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is not None:  # pragma: no cover
        return  # not found, or a package, whose __path__ the stand-in could not answer
    module = importlib.util.module_from_spec(spec)
    for function in functions:
        setattr(module, function, _on_first_call(module, function))
    module.__class__ = _FirstUse
    sys.modules[name] = module
