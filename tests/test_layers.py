"""The three layers stay apart: loading never prints, rendering never reads files, imports run one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "soma_info"
KNOWLEDGE = PACKAGE / "knowledge"  # the data layer: records, the knowledge file in every form, the vocabulary
LOADING = sorted(f"knowledge/{p.name}" for p in KNOWLEDGE.glob("*.py"))
RENDERING = sorted(p.name for p in (PACKAGE / "render").glob("*.py"))
VIEWS = sorted(f"views/{p.name}" for p in (PACKAGE / "views").glob("*.py"))


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


# The layers, from the bottom: the data layer (the package soma_info.knowledge: the domain records, reading
# and compiling the knowledge file, the vocabulary) and the exit codes; views (what a command shows);
# rendering (how it looks); execute (one run); the front ends. Modules are named as below soma_info, with
# the data layer's by their module ("knowledge.model") and every other by its first name ("render").
DATA_LAYER = {f"knowledge.{p.stem}" for p in KNOWLEDGE.glob("*.py") if p.stem != "__init__"}
VALIDATING = {
    "knowledge.schema",
    "knowledge.shapes",
    "knowledge.checker",
    "knowledge.monograph_parts",
    "knowledge.drug_parts",
}  # the schema, by concern: shape table, checker, the parts' validators
READING = {"knowledge.loader", "knowledge.compiled", "knowledge.yamlfile"} | VALIDATING  # the file itself
MAY_IMPORT = {
    **{name: DATA_LAYER | {"__version__"} for name in LOADING},  # the data layer imports only itself
    **{name: DATA_LAYER - READING | {"exitcodes", "render", "views"} for name in VIEWS},  # views import views
    "execute.py": DATA_LAYER - VALIDATING | {"exitcodes", "render", "views", "terminal", "commands",
                                                     "deadline", "__version__"},
    "deadline.py": set(),  # the entry point's timer: it knows nothing of the package
    "fast.py": {"commands", "execute", "terminal", "completion", "exitcodes", "knowledge.model"},
    "commands.py": {"knowledge.record", "knowledge.sections", "knowledge.text", "knowledge.words",
                    "knowledge.model",  # the model for its types only (name_clashes takes a Monograph)
                    "render"},  # render.formats only, the names of the formats (test below)
    "clitext.py": {"commands"},  # the Typer app's table-derived words: no Typer, nothing below the table
}  # fmt: skip


def _layer(path: list[str]) -> str:
    """A name below soma_info as the rules name it: ["knowledge", "model", "Monograph"] is knowledge.model."""
    return ".".join(path[:2]) if path[0] == "knowledge" else path[0]


def _own(tree: ast.Module) -> set[str]:
    """The soma_info modules a module imports, named as in MAY_IMPORT."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "soma_info":
            below = node.module.split(".")[1:]
            found |= {_layer([*below, alias.name]) for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {_layer(a.name.split(".")[1:]) for a in node.names if a.name.startswith("soma_info.")}
    return found


def _source(name: str) -> Path:
    return PACKAGE / "render" / name if name in RENDERING else PACKAGE / name


@pytest.mark.parametrize("name", LOADING)
def test_loading_never_prints_and_knows_nothing_of_output(name: str) -> None:
    tree = _tree(PACKAGE / name)
    assert "print" not in _calls(tree)
    assert not {m for m in _imports(tree) if m.split(".")[0] in ("rich", "typer")}
    assert not _streams(tree)  # sys.version_info is fine; writing is not
    assert not _own(tree) & {"render", "views", "cli", "fast", "execute", "commands", "terminal", "completion"}


def test_the_data_layer_package_imports_nothing_when_imported() -> None:
    """Importing soma_info.knowledge.model must not pay for PyYAML, the schema or any other module of it."""
    tree = _tree(KNOWLEDGE / "__init__.py")
    assert [type(node) for node in tree.body] == [ast.Expr]  # the docstring, nothing else
    assert ast.get_docstring(tree)


@pytest.mark.parametrize("name", RENDERING)
def test_rendering_never_reads_files_or_loads_knowledge(name: str) -> None:
    tree = _tree(PACKAGE / "render" / name)
    assert not _calls(tree) & {"open", "print"}
    assert not {m for m in _imports(tree) if m.split(".")[0] in ("yaml", "typer", "pathlib", "os")}
    assert not _own(tree) & {"knowledge.yamlfile", "knowledge.schema", "cli"}


def test_only_the_command_layer_imports_typer() -> None:
    users = {p.name for p in PACKAGE.rglob("*.py") if "typer" in {m.split(".")[0] for m in _imports(_tree(p))}}
    assert users == {"cli.py"}


def test_yaml_and_the_schema_are_imported_only_on_the_yaml_path() -> None:
    """The start-up path reads the compiled form: PyYAML and the schema are imported by the YAML reader only."""
    modules = {p.relative_to(PACKAGE).as_posix(): _tree(p) for p in PACKAGE.rglob("*.py")}
    yaml_users = {n for n, t in modules.items() if "yaml" in {m.split(".")[0] for m in _imports(t)}}
    assert yaml_users == {"knowledge/yamlfile.py"}
    assert {n for n, t in modules.items() if "knowledge.yamlfile" in _own(t)} == {"knowledge/loader.py", "execute.py"}
    assert {n for n, t in modules.items() if "knowledge.schema" in _own(t)} == {"knowledge/yamlfile.py"}
    validators = {f"knowledge/{m.split('.')[1]}.py" for m in VALIDATING}  # they import each other, nothing else does
    assert {n for n, t in modules.items() if _own(t) & VALIDATING} <= validators | {"knowledge/yamlfile.py"}


def test_every_import_of_the_package_is_absolute() -> None:
    """A relative import would slip past the rules above, which read module names."""
    relative = [
        p for p in PACKAGE.rglob("*.py") for n in ast.walk(_tree(p)) if isinstance(n, ast.ImportFrom) and n.level
    ]
    assert not relative


@pytest.mark.parametrize("name", sorted(MAY_IMPORT))
def test_each_layer_imports_only_what_lies_below_it(name: str) -> None:
    imported = _own(_tree(PACKAGE / name))
    assert imported <= MAY_IMPORT[name], imported - MAY_IMPORT[name]


@pytest.mark.parametrize("name", [*VIEWS, *RENDERING])
def test_views_and_rendering_never_import_the_loader(name: str) -> None:
    assert not _own(_tree(_source(name))) & READING


def test_the_views_package_finds_each_view_where_it_lives() -> None:
    """views/__init__.py names each view twice (for mypy, and in HOME for the lazy lookup): the two agree."""
    import importlib

    from soma_info import views

    tree = _tree(PACKAGE / "views" / "__init__.py")
    declared = {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("soma_info.views.")
        for alias in node.names
    }
    assert declared == views.HOME
    for name, home in views.HOME.items():
        assert getattr(views, name) is getattr(importlib.import_module(f"soma_info.views.{home}"), name), name
    with pytest.raises(AttributeError):
        views.no_such_view  # noqa: B018


_FORMAT_WORDS = {"fmt", "format", "output", "style", "formats"}  # what a parameter carrying the format is called
_FORMAT_MODULES = {"soma_info.terminal", "soma_info.commands", *(f"soma_info.render.{n}" for n in
                   ("plain", "markdown", "styled", "jsonout", "layout", "chart", "formats"))}  # fmt: skip
_FORMAT_NAMES = {"Output", "Style", "FORMATS", "decide", "render"}


@pytest.mark.parametrize("name", VIEWS)
def test_views_never_see_the_output_format(name: str) -> None:
    """Following --format from the command line to the renderer never enters views/: no view takes a format
    (or the terminal's Output or Style), imports what chooses or draws one, or compares a value with a format's
    name. A listing that looks different when piped says so with an element (render.document.Records)."""
    tree = _tree(PACKAGE / name)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            arguments = node.args
            names = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
            assert not names & _FORMAT_WORDS, f"{name}: {getattr(node, 'name', 'lambda')} takes {names & _FORMAT_WORDS}"
        if isinstance(node, ast.ImportFrom) and node.module:
            assert node.module not in _FORMAT_MODULES, f"{name} imports {node.module}"
            assert not {a.name for a in node.names} & _FORMAT_NAMES, f"{name} imports {node.module}'s format names"
        if isinstance(node, ast.Import):
            assert not {a.name for a in node.names} & _FORMAT_MODULES, f"{name} imports a format module"
        if isinstance(node, ast.Compare):
            constants = {c.value for c in ast.walk(node) if isinstance(c, ast.Constant)}
            assert not constants & {"rich", "plain", "markdown", "json"}, f"{name} compares with a format's name"


def test_the_table_takes_only_the_format_names_from_render() -> None:
    """The command table offers the formats render/ declares (render.formats), and imports nothing else of it."""
    tree = _tree(PACKAGE / "commands.py")
    from_render = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
                   and node.module.startswith("soma_info.render")}  # fmt: skip
    names = {a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module == "soma_info.render"
             for a in node.names}  # fmt: skip
    assert from_render == {"soma_info.render"} and names == {"formats"}


def test_a_new_format_is_a_row_of_render_formats() -> None:
    """Each format of the table is drawn by a module of render/ with the one signature, and terminal.render
    dispatches by the row alone: no format's name appears in it. (execute's validate still asks whether the
    output is JSON: its report is the output then, and otherwise a line on stderr.)"""
    import importlib
    import inspect

    from soma_info import commands
    from soma_info.render import formats

    assert tuple(formats.FORMATS) == commands.FORMATS
    for name, module in formats.FORMATS.items():
        drawn = importlib.import_module(f"soma_info.render.{module}").render
        parameters = [*inspect.signature(drawn).parameters]  # (document, the wrap width, the terminal's style)
        assert len(parameters) == 3 and parameters[0] == "document", name
    tree = _tree(PACKAGE / "terminal.py")
    render = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "render")
    assert not {c.value for c in ast.walk(render) if isinstance(c, ast.Constant)} & set(formats.FORMATS)
