"""The wheel carries the knowledge file and works from a fresh virtual environment in another folder."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import soma_info

from .conftest import ROOT, SHIPPED, subprocess_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    return next(dist.glob("soma_info-*.whl"))


def test_the_wheel_carries_one_copy_of_the_knowledge_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert [n for n in names if n.endswith(".yaml")] == ["soma_info/data/soma.yaml"]
        assert archive.read("soma_info/data/soma.yaml") == SHIPPED.read_bytes()
        assert "soma_info/data/soma.compiled" in names  # written by the build hook, never committed
        assert "soma_info/knowledge/vocabulary.tsv" in names
        assert "soma_info/knowledge/knowledge-file.schema.json" in names
        assert "soma_info/py.typed" in names


def test_the_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, capture_output=True, timeout=600)  # fmt: skip
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = subprocess_env(PATH=f"{bin_dir}:/usr/bin:/bin")
    command = subprocess.run([str(bin_dir / "soma-info"), "mechanism"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, encoding="utf-8", check=True)  # fmt: skip
    module = subprocess.run([str(bin_dir / "python"), "-m", "soma_info", "mechanism"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, encoding="utf-8", check=True)  # fmt: skip
    assert command.stdout == module.stdout
    assert "Mechanism of action (mechanism)" in command.stdout
    assert "ask your doctor, pharmacist or other clinician" in command.stdout
    assert "FDA label §12.1, rev. 5/2023" in command.stdout
    installed = subprocess.run([str(bin_dir / "soma-info"), "--version"], cwd=elsewhere, env=env,
                               capture_output=True, text=True, encoding="utf-8", check=True)  # fmt: skip
    assert "site-packages/soma_info/data/soma.yaml" in installed.stdout
    assert installed.stdout.startswith(f"soma-info {soma_info.__version__} ")
    # The installed lookup reads the compiled form: neither PyYAML nor the schema is imported.
    probe = "import sys; from soma_info import launch; launch.main(['mechanism']); print(sorted(sys.modules))"
    imported = subprocess.run([str(bin_dir / "python"), "-c", probe], cwd=elsewhere, env=env,
                              capture_output=True, text=True, encoding="utf-8", check=True).stdout  # fmt: skip
    assert "'yaml'" not in imported
    assert "'soma_info.knowledge.schema'" not in imported and "'soma_info.knowledge.yamlfile'" not in imported
    assert "'soma_info.knowledge.compiled'" in imported


def test_an_editable_checkout_reads_data_where_it_is() -> None:
    from soma_info.knowledge import loader

    assert Path(loader.default_path()).resolve() in (SHIPPED.resolve(),) or "site-packages" in loader.default_path()
