"""Slow subprocesses the suite starts as soon as it is collected, one after another on a
background thread, so that they run on the second core while the rest of the suite runs on the
first (pytest itself is one process on one core; CI has two).

Each job is a command the test that needs it used to run itself (a retrain, a wheel build, the
deploy install): the test now asks `result(name)` for the finished process and its output
directory, and asserts exactly what it asserted before. A job the background thread has not
reached yet runs in the asking test, as before; a job nobody collected never runs. The jobs
share nothing with the tests but their read-only inputs (the source tree, ../shared).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from _paths import BENCHMARKS, REPO, SHARED

# The environment and directory pytest started with (this module is imported by conftest.py,
# before any test): a job the thread starts later must not see what the test running at that
# moment has patched (monkeypatch.setenv, monkeypatch.chdir).
_ENVIRON = dict(os.environ)
_CWD = Path.cwd()


@dataclass(frozen=True)
class Done:
    """A finished job: its process and the directory it wrote into."""

    process: subprocess.CompletedProcess[str]
    out: Path


@dataclass
class Job:
    name: str
    needed_by: tuple[str, ...]  # test files (relative to the repository) that ask for it
    command: Callable[[Path], list[str]]  # given the job's output directory
    timeout: float
    env: Callable[[], dict[str, str]] = lambda: dict(_ENVIRON)
    runs_if: Callable[[], bool] = lambda: True
    cwd: Path | None = None  # None: where pytest was started
    lock: threading.Lock = field(default_factory=threading.Lock)
    done: Done | None = None
    process: subprocess.Popen[str] | None = None

    def run(self) -> Done:
        """Run the job once (whoever asks first runs it; the others wait for it)."""
        with self.lock:
            if self.done is None:
                out = Path(tempfile.mkdtemp(prefix=f"socialpolicy-{self.name}-"))
                _dirs.append(out)
                self.process = subprocess.Popen(
                    self.command(out),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=self.env(),
                    cwd=self.cwd or _CWD,
                )
                try:
                    stdout, stderr = self.process.communicate(timeout=self.timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    stdout, stderr = self.process.communicate()
                    stderr += f"\n(timed out after {self.timeout:.0f} s)"
                args = self.process.args
                code = self.process.returncode
                self.done = Done(subprocess.CompletedProcess(args, code, stdout, stderr), out)
            return self.done


def _benchmark_smoke(out: Path) -> list[str]:
    # tests/test_benchmark_smoke.py checks these are the arguments it used to pass to main()
    script = str(BENCHMARKS / "throughput.py")
    args = ["--smoke", "--quiet", "--external", str(out), "--json", str(out / "figures.json")]
    presidio = all(importlib.util.find_spec(m) is not None for m in ("presidio_analyzer", "spacy"))
    return [sys.executable, script, *args, *([] if presidio else ["--no-presidio"])]


def _path() -> list[str]:
    return [p for p in _ENVIRON.get("PYTHONPATH", "").split(os.pathsep) if p]


def _wheel(out: Path) -> list[str]:
    return [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)]


JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job(
            "retrain-clauses",
            ("tests/models/test_clause_model.py",),
            lambda out: [
                sys.executable,
                str(REPO / "training" / "train_clauses.py"),
                "--out",
                str(out),
            ],
            timeout=600,
            runs_if=lambda: (
                (SHARED / "external").is_dir() and (SHARED / "corpus" / "dev.jsonl").is_file()
            ),
        ),
        Job(
            "retrain-offensive",
            ("tests/models/test_offensive_model.py",),
            lambda out: [
                sys.executable,
                str(REPO / "training" / "train_offensive.py"),
                "--out",
                str(out),
                "--external",
                str(SHARED / "external"),
            ],
            timeout=600,
            runs_if=lambda: (SHARED / "external").is_dir(),
        ),
        # One wheel for the two files that read it (neither writes into it).
        Job("wheel", ("tests/test_wheel.py", "tests/models/test_offensive_wheel.py"), _wheel, 300),
        Job(
            "pure-wheel",
            ("tests/models/test_offensive_wheel.py",),
            _wheel,
            timeout=300,
            env=lambda: {**_ENVIRON, "CC": "/bin/false"},
        ),
        Job(
            "deploy",
            ("tests/server/test_deploy.py",),
            lambda out: ["sh", str(REPO / "deploy" / "install.sh"), str(REPO), str(out / "venv")],
            timeout=900,
            env=lambda: {**_ENVIRON, "PYTHON": sys.executable},
        ),
        Job(
            "benchmark-smoke",
            ("tests/test_benchmark_smoke.py",),
            _benchmark_smoke,
            timeout=600,
            # this checkout's package, whatever an editable install elsewhere points at
            env=lambda: {
                **_ENVIRON,
                "PYTHONPATH": os.pathsep.join([str(REPO / "src"), *_path()]),
            },
        ),
        Job(
            "docs-site",
            ("tests/test_docs.py",),
            lambda out: [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "--strict",
                "-f",
                str(REPO / "mkdocs.yml"),
                "-d",
                str(out / "site"),
            ],
            timeout=300,
            env=lambda: {**_ENVIRON, "NO_MKDOCS_2_WARNING": "1"},
            cwd=REPO,
        ),
    )  # in the order the suite reaches the files that ask for them
}
_dirs: list[Path] = []


@dataclass
class Warm:
    """Something slow to start that a test module builds in-process (a local Spark): started
    on its own thread at collection, so that its child processes start on the second core."""

    module: str  # the test file that registered it
    make: Callable[[], object]
    thread: threading.Thread | None = None
    value: object = None
    error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.make()
        except BaseException as exc:  # handed to the test that asks, raised there
            self.error = exc


WARM: dict[str, Warm] = {}


def warm_up(name: str, module: str, make: Callable[[], object]) -> None:
    """Register `make` (called at import of test file `module`, a path like __file__)."""
    WARM.setdefault(name, Warm(Path(module).resolve().relative_to(REPO).as_posix(), make))


def warmed(name: str) -> object:
    """What `make` returned: made now if it was not started at collection."""
    warm = WARM[name]
    if warm.thread is None:
        warm.run()
    else:
        warm.thread.join()
    if warm.error is not None:
        raise warm.error
    return warm.value


def result(name: str) -> Done:
    """The finished job `name`: run now if the background thread has not reached it."""
    return JOBS[name].run()


def start(test_files: Iterable[str]) -> threading.Thread | None:
    """Start, on one background thread, the jobs some of `test_files` will ask for."""
    wanted = set(test_files)
    jobs = [j for j in JOBS.values() if wanted & set(j.needed_by) and j.runs_if()]
    if not jobs:
        return None

    def run_all() -> None:
        for job in jobs:
            job.run()

    thread = threading.Thread(target=run_all, name="early-jobs", daemon=True)
    thread.start()
    return thread


# A warm-up starts this many tests before the first test of its module (about half a minute
# of tests on CI): late enough not to compete with the retrains at the start of the suite,
# early enough to be ready.
WARM_LEAD = 150
_warm_at: dict[int, list[Warm]] = {}


def plan_warm_ups(item_files: list[str]) -> None:
    """`item_files`: each collected test's file, in run order."""
    for warm in WARM.values():
        if warm.module in item_files:
            at = max(0, item_files.index(warm.module) - WARM_LEAD)
            _warm_at.setdefault(at, []).append(warm)


def reached(index: int) -> None:
    """The test at `index` (in run order) is about to run: start the warm-ups due."""
    due = [w for at in sorted(_warm_at) if at <= index for w in _warm_at.pop(at)]
    for warm in due:  # also those due at a test that did not set up (skipped by a mark)
        if warm.thread is None:
            warm.thread = threading.Thread(target=warm.run, name="warm-up", daemon=True)
            warm.thread.start()


def stop() -> None:
    """End a job still running (an interrupted suite) and remove every job's directory."""
    for job in JOBS.values():
        if job.process is not None and job.process.poll() is None:
            job.process.kill()
    for out in _dirs:
        shutil.rmtree(out, ignore_errors=True)
