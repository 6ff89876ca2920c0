"""The benchmark script still runs: its quick mode measures every case and judges every goal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CASES = (
    "python -c pass",
    "naive typer app",
    "lookup (piped)",
    "lookup (styled)",
    "search",
    "completion",
    "completion (drug name)",
    "completion (Typer's classes)",
    "--version",
    "usage error (typo)",
    "usage error (bad value)",
    "interactions (1 name)",
    "interactions (unrecognised)",
    "interactions (10 names)",
    "compare (piped)",
    "scale search (1x)",
    "scale search (50x)",
)
JUDGED_GOALS = (
    "lookup (piped) / python -c pass",
    "lookup (styled) / python -c pass",
    "search / python -c pass",
    "--version / python -c pass",
    "usage error (typo) / python -c pass",
    "usage error (bad value) / python -c pass",
    "lookup (piped) / naive typer app",
    "completion / python -c pass",
    "completion (drug name) / python -c pass",
    "interactions (1 name) / python -c pass",
    "interactions (unrecognised) / python -c pass",
    "interactions (10 names) / python -c pass",
    "compare (piped) / python -c pass",
    "peak RSS of lookup (piped)",
    "scale search (50x) time ",
)
QUICK_MODE_SKIPS = "scale search (50x) time grows linearly"


@pytest.mark.slow
def test_quick_benchmark_measures_every_case_and_judges_every_goal() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/bench.py", "--quick"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for case in CASES:
        assert any(line.startswith(f"{case}  ") for line in lines), f"no row for {case!r}"
    goals = lines[lines.index(next(line for line in lines if line.startswith("Goals"))) :]
    for goal in JUDGED_GOALS:
        row = next((line for line in goals if line.startswith(goal)), None)
        assert row is not None, f"no goal row for {goal!r}"
        assert row.rstrip().endswith(("PASS", "FAIL")), row
    assert any(line.startswith(QUICK_MODE_SKIPS) and "skipped in quick mode" in line for line in goals)
