"""The knowledge file is chosen in one place, by one rule, and read at most once a run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from soma_info.knowledge import loader
from soma_info.knowledge.model import Monograph

from .conftest import FIXTURE, SHIPPED, invoke


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the loader reads, from a clean slate (no knowledge file held from an earlier test)."""
    read: list[str] = []
    real = loader._read

    def counted(path: str) -> Monograph:
        read.append(path)
        return real(path)

    monkeypatch.setattr(loader, "_read", counted)
    monkeypatch.setattr(loader, "_current", None)
    return read


def test_data_wins_then_the_environment_then_the_shipped_file(tmp_path: Path) -> None:
    env = {loader.ENV_VAR: str(FIXTURE)}
    assert loader.knowledge_file("given.yaml", env).path == "given.yaml"
    assert loader.knowledge_file(None, env).path == str(FIXTURE)
    assert loader.knowledge_file(None, {}).path == loader.default_path()
    assert loader.knowledge_file("", {loader.ENV_VAR: ""}).path == loader.default_path()  # empty is not given


def test_the_same_choice_is_one_object_read_once(reads: list[str]) -> None:
    first = loader.knowledge_file(str(FIXTURE), {})
    assert reads == []  # choosing reads nothing
    assert loader.knowledge_file(None, {loader.ENV_VAR: str(FIXTURE)}) is first
    assert first.monograph() is first.monograph()
    assert reads == [str(FIXTURE)]
    assert loader.knowledge_file(str(SHIPPED), {}) is not first


def test_a_file_changed_on_disk_is_read_again(tmp_path: Path, reads: list[str]) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(FIXTURE, copy)
    loader.knowledge_file(str(copy), {}).monograph()
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")
    loader.knowledge_file(str(copy), {}).monograph()
    assert reads == [str(copy), str(copy)]


@pytest.mark.parametrize("args", [["mechanism-alias"], ["--data", str(FIXTURE), "mechanism-alias"]])
def test_an_alias_and_its_section_read_the_file_once(args: list[str], reads: list[str]) -> None:
    """The alias is resolved (from the file) before the options are read, then the section is shown."""
    result = invoke(*args, env={loader.ENV_VAR: str(FIXTURE)})
    assert result.exit_code == 0, result.stderr
    assert reads == [str(FIXTURE)]
