"""Start-up speed and memory of soma-info, measured side by side against `python -c pass` (issue #5).

Run it with the interpreter of the environment soma-info is installed in:

    python benchmarks/bench.py [--quick] [--rounds N] [--seed S] [--python PATH] [--json PATH] [--strict]

It uses the standard library only. Absolute times drift from machine to machine and from minute to minute,
so the goals are ratios of medians measured in one run: every round runs every case once, in a shuffled
order, so that drift spreads evenly over the cases. The goals:

- `soma-info mechanism` piped (plain output): at most 2.5x `python -c pass` (issue #12; it was 4x).
- `soma-info mechanism --color always` (styled as for a terminal): at most 6x `python -c pass` (#12; was 7x).
- `soma-info search alcohol`: at most 3x `python -c pass` (#12; was 6x).
- `soma-info --version`: at most 2.5x; a usage error (a typo with its did-you-mean, a bad --format value): at
  most 5x (#12).
- The piped lookup: at most 0.4x the time of a naive one-command Typer app in the same environment (it imports
  typer, yaml and rich at the top, loads the knowledge file with yaml.safe_load and prints a section title).
- Shell completion of a section name (one TAB in bash, its words joined by newlines as its script joins
  them), and of a drug name typed with an escaped space
  (`interactions tylenol\\ p`): at most 5x `python -c pass`. A completion left to Typer's own classes (an
  option's value, `mechanism --format `) is measured beside them, without a goal: it shows what answering every
  TAB through Typer would cost (issue #21).
- The interaction check (issue #10): `interactions --with NAME` at most 4x `python -c pass`, for a known name
  and for one the vocabulary does not know (which pays for the near-name search); a 10-name medication list
  at most 5x.
- The comparison table (issue #14): `compare` piped (plain output, every drug) at most 4x `python -c pass`.
- Peak memory (maximum resident set size) of the piped lookup: at most 20 MiB (#12; was 25 MiB).
- `search` on a knowledge file 50x the shipped one (every section's body repeated 50 times; a few MB):
  under 1.5 s, and the time grows linearly with the file's size (the 50x time is within 1.5x, either way, of
  what the line through the 10x and 25x times predicts).

The program is run the way users run it, through the `soma-info` console script next to the interpreter
(`python -m soma_info` only when there is none), with the package's bytecode compiled first, as pip does.
`--quick` (3 rounds, no warm-up, no linearity fit) is what CI runs to prove the script still works; CI
does not gate on the timings. The exit status is 0 whatever the goals say, unless a measured command or the
set-up failed (2); `--strict` makes a missed goal exit 1.

Each command is started and timed (time.perf_counter around os.posix_spawn and os.wait4) by a small helper
process, and its peak RSS is the ru_maxrss of that one child. The helper exists because on Linux a child's
ru_maxrss is never below the RSS of the process that spawned it (the kernel carries the high-water mark over
the exec); this script, with argparse and subprocess loaded, is bigger than `python -c pass`, the helper is not.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BASELINE = "python -c pass"
NAIVE = "naive typer app"
PIPED = "lookup (piped)"
STYLED = "lookup (styled)"
SEARCH = "search"
COMPLETION = "completion"
DRUG_COMPLETION = "completion (drug name)"
TYPER_COMPLETION = "completion (Typer's classes)"
VERSION = "--version"
TYPO = "usage error (typo)"
BAD_VALUE = "usage error (bad value)"
CHECK_ONE = "interactions (1 name)"
CHECK_UNKNOWN = "interactions (unrecognised)"
CHECK_LIST = "interactions (10 names)"
COMPARE = "compare (piped)"
# A medication list as people type it: brands, a combination product, a salt form, a misspelling, an OTC sleep aid.
MEDICATION_LIST = ("Norco", "Klonopin", "tramadol", "Tylenol PM", "gabapentin", "oxycodone hydrochloride",
                   "klonipin", "ibuprofen", "omeprazole", "beer")  # fmt: skip
SCALE_FACTORS = (1, 10, 25, 50)
QUICK_SCALE_FACTORS = (1, 50)
LARGEST = SCALE_FACTORS[-1]
LINEARITY_TOLERANCE = 1.5
SCALE_LIMIT_MS = 1500.0
RSS_LIMIT_MIB = 20.0
DEFAULT_ROUNDS = 21
QUICK_ROUNDS = 3

# Variables that change what the program prints (or which file it reads); the children run without them.
OUTPUT_VARIABLES = ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "SOMA_INFO_DATA", "PAGER")
COMPLETION_VARIABLE = "_SOMA_INFO_COMPLETE"
# One TAB in bash, as its completion script asks: the words joined with newlines (the script sets IFS=$'\n').
COMPLETION_ENV = {COMPLETION_VARIABLE: "complete_bash", "COMP_WORDS": "soma-info\nme", "COMP_CWORD": "1"}
# `interactions tylenol\ p<TAB>`: a drug name typed with an escaped space, answered by the program's own protocol.
DRUG_COMPLETION_ENV = {COMPLETION_VARIABLE: "complete_bash", "COMP_WORDS": "soma-info\ninteractions\ntylenol\\ p",
                       "COMP_CWORD": "2"}  # fmt: skip
# `mechanism --format <TAB>`: an option's value, which the program leaves to Typer's completion classes. Measured
# to show what answering every TAB through Typer would cost (issue #21); no goal of its own.
TYPER_COMPLETION_ENV = {COMPLETION_VARIABLE: "complete_bash", "COMP_WORDS": "soma-info\nmechanism\n--format\n",
                        "COMP_CWORD": "3"}  # fmt: skip

# Run by the measured interpreter, so that the benchmark needs nothing but the standard library.
PROBE = """\
import json, os, platform
import soma_info, soma_info.knowledge.loader as loader, soma_info.knowledge.compiled as compiled
print(json.dumps({
    "form": "compiled" if compiled.load(loader.default_path()) is not None else "YAML (no fresh compiled form)",
    "package_dir": os.path.dirname(soma_info.__file__),
    "knowledge_file": loader.default_path(),
    "python_version": platform.python_version(),
}))
"""

# JSON is YAML, so the scaled files are written as JSON from the project's own parse of the shipped file.
SCALER = """\
import json, os, sys
import soma_info.knowledge.yamlfile as yamlfile, soma_info.knowledge.loader as loader
path = loader.default_path()
raw = yamlfile.parse(path, yamlfile.read_text(path))
for factor in map(int, sys.argv[2:]):
    scaled = dict(raw, sections=[dict(section, body=section["body"] * factor) for section in raw["sections"]])
    with open(os.path.join(sys.argv[1], f"soma-{factor}x.yaml"), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(scaled, ensure_ascii=False) + "\\n")
"""

# The helper that starts every measured command (see Spawner): os.posix_spawn, os.wait4 and nothing else.
# stdout goes to a pipe that is read to the end and discarded, stderr to a file read only when a run fails.
SPAWNER = """\
import marshal, os, sys, time

requests, replies, errors = sys.stdin.buffer, sys.stdout.buffer, sys.argv[1]
nothing = os.open(os.devnull, os.O_RDONLY)
while True:
    try:
        argv, env = marshal.load(requests)
    except EOFError:
        break
    reader, writer = os.pipe()
    error = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    actions = [(os.POSIX_SPAWN_DUP2, nothing, 0), (os.POSIX_SPAWN_DUP2, writer, 1), (os.POSIX_SPAWN_DUP2, error, 2)]
    try:
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    except OSError as problem:
        os.close(writer)
        reply = (0.0, -1, 0, str(problem))
    else:
        os.close(writer)
        while os.read(reader, 65536):
            pass
        _, status, usage = os.wait4(pid, 0)
        reply = (time.perf_counter() - start, os.waitstatus_to_exitcode(status), usage.ru_maxrss, "")
    os.close(reader)
    os.close(error)
    marshal.dump(reply, replies)
    replies.flush()
"""

NAIVE_APP = """\
import typer, yaml
from rich.console import Console

KNOWLEDGE_FILE = {path!r}


def main(section: str) -> None:
    with open(KNOWLEDGE_FILE, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for entry in data["sections"]:
        if section == entry["key"] or section in entry.get("aliases", []):
            Console().print(entry["title"])
            return
    raise typer.Exit(1)


if __name__ == "__main__":
    typer.run(main)
"""


class BenchError(Exception):
    """The set-up or a measured command failed: the numbers would mean nothing."""


# ----------------------------------------------------------------------------- what is measured


@dataclass(frozen=True)
class Case:
    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)
    exit_code: int = 0  # what the command must exit with (1: an interaction check met a name it does not know)


@dataclass(frozen=True)
class Run:
    seconds: float
    maxrss_kib: int


@dataclass(frozen=True)
class Summary:
    name: str
    median_ms: float
    min_ms: float
    max_ms: float
    ratio: float  # median over the median of `python -c pass`
    peak_rss_mib: float


@dataclass(frozen=True)
class Verdict:
    goal: str
    measured: str
    limit: str
    passed: bool | None  # None: not measured in this mode

    @property
    def result(self) -> str:
        return "skipped in quick mode" if self.passed is None else ("PASS" if self.passed else "FAIL")


@dataclass(frozen=True)
class Setup:
    python: str
    program: tuple[str, ...]
    program_kind: str
    package_dir: str
    knowledge_file: str
    knowledge_form: str  # "compiled" in an installed wheel; YAML in a checkout (editable install)
    python_version: str
    scale_files: dict[int, str]  # factor -> path; 1 is the shipped file


# ----------------------------------------------------------------------------- set-up


def child_environment() -> dict[str, str]:
    """The caller's environment without what changes output; PYTHONDONTWRITEBYTECODE goes so .pyc files are used."""
    dropped = {"PYTHONDONTWRITEBYTECODE", *OUTPUT_VARIABLES}
    return {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith(COMPLETION_VARIABLE)}


def run_checked(argv: Sequence[str], env: Mapping[str, str], what: str) -> str:
    """Run an unmeasured helper command and return its standard output, or fail with its error output."""
    done = subprocess.run(list(argv), env=dict(env), capture_output=True, encoding="utf-8", errors="replace")
    if done.returncode != 0:
        command = " ".join("<script>" if "\n" in arg else arg for arg in argv)
        raise BenchError(f"{what} failed (exit {done.returncode}): {command}\n{done.stderr}{done.stdout}")
    return done.stdout


def locate_program(python: str) -> tuple[tuple[str, ...], str]:
    """The console script next to the interpreter, as users run it; `python -m soma_info` when there is none."""
    script = Path(python).parent / "soma-info"
    if script.is_file():
        return (str(script),), "console script"
    return (python, "-m", "soma_info"), "no console script next to the interpreter"


def probe(python: str, env: Mapping[str, str]) -> dict[str, str]:
    output = run_checked([python, "-c", PROBE], env, "importing soma_info")
    found: dict[str, str] = json.loads(output)
    return found


def compile_package(python: str, package_dir: str, env: Mapping[str, str]) -> None:
    """Users get .pyc files from pip; without them the first import of every module would be measured."""
    run_checked([python, "-m", "compileall", "-q", package_dir], env, "compiling the package")


def write_scaled_files(python: str, directory: str, factors: Sequence[int], env: Mapping[str, str]) -> dict[int, str]:
    """Knowledge files with every section's body repeated `factor` times; 1 is the shipped file itself.

    The measured interpreter builds them with the project's own parser (this script has only the standard
    library), and the big texts never pass through this process.
    """
    wanted = [f for f in factors if f != 1]
    run_checked([python, "-c", SCALER, directory, *map(str, wanted)], env, "building the scaled knowledge files")
    return {f: os.path.join(directory, f"soma-{f}x.yaml") for f in wanted}


def check_valid(program: Sequence[str], path: str, env: Mapping[str, str]) -> None:
    run_checked([*program, "validate", path], env, f"soma-info validate {path}")


def check_outputs(program: Sequence[str], env: Mapping[str, str]) -> None:
    """The cases must do what their names say: a plain and a styled lookup, a completion that names sections."""
    plain = run_checked([*program, "mechanism"], env, "the piped lookup")
    styled = run_checked([*program, "mechanism", "--color", "always"], env, "the styled lookup")
    if "\x1b[" in plain or "\x1b[" not in styled:
        raise BenchError("the piped lookup should print no escape codes and `--color always` should print some")
    completed = run_checked(program, {**env, **COMPLETION_ENV}, "the completion")
    if "mechanism" not in completed.split():
        raise BenchError(f"completing `soma-info me` should offer mechanism, not {completed!r}")
    completed = run_checked(program, {**env, **DRUG_COMPLETION_ENV}, "the drug-name completion")
    if "tylenol\\ pM" not in completed.split("\n"):
        raise BenchError(f"completing `interactions tylenol\\ p` should offer tylenol\\ pM, not {completed!r}")
    completed = run_checked(program, {**env, **TYPER_COMPLETION_ENV}, "Typer's completion")
    if "json" not in completed.split():
        raise BenchError(f"completing `mechanism --format ` should offer json, not {completed!r}")


def prepare(python: str, directory: str, factors: Sequence[int], env: Mapping[str, str]) -> Setup:
    program, kind = locate_program(python)
    found = probe(python, env)
    compile_package(python, found["package_dir"], env)
    scale_files = {1: found["knowledge_file"], **write_scaled_files(python, directory, factors, env)}
    for path in scale_files.values():
        check_valid(program, path, env)
    check_outputs(program, env)
    return Setup(
        python=python,
        program=program,
        program_kind=kind,
        package_dir=found["package_dir"],
        knowledge_file=found["knowledge_file"],
        knowledge_form=found["form"],
        python_version=found["python_version"],
        scale_files=scale_files,
    )


def write_naive_app(directory: str, knowledge_file: str) -> str:
    path = os.path.join(directory, "naive_app.py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(NAIVE_APP.format(path=knowledge_file))
    return path


def scale_case_name(factor: int) -> str:
    return f"scale search ({factor}x)"


def build_cases(setup: Setup, naive_app: str) -> list[Case]:
    python, program = setup.python, setup.program
    cases = [
        Case(BASELINE, (python, "-c", "pass")),
        Case(NAIVE, (python, naive_app, "mechanism")),
        Case(PIPED, (*program, "mechanism")),
        Case(STYLED, (*program, "mechanism", "--color", "always")),
        Case(SEARCH, (*program, "search", "alcohol")),
        Case(COMPLETION, program, COMPLETION_ENV),
        Case(DRUG_COMPLETION, program, DRUG_COMPLETION_ENV),
        Case(TYPER_COMPLETION, program, TYPER_COMPLETION_ENV),
        Case(VERSION, (*program, "--version")),
        Case(TYPO, (*program, "mechanisn"), exit_code=2),
        Case(BAD_VALUE, (*program, "mechanism", "--format", "xml"), exit_code=2),
        Case(CHECK_ONE, (*program, "interactions", "--with", "tramadol")),
        # A misspelt brand: found by its sound (jellyfish, the sound-key index), offered with suggestions.
        Case(CHECK_UNKNOWN, (*program, "interactions", "--with", "zanax"), exit_code=1),
        Case(CHECK_LIST, (*program, "interactions", *MEDICATION_LIST), exit_code=1),  # "klonipin" is a guess
        Case(COMPARE, (*program, "compare")),
    ]
    for factor, path in sorted(setup.scale_files.items()):
        cases.append(Case(scale_case_name(factor), (*program, "--data", path, "search", "alcohol", "-f", "plain")))
    return cases


# ----------------------------------------------------------------------------- measuring


class Spawner:
    """Starts and times the measured commands from a small helper process, one at a time.

    A child's peak RSS (ru_maxrss from os.wait4) counts the memory of the process that spawned it, up to the
    exec: Linux carries the spawner's high-water mark over. This script, with argparse, subprocess and the
    rest imported, is bigger than `python -c pass`, so it would hide every small reading; the helper imports
    only os, time and marshal (python -I -S), which is smaller than any Python program it starts.
    """

    def __init__(self, directory: str) -> None:
        self.errors = os.path.join(directory, "stderr.txt")
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SPAWNER, self.errors], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def __enter__(self) -> Spawner:
        return self

    def __exit__(self, *_: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()

    def run(self, case: Case, env: Mapping[str, str]) -> Run:
        """Wall time from spawn to reaping, and the child's peak RSS; fails loudly when the command fails."""
        requests, replies = self.process.stdin, self.process.stdout
        assert requests is not None and replies is not None
        marshal.dump((list(case.argv), {**env, **case.env}), requests)
        requests.flush()
        try:
            seconds, code, maxrss, problem = marshal.load(replies)
        except EOFError:
            raise BenchError(f"the spawner stopped while running {case.name!r}") from None
        if problem:
            raise BenchError(f"cannot start {case.name!r}: {' '.join(case.argv)}: {problem}")
        if code != case.exit_code:
            with open(self.errors, encoding="utf-8", errors="replace") as handle:
                message = handle.read()
            raise BenchError(f"{case.name!r} exited with {code}: {' '.join(case.argv)}\n{message}")
        return Run(float(seconds), int(maxrss))


def run_rounds(
    spawner: Spawner, cases: Sequence[Case], env: Mapping[str, str], rounds: int, warm_up: bool, seed: int
) -> dict[str, list[Run]]:
    """Every round runs every case once, in a new shuffled order; the warm-up round is thrown away."""
    shuffler = random.Random(seed)
    runs: dict[str, list[Run]] = {case.name: [] for case in cases}
    for number in range(-1 if warm_up else 0, rounds):
        order = list(cases)
        shuffler.shuffle(order)
        for case in order:
            run = spawner.run(case, env)
            if number >= 0:
                runs[case.name].append(run)
    return runs


# ----------------------------------------------------------------------------- summarising


def kib_to_mib(maxrss: int) -> float:
    return maxrss / (2**20 if sys.platform == "darwin" else 2**10)  # macOS reports bytes, Linux kilobytes


def summarise(runs: Mapping[str, list[Run]]) -> dict[str, Summary]:
    baseline = statistics.median(r.seconds for r in runs[BASELINE])
    summaries = {}
    for name, results in runs.items():
        times = [r.seconds * 1000 for r in results]
        median = statistics.median(times)
        summaries[name] = Summary(
            name=name,
            median_ms=median,
            min_ms=min(times),
            max_ms=max(times),
            ratio=median / (baseline * 1000),
            peak_rss_mib=kib_to_mib(max(r.maxrss_kib for r in results)),
        )
    return summaries


def ratio_goal(summaries: Mapping[str, Summary], case: str, against: str, limit: float) -> Verdict:
    ratio = summaries[case].median_ms / summaries[against].median_ms
    return Verdict(f"{case} / {against}", f"{ratio:.2f}x", f"<= {limit:g}x", ratio <= limit)


def memory_goal(summaries: Mapping[str, Summary]) -> Verdict:
    peak = summaries[PIPED].peak_rss_mib
    return Verdict(f"peak RSS of {PIPED}", f"{peak:.1f} MiB", f"<= {RSS_LIMIT_MIB:g} MiB", peak <= RSS_LIMIT_MIB)


def scale_goal(summaries: Mapping[str, Summary]) -> Verdict:
    median = summaries[scale_case_name(LARGEST)].median_ms
    return Verdict(
        f"{scale_case_name(LARGEST)} time", f"{median:.0f} ms", f"< {SCALE_LIMIT_MS:.0f} ms", median < SCALE_LIMIT_MS
    )


@dataclass(frozen=True)
class Linearity:
    slope_ms_per_mb: float  # least squares over every scale
    intercept_ms: float
    predicted_ms: float  # the largest file's time on the line through the two middle scales
    measured_ms: float

    @property
    def ratio(self) -> float:
        return self.measured_ms / self.predicted_ms

    @property
    def linear(self) -> bool:
        return 1 / LINEARITY_TOLERANCE <= self.ratio <= LINEARITY_TOLERANCE


def least_squares(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """Slope and intercept of the line that fits the (x, y) points best."""
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return slope, mean_y - slope * mean_x


def fit_linearity(summaries: Mapping[str, Summary], sizes: Mapping[int, int]) -> Linearity:
    def median(factor: int) -> float:
        return summaries[scale_case_name(factor)].median_ms

    slope, intercept = least_squares([(sizes[f] / 1e6, median(f)) for f in SCALE_FACTORS])
    low, high = SCALE_FACTORS[1], SCALE_FACTORS[2]
    rise = (median(high) - median(low)) / (sizes[high] - sizes[low])
    predicted = median(low) + rise * (sizes[LARGEST] - sizes[low])
    return Linearity(slope, intercept, predicted, median(LARGEST))


def linearity_goal(linearity: Linearity | None) -> Verdict:
    goal = f"{scale_case_name(LARGEST)} time grows linearly"
    limit = f"{1 / LINEARITY_TOLERANCE:.2f}-{LINEARITY_TOLERANCE:g}x"
    if linearity is None:
        return Verdict(goal, "-", limit, None)
    return Verdict(goal, f"{linearity.ratio:.2f}x of predicted", limit, linearity.linear)


def judge(summaries: Mapping[str, Summary], linearity: Linearity | None) -> list[Verdict]:
    return [
        ratio_goal(summaries, PIPED, BASELINE, 2.5),
        ratio_goal(summaries, STYLED, BASELINE, 6),
        ratio_goal(summaries, SEARCH, BASELINE, 3),
        ratio_goal(summaries, VERSION, BASELINE, 2.5),
        ratio_goal(summaries, TYPO, BASELINE, 5),
        ratio_goal(summaries, BAD_VALUE, BASELINE, 5),
        ratio_goal(summaries, PIPED, NAIVE, 0.4),
        ratio_goal(summaries, COMPLETION, BASELINE, 5),
        ratio_goal(summaries, DRUG_COMPLETION, BASELINE, 5),
        ratio_goal(summaries, CHECK_ONE, BASELINE, 4),
        ratio_goal(summaries, CHECK_UNKNOWN, BASELINE, 5),  # issue #18: an unknown name with suggestions
        ratio_goal(summaries, CHECK_LIST, BASELINE, 5),
        ratio_goal(summaries, COMPARE, BASELINE, 4),
        memory_goal(summaries),
        scale_goal(summaries),
        linearity_goal(linearity),
    ]


# ----------------------------------------------------------------------------- reporting


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine(setup: Setup) -> dict[str, str]:
    return {
        "platform": platform.platform(),
        "processor": cpu_model(),
        "cpus": str(os.cpu_count()),
        "python": setup.python_version,
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
    }


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned first column, right-aligned numbers, two spaces between columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]


def case_table(summaries: Mapping[str, Summary]) -> list[str]:
    rows = [["case", "median ms", "min ms", "max ms", f"x {BASELINE}", "peak RSS MiB"]]
    for s in summaries.values():
        rows.append(
            [
                s.name,
                f"{s.median_ms:.1f}",
                f"{s.min_ms:.1f}",
                f"{s.max_ms:.1f}",
                f"{s.ratio:.2f}",
                f"{s.peak_rss_mib:.1f}",
            ]
        )
    return table(rows)


def goal_table(verdicts: Sequence[Verdict]) -> list[str]:
    return table(
        [["goal", "measured", "limit", "result"], *([v.goal, v.measured, v.limit, v.result] for v in verdicts)]
    )


def linearity_lines(linearity: Linearity | None, sizes: Mapping[int, int]) -> list[str]:
    sized = ", ".join(f"{f}x {sizes[f] / 1e6:.2f} MB" for f in sorted(sizes))
    lines = [f"Linearity of search in the file's size ({sized}):"]
    if linearity is None:
        return [*lines, "  skipped in quick mode"]
    return [
        *lines,
        f"  least-squares fit over all scales: {linearity.slope_ms_per_mb:.1f} ms per MB"
        f" + {linearity.intercept_ms:.1f} ms",
        f"  {LARGEST}x: measured {linearity.measured_ms:.0f} ms, predicted {linearity.predicted_ms:.0f} ms by the line "
        f"through the {SCALE_FACTORS[1]}x and {SCALE_FACTORS[2]}x medians (ratio {linearity.ratio:.2f})",
        f"  criterion: linear when the measured {LARGEST}x time is within {LINEARITY_TOLERANCE:g}x of the prediction, "
        f"either way -> {'PASS' if linearity.linear else 'FAIL'}",
    ]


def report(
    setup: Setup,
    info: Mapping[str, str],
    settings: argparse.Namespace,
    summaries: Mapping[str, Summary],
    verdicts: Sequence[Verdict],
    linearity: Linearity | None,
    sizes: Mapping[int, int],
) -> str:
    warm = "no warm-up" if settings.quick else "after 1 warm-up round"
    own_rss = kib_to_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    lines = [
        f"soma-info start-up benchmark{' (quick mode)' if settings.quick else ''}",
        f"machine: {info['platform']}; {info['processor']}; {info['cpus']} CPUs",
        f"python: {info['python']} ({setup.python}); date: {info['date']}",
        f"program: {' '.join(setup.program)} ({setup.program_kind}); knowledge file read as {setup.knowledge_form}",
        f"rounds: {settings.rounds}, {warm}, every case once per round in shuffled order (seed {settings.seed})",
        "",
        *case_table(summaries),
        "",
        "Goals (ratios of medians measured in this run)",
        *goal_table(verdicts),
        "",
        *linearity_lines(linearity, sizes),
        "",
        "Peak RSS is each child's maximum resident set size (ru_maxrss from os.wait4, the largest over the rounds).",
        f"The children are started by a small helper so that this script's own memory ({own_rss:.1f} MiB) is not",
        "counted in theirs (Linux carries the spawning process's high-water mark over the exec).",
    ]
    return "\n".join(lines)


def results_json(
    setup: Setup,
    info: Mapping[str, str],
    settings: argparse.Namespace,
    runs: Mapping[str, list[Run]],
    summaries: Mapping[str, Summary],
    verdicts: Sequence[Verdict],
    linearity: Linearity | None,
    sizes: Mapping[int, int],
) -> str:
    document = {
        "machine": dict(info),
        "setup": {**asdict(setup), "scale_sizes": {str(f): s for f, s in sizes.items()}},
        "rounds": settings.rounds,
        "quick": settings.quick,
        "seed": settings.seed,
        "runs": {name: [asdict(r) for r in results] for name, results in runs.items()},
        "summary": {name: asdict(s) for name, s in summaries.items()},
        "goals": [{**asdict(v), "result": v.result} for v in verdicts],
        "linearity": None if linearity is None else {**asdict(linearity), "ratio": linearity.ratio},
    }
    return json.dumps(document, indent=2) + "\n"


# ----------------------------------------------------------------------------- the command line


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="3 rounds, no warm-up, no linearity fit (for CI)")
    parser.add_argument(
        "--rounds", type=int, help=f"rounds to measure (default {DEFAULT_ROUNDS}, {QUICK_ROUNDS} quick)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffled order (default 0)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure (default: this one)")
    parser.add_argument("--json", metavar="PATH", help="also write the raw results as JSON to PATH")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    settings = parser.parse_args(argv)
    if settings.rounds is None:
        settings.rounds = QUICK_ROUNDS if settings.quick else DEFAULT_ROUNDS
    if settings.rounds < 1:
        parser.error("--rounds must be at least 1")
    settings.python = os.path.abspath(settings.python)  # not resolved: a venv's python is a symlink
    return settings


def benchmark(settings: argparse.Namespace) -> int:
    env = child_environment()
    factors = QUICK_SCALE_FACTORS if settings.quick else SCALE_FACTORS
    with tempfile.TemporaryDirectory(prefix="soma-bench-") as directory:
        setup = prepare(settings.python, directory, factors, env)
        print(f"bench: measuring {settings.rounds} rounds ...", file=sys.stderr, flush=True)
        cases = build_cases(setup, write_naive_app(directory, setup.knowledge_file))
        with Spawner(directory) as spawner:
            runs = run_rounds(spawner, cases, env, settings.rounds, warm_up=not settings.quick, seed=settings.seed)
        sizes = {f: os.path.getsize(path) for f, path in setup.scale_files.items()}
    summaries = summarise(runs)
    linearity = None if settings.quick else fit_linearity(summaries, sizes)
    verdicts = judge(summaries, linearity)
    info = machine(setup)
    print(report(setup, info, settings, summaries, verdicts, linearity, sizes))
    if settings.json:
        with open(settings.json, "w", encoding="utf-8") as handle:
            handle.write(results_json(setup, info, settings, runs, summaries, verdicts, linearity, sizes))
    missed = any(v.passed is False for v in verdicts)
    return 1 if settings.strict and missed else 0


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_arguments(argv)
    try:
        return benchmark(settings)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
