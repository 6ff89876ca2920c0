"""The shape of the code: no import circle, no module over 600 lines, no process-wide measure in the data layer."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "soma_info"
MODULES = {
    ".".join(("soma_info", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__"): p
    for p in sorted(PACKAGE.rglob("*.py"))
}
MOST_LINES = 600


def _imported(name: str, path: Path) -> set[str]:
    """The package's modules that a module imports anywhere in it: at the top, in a function, for typing only.

    ``from soma_info.knowledge import loader`` imports the module soma_info.knowledge.loader; ``from
    soma_info.knowledge.model import Monograph`` imports soma_info.knowledge.model.
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                      for alias in node.names}  # fmt: skip
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (its modules in order, the first repeated at the end), or None. Depth-first search."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(graph):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_no_module_of_the_package_imports_itself_back() -> None:
    circle = _circle(GRAPH)
    assert circle is None, " -> ".join(circle or ())


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None
    assert "soma_info.knowledge.yamlfile" in GRAPH["soma_info.knowledge.loader"]  # a lazy import counts


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_600_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{name} has {lines} lines; split it by concern"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.startswith("soma_info.knowledge")))
def test_the_data_layer_sets_no_signal_handler_or_timer(name: str) -> None:
    """A process-wide measure (a signal handler, an interval timer) belongs to the entry point, not to data."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not {m.split(".")[0] for m in imported} & {"signal", "threading", "faulthandler", "atexit"}


# ----------------------------------------------------------------------------- the frameworks' public API only

TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}
FRAMEWORKS = ("typer", "click", "rich")


def _private_imports(tree: ast.AST) -> set[str]:
    """Imports of a framework's private module or name: ``typer._click``, ``from typer.core import _main``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found |= {m for m in modules if m.split(".")[0] in FRAMEWORKS and any(p.startswith("_") for p in m.split("."))}
    return found


def _ours(trees: Mapping[str, ast.AST]) -> set[str]:
    """The underscored names the package defines itself: functions, classes, module and class attributes, and
    attributes it sets on ``self``."""
    names = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                  and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):  # fmt: skip
                names.add(node.attr)
    return {name for name in names if name.startswith("_")}


def _foreign_private_attributes(tree: ast.AST, ours: set[str]) -> set[str]:
    """Underscored attributes read or set, and keyword arguments passed, that the package does not define:
    another library's internals, such as Click's ``param._custom_shell_complete`` or Rich's ``Console(_environ=)``.
    (Dunders and NamedTuple's ``_replace``/``_fields`` are public.)"""
    public = {"_replace", "_fields", "_asdict", "_make", "_field_defaults"}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    keywords = {node.arg for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg}  # _environ=
    found = {name for name in attributes | keywords if name.startswith("_") and not name.startswith("__")}
    return found - ours - public


OURS = _ours(TREES)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_typer_click_and_rich_are_used_through_their_public_api_only(name: str) -> None:
    assert not _private_imports(TREES[name]), name
    assert not _foreign_private_attributes(TREES[name], OURS), name


def test_the_private_name_finder_finds_them() -> None:
    tree = ast.parse(
        "from typer._click.formatting import wrap_text\nimport typer._completion_shared\n"
        "from typer.core import _main\nparam._custom_shell_complete = f\nself._mine = 1\nx = self._mine\n"
        "Console(file=f, _environ={})\n"
    )
    assert _private_imports(tree) == {"typer._click.formatting", "typer._click.formatting.wrap_text",
                                      "typer._completion_shared", "typer.core._main"}  # fmt: skip
    assert _foreign_private_attributes(tree, _ours({"t": tree})) == {"_custom_shell_complete", "_environ"}
