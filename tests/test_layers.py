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
