"""The three layers stay apart: loading never prints, rendering never reads files, imports run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "soma_info"
LOADING = [
    "model.py",
    "knowledge.py",
    "schema.py",
    "sections.py",
    "record.py",
    "loader.py",
    "compiled.py",
    "text.py",
    "vocabulary.py",
    "interactions.py",
]
RENDERING = sorted(p.name for p in (PACKAGE / "render").glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _calls(tree: ast.Module) -> set[str]:
    return {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def _streams(tree: ast.Module) -> set[str]:
    """sys.stdout, sys.stderr and the like: what a module writes to, if it writes."""
    return {
        f"sys.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "sys"
        and node.attr in ("stdout", "stderr", "stdin", "__stdout__", "__stderr__")
    }  # fmt: skip


def _imports(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("name", LOADING)
def test_loading_never_prints_and_knows_nothing_of_output(name: str) -> None:
    tree = _tree(PACKAGE / name)
    assert "print" not in _calls(tree)
    assert not {m for m in _imports(tree) if m.split(".")[0] in ("rich", "typer")}
    assert not _streams(tree)  # sys.version_info is fine; writing is not
    assert not {m for m in _imports(tree) if m.startswith(("soma_info.render", "soma_info.cli", "soma_info.views"))}


@pytest.mark.parametrize("name", RENDERING)
def test_rendering_never_reads_files_or_loads_knowledge(name: str) -> None:
    tree = _tree(PACKAGE / "render" / name)
    assert not _calls(tree) & {"open", "print"}
    assert not {m for m in _imports(tree) if m.split(".")[0] in ("yaml", "typer", "pathlib", "os")}
    assert not {m for m in _imports(tree) if m in ("soma_info.knowledge", "soma_info.schema", "soma_info.cli")}


def test_only_the_command_layer_imports_typer() -> None:
    users = {p.name for p in PACKAGE.rglob("*.py") if "typer" in {m.split(".")[0] for m in _imports(_tree(p))}}
    assert users == {"cli.py"}


# The layers, from the bottom: the domain and data (records, reading and compiling the knowledge file, the
# vocabulary); views (what a command shows); rendering (how it looks); execute (one run); the front ends.
DATA_LAYER = ("model", "record", "sections", "text", "loader", "compiled", "knowledge", "schema", "vocabulary",
              "interactions", "search", "exitcodes")  # fmt: skip
MAY_IMPORT = {
    "views.py": {*DATA_LAYER, "render"} - {"loader", "compiled", "knowledge", "schema"},
    "execute.py": {*DATA_LAYER, "render", "views", "terminal", "commands", "__version__"} - {"schema"},
    "fast.py": {"commands", "execute", "terminal", "completion", "exitcodes", "model"},
    "commands.py": {"record", "sections", "text"},
}


def _own(tree: ast.Module) -> set[str]:
    """The soma_info modules a module imports, by their first name below the package."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("soma_info"):
            parts = node.module.split(".")
            found |= {alias.name for alias in node.names} if len(parts) == 1 else {parts[1]}
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("soma_info.")}
    return found


@pytest.mark.parametrize("name", sorted(MAY_IMPORT))
def test_each_layer_imports_only_what_lies_below_it(name: str) -> None:
    imported = _own(_tree(PACKAGE / name))
    assert imported <= MAY_IMPORT[name], imported - MAY_IMPORT[name]


@pytest.mark.parametrize("name", ["views.py", *RENDERING])
def test_views_and_rendering_never_import_the_loader(name: str) -> None:
    path = PACKAGE / name if name == "views.py" else PACKAGE / "render" / name
    assert not _own(_tree(path)) & {"loader", "compiled", "knowledge", "schema"}
