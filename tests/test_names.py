"""Command names exist once, in the table: what it reserves (every command that is not a section, and
`version`) no section key or alias may take, and a file that gives one is refused wherever a knowledge file is
accepted: by `validate`, by the wheel build hook, and by every run."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from soma_info import commands, execute
from soma_info.commands import COMMANDS, Command, NameClash, Request, name_clashes, reserved_names
from soma_info.exitcodes import ExitCode
from soma_info.knowledge import compiled, yamlfile  # noqa: F401  # imported before the build hook runs (_hook)
from soma_info.knowledge.model import KnowledgeError, Monograph
from soma_info.knowledge.sections import CANONICAL_KEYS, normalise

from .conftest import FIXTURE, ROOT, invoke

VALID = FIXTURE.read_text(encoding="utf-8")
ALIAS = "aliases: [dosage-alias]"  # the fixture's dosage section, its third


def _clashing(tmp_path: Path, alias: str = "search", name: str = "clash.yaml") -> tuple[str, int, int]:
    """A copy of the fixture whose dosage section also answers to ``alias``: its path, and the line and column
    the alias is written at."""
    assert VALID.count(ALIAS) == 1
    text = VALID.replace(ALIAS, f"aliases: [{alias}, dosage-alias]")
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    line = text[: text.index(f"[{alias},")].count("\n") + 1
    column = len(text.splitlines()[line - 1].split("[")[0]) + 2
    return str(path), line, column


def _with_alias(monograph: Monograph, key: str, alias: str) -> Monograph:
    sections = tuple(s._replace(aliases=(*s.aliases, alias)) if s.key == key else s for s in monograph.sections)
    return monograph._replace(sections=sections, names={**monograph.names, normalise(alias): key})


# ----------------------------------------------------------------------------- the names come from the table


def test_the_reserved_names_are_the_tables_commands_that_are_not_sections() -> None:
    others = {c.name for c in COMMANDS if c.name not in CANONICAL_KEYS}
    assert others >= {"all", "card", "search", "validate", "help"}  # the table has them; the rule is not empty
    assert reserved_names() == others | {"version"}
    assert not reserved_names() & set(CANONICAL_KEYS)  # a section's own key is its command, not a clash


def test_a_row_added_to_the_table_reserves_its_name(monkeypatch: pytest.MonkeyPatch, mini: Monograph) -> None:
    """Nothing but the table changes: the new command's name is refused as an alias from then on."""
    named = _with_alias(mini, "dosage", "Pocket")
    assert name_clashes(named) == []
    row = Command("pocket", "A one-screen drug card.", "The card again.", handler="show", view="listings:card")
    monkeypatch.setitem(commands.BY_NAME, "pocket", row)
    assert "pocket" in reserved_names()
    clash = NameClash("dosage", "Pocket", "'Pocket' is a command name and cannot name a section")
    assert name_clashes(named) == [clash]


@pytest.mark.parametrize("alias", ["search", "Validate", "side_effects", "All ", "version"])
def test_a_name_is_compared_as_typed_names_are(mini: Monograph, alias: str) -> None:
    """Case, `_` and spaces fold as a typed name does, so no spelling of a command's name slips through."""
    clashes = name_clashes(_with_alias(mini, "dosage", alias))
    if normalise(alias) in CANONICAL_KEYS:  # another section's key: the schema's own check, "already names"
        assert clashes == []
        return
    assert [(c.section, c.name) for c in clashes] == [("dosage", alias)]
    assert clashes[0].message.endswith("and cannot name a section")
    assert ("--version" in clashes[0].message) == (alias == "version")


def test_the_shipped_and_the_fixture_files_clash_with_nothing(shipped: Monograph, mini: Monograph) -> None:
    assert name_clashes(shipped) == [] and name_clashes(mini) == []


# ----------------------------------------------------------------------------- every place that accepts a file


def test_validate_reports_the_clash_as_a_problem_of_the_file_with_its_line(tmp_path: Path) -> None:
    path, line, column = _clashing(tmp_path)
    result = invoke("validate", path)
    assert result.exit_code == ExitCode.DATA and result.stdout == ""
    assert result.stderr == (f"{path}: line {line}, column {column} (sections[2].aliases[0]): 'search' is a "
                             "command name and cannot name a section\n1 problem found.\n")  # fmt: skip
    report = invoke("validate", path, "-f", "json")
    assert report.exit_code == ExitCode.DATA and report.stderr == ""
    assert json.loads(report.stdout) == {
        "knowledge_file": path, "valid": False, "complete": True,
        "problems": [{"where": "sections[2].aliases[0]", "line": line, "column": column,
                      "message": "'search' is a command name and cannot name a section"}],
    }  # fmt: skip


def test_validate_places_a_clash_in_a_file_whose_sections_are_out_of_order(tmp_path: Path) -> None:
    """The file's own order, not the label order the monograph keeps: the second section written is dosage."""
    path, _, _ = _clashing(tmp_path)
    text = Path(path).read_text(encoding="utf-8")
    first, rest = text.split("  - key: indications\n", 1)
    indications, after = rest.split("  - key: dosage\n", 1)
    dosage, tail = after.split("  - key: mechanism\n", 1)
    Path(path).write_text(f"{first}  - key: dosage\n{dosage}  - key: indications\n{indications}  - key: mechanism\n"
                          f"{tail}", encoding="utf-8")  # fmt: skip
    problems = json.loads(invoke("validate", path, "-f", "json").stdout)["problems"]
    assert [p["where"] for p in problems] == ["sections[1].aliases[0]"]
    moved = Path(path).read_text(encoding="utf-8").splitlines()
    assert "[search," in moved[problems[0]["line"] - 1]


@pytest.mark.parametrize("request_", [Request("dosage"), Request("all"), Request("search", ("relax",)),
                                      Request("card"), Request("compare")], ids=lambda r: r.command)  # fmt: skip
def test_a_run_refuses_the_file_in_one_sentence(tmp_path: Path, request_: Request) -> None:
    path, line, column = _clashing(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    run = request_._replace(data=path, format="plain", pager=False)
    assert execute.execute(run, {}, out, err) == ExitCode.DATA
    assert out.getvalue() == ""
    assert err.getvalue() == (f"soma-info: error: {path}: line {line}, column {column} (sections[2].aliases[0]): "
                              "'search' is a command name and cannot name a section.\n")  # fmt: skip


def test_a_run_from_the_command_line_refuses_it_too(tmp_path: Path) -> None:
    path, _, _ = _clashing(tmp_path, "card")
    for args in (["dosage", "--data", path], ["dosage-alias", "--data", path], ["card", "--data", path]):
        result = invoke(*args)
        assert result.exit_code == ExitCode.DATA, args
        assert "'card' is a command name and cannot name a section" in result.stderr and not result.stdout, args


def test_version_names_the_clash_as_it_names_any_problem_of_the_file(tmp_path: Path) -> None:
    path, _, _ = _clashing(tmp_path, "version")
    out, err = io.StringIO(), io.StringIO()
    assert execute.execute(Request("", data=path, format="plain", version=True), {}, out, err) == ExitCode.DATA
    assert out.getvalue().startswith("soma-info ")
    assert "'version' is reserved for --version and cannot name a section" in err.getvalue()


def _hook(monkeypatch: pytest.MonkeyPatch) -> Any:
    """hatch_build.py's hook, its base class standing in for hatchling's (installed only in the build's own
    environment). Every soma_info module it imports is already imported, so it forgets none of them after."""
    fake = types.ModuleType("hatchling.builders.hooks.plugin.interface")
    fake.BuildHookInterface = type("BuildHookInterface", (), {})  # type: ignore[attr-defined]
    for name in ("hatchling", "hatchling.builders", "hatchling.builders.hooks", "hatchling.builders.hooks.plugin"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CompileKnowledgeFile


def _build(hook_class: Any, root: Path) -> dict[str, Any]:
    (root / "src").symlink_to(ROOT / "src")
    hook = hook_class()
    hook.target_name, hook.root = "wheel", str(root)
    build_data: dict[str, Any] = {"force_include": {}}
    try:
        hook.initialize("standard", build_data)
    finally:
        hook.finalize("standard", build_data, "")
    return build_data


def test_the_wheel_build_fails_on_a_clash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hook = _hook(monkeypatch)
    loaded = set(sys.modules)
    good = tmp_path / "good"
    (good / "data").mkdir(parents=True)
    (good / "data" / "soma.yaml").write_text(VALID, encoding="utf-8")
    assert list(_build(hook, good)["force_include"].values()) == ["soma_info/data/soma.compiled"]  # the control
    path, line, _ = _clashing(tmp_path / "bad" / "data", "sources", "soma.yaml")
    with pytest.raises(KnowledgeError) as refused:
        _build(hook, tmp_path / "bad")
    assert [(p.where, p.line, p.message) for p in refused.value.problems] == [
        ("sections[2].aliases[0]", line, "'sources' is a command name and cannot name a section")
    ]
    assert refused.value.path == path
    assert set(sys.modules) - loaded <= {"hatch_build"}  # nothing of soma_info imported anew and left behind
