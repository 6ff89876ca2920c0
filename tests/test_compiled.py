"""The compiled knowledge file: exactly the monograph the YAML gives, used only while it matches that YAML,
and the library leaves the process as it found it (no stand-in modules, no patched re, the collector on)."""

from __future__ import annotations

import gc
import io
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from soma_info import __version__, launch
from soma_info.knowledge import compiled, loader, yamlfile
from soma_info.knowledge.model import Monograph

from .conftest import FIXTURE, SHIPPED


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    """A copy of the shipped YAML with its compiled form beside it, as the wheel build leaves them."""
    yaml_path = tmp_path / "soma.yaml"
    shutil.copyfile(SHIPPED, yaml_path)
    source = yaml_path.read_bytes()
    Path(compiled.path_for(str(yaml_path))).write_bytes(compiled.dump(yamlfile.load(str(yaml_path)), source))
    return yaml_path


@pytest.mark.parametrize("path", [SHIPPED, FIXTURE], ids=["shipped", "fixture"])
def test_the_compiled_form_loads_into_exactly_the_monograph_the_yaml_gives(path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "soma.yaml"
    shutil.copyfile(path, copy)
    monograph = yamlfile.load(str(copy))
    Path(compiled.path_for(str(copy))).write_bytes(compiled.dump(monograph, copy.read_bytes()))
    again = compiled.load(str(copy))
    assert again == monograph
    assert type(again) is type(monograph)
    assert [type(b) for s in again.sections for b in s.body] == [type(b) for s in monograph.sections for b in s.body]
    assert [s.citation for s in again.sources] == [s.citation for s in monograph.sources]


def test_an_edited_yaml_is_never_served_from_its_old_compiled_form(shelf: Path) -> None:
    assert compiled.load(str(shelf)) is not None
    text = shelf.read_text(encoding="utf-8")
    shelf.write_text(text.replace("tablets", "tablet5", 1), encoding="utf-8")  # same size, other bytes
    assert compiled.load(str(shelf)) is None


@pytest.mark.parametrize(
    "header",
    [
        ("soma-info compiled monograph 0", __version__),
        ("soma-info compiled monograph 3", "0.0.0"),
    ],
    ids=["another format", "another program version"],
)
def test_a_compiled_form_from_another_format_or_program_is_not_used(shelf: Path, header: tuple[str, str]) -> None:
    import marshal

    target = Path(compiled.path_for(str(shelf)))
    (_magic, _version, python, size, digest, tree_digest), tree = marshal.loads(target.read_bytes())
    target.write_bytes(marshal.dumps(((*header, python, size, digest, tree_digest), tree)))
    assert compiled.load(str(shelf)) is None


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\x00\x01\x02"])
def test_a_damaged_compiled_form_falls_back_to_the_yaml(shelf: Path, damage: bytes) -> None:
    Path(compiled.path_for(str(shelf))).write_bytes(damage)
    assert compiled.load(str(shelf)) is None


@pytest.mark.parametrize(
    "shape",
    ["header-is-a-number", "unknown-record", "record-with-too-few-fields", "not-a-monograph"],
)
def test_a_compiled_form_that_unmarshals_but_has_the_wrong_shape_falls_back(shelf: Path, shape: str) -> None:
    """marshal reads it, the header matches, yet the tree cannot be rebuilt: the YAML is read instead."""
    import marshal

    target = Path(compiled.path_for(str(shelf)))
    header, tree_bytes = marshal.loads(target.read_bytes())
    tree = marshal.loads(tree_bytes)
    if shape == "header-is-a-number":
        header = 3
    elif shape == "unknown-record":
        tree = ["\x00NoSuchRecord", "x"]
    elif shape == "not-a-monograph":
        tree = tree[1]  # the Identity record alone
    else:
        tree = tree[:2]  # the Monograph record, cut short
    tree_bytes = marshal.dumps(tree)  # made on purpose: its checksum matches, so only the decoding can refuse it
    if header != 3:
        header = (*header[:5], compiled.digest(tree_bytes))
    target.write_bytes(marshal.dumps((header, tree_bytes)))
    assert compiled.load(str(shelf)) is None


def test_a_compiled_tree_damaged_after_it_was_written_is_not_decoded(shelf: Path) -> None:
    """One changed byte in the tree: it may still unmarshal, but its checksum no longer matches."""
    import marshal

    target = Path(compiled.path_for(str(shelf)))
    header, tree_bytes = marshal.loads(target.read_bytes())
    at = tree_bytes.index(b"carisoprodol")
    damaged = tree_bytes[:at] + b"C" + tree_bytes[at + 1 :]
    target.write_bytes(marshal.dumps((header, damaged)))
    assert compiled.load(str(shelf)) is None


def test_only_the_shipped_file_is_read_compiled(shelf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "default_path", lambda: str(shelf))
    served: list[str] = []
    monkeypatch.setattr(compiled, "load", lambda path: served.append(path))
    loader.knowledge_file(str(shelf)).monograph()
    loader.knowledge_file(str(FIXTURE)).monograph()
    assert served == [str(shelf)]


def test_a_text_the_format_cannot_hold_fails_the_build() -> None:
    with pytest.raises(ValueError, match="NUL"):
        compiled.dump(yamlfile.load(str(SHIPPED))._replace(notice="\x00notice"), b"")


def test_the_library_leaves_the_process_as_it_found_it(monkeypatch: pytest.MonkeyPatch) -> None:
    compile_before, collecting_before = re.compile, gc.isenabled()
    for args in (["mechanism"], ["card", "--color", "always"], ["search", "alcohol"], ["interactions", "tramadol"]):
        monkeypatch.setattr(sys, "stdout", io.StringIO())
        assert launch.main(args) == 0
        assert re.compile is compile_before
        assert gc.isenabled() is collecting_before
        for name in ("inspect", "ast", "pickle", "re", "yaml", "dataclasses"):  # the ones once stood in for
            assert name not in sys.modules or type(sys.modules[name]) is types.ModuleType, name
        assert all(type(m) is types.ModuleType for n, m in sys.modules.items() if n.startswith("soma_info"))


def test_the_command_exits_with_mains_code_and_leaves_a_caller_its_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """run() is the console script: it exits with main()'s code. Its one change, freezing the collector for the
    last pass at shutdown, is an exit hook, so a caller that catches the SystemExit finds nothing changed."""
    import atexit

    hooks: list[object] = []
    monkeypatch.setattr(atexit, "register", hooks.append)
    monkeypatch.setattr(sys, "argv", ["soma-info", "mechanism"])
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    with pytest.raises(SystemExit) as stopped:
        launch.run()
    assert stopped.value.code == 0
    assert hooks == [gc.freeze]
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_the_command_freezes_the_collector_only_as_the_process_ends(tmp_path: Path) -> None:
    """The hook runs at exit: a hook registered before run() runs after it (LIFO) and sees the objects frozen."""
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: sys.stderr.write(f'frozen={gc.get_freeze_count() > 0}'))\n"
        "sys.argv = ['soma-info', 'mechanism']\n"
        "from soma_info.launch import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0 and done.stderr == "frozen=True"


@pytest.mark.parametrize("args", [["overview-alias"], ["overview-alias", "-fplain"], ["overview-alias", "--with", "x"]],
                         ids=["fast path", "Typer path", "fast path declines to Typer"])  # fmt: skip
def test_one_run_reads_the_knowledge_file_once_even_for_an_alias(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An alias is resolved from the file before the run reads it: the second read is the first one's result."""
    from soma_info import fast

    from .conftest import invoke

    copy = tmp_path / "soma.yaml"
    shutil.copyfile(FIXTURE, copy)
    reads: list[str] = []
    real = yamlfile.load

    def counted(path: str) -> Monograph:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(yamlfile, "load", counted)
    env = {"SOMA_INFO_DATA": str(copy), "COLUMNS": "80"}
    code = fast.run(args, env, io.StringIO(), io.StringIO())
    if code is None:
        code = invoke(*args, env=env).exit_code
    assert code == (2 if "--with" in args else 0)  # --with belongs to interactions: found once the alias is read
    assert reads == [str(copy)]
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")  # another file now
    fast.run(["overview"], env, io.StringIO(), io.StringIO())
    assert reads == [str(copy), str(copy)]
