"""The speed and scale section of `throughput.py` (issue 13), printed first.

1. Where the time goes, stage by stage, on the UK police tweets, with the floors beside them,
   for this checkout and for a baseline commit checked out in the same run (`git worktree add`
   into a temporary folder; each side runs `_stages.py` in its own interpreter with its own
   PYTHONPATH, the two alternating, best of the rounds), so the speed-up is a ratio.
2. Posts/s for 1 and N processes (`evaluate_many(workers=N)`).
3. Cost per character at 1k, 10k and 100k characters for ordinary text and adversarial
   repeats (phone numbers, names, elongations, lexicon terms), stage by stage: the 100k text
   as one post against the same text cut into posts of 1k and 10k (the same words at every
   size, the target's figure), and the old prefix figure (the kind's text built to 1k and 10k).
4. Dask (a local cluster of N worker processes) and Spark (local[N]) throughput against N
   single processes, each of the four jobs (1 process, N processes, Dask, Spark) run in its
   own fresh interpreter on the same posts (`in_child`: no job inherits the driver's heap and
   caches, or another job's), the jobs alternating over the rounds, best of each; beside
   each the CPU time of its whole process tree per post (driver, scheduler, workers, Spark's
   JVM; with `psutil`): a machine shared with other work makes the wall-clock ratios noisy,
   the CPU per post much less so.

Dask and Spark talk to their own workers over local sockets, so this section runs before the
rest of the benchmark refuses sockets; nothing leaves the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import _corpus
import _stages

import socialpolicy as sp
from socialpolicy.inputs import Account

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = "fc05cf3"  # main when issue 13 was filed

# Targets (issue 13).
TARGET_SPEEDUP = 1.6  # evaluate vs the baseline, same run, one core
TARGET_FLOOR_X = 8.0  # evaluate within 8x the floor
TARGET_LINEAR = 1.3  # cost per character at 100k within 1.3x of 1k
TARGET_WORKERS = 1.7  # 2 workers vs 1 on an idle 2-core machine
TARGET_CLUSTER = 0.8  # Dask / Spark vs N single processes


def _run_stages(src: Path, external: Path, posts: int, repeats: int) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "_stages.py"),
            "--json",
            "--posts",
            str(posts),
            "--repeats",
            str(repeats),
            "--external",
            str(external),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


def _best(rounds: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per pack and stage, the smallest figure over the rounds."""
    if "skipped" in rounds[0]:
        return rounds[0]
    best: dict[str, Any] = {}
    for pack in _stages.PACKS:
        best[pack] = {k: min(r[pack][k] for r in rounds) for k in rounds[0][pack]}
    return best


def build_extension(src: Path) -> str | None:
    """Compile the optional C extension into a checked-out `src` in place, as the editable
    install does (hatch_build.py), so the baseline runs the compiled n-gram sums and lexicon
    pass like this checkout; without it the baseline silently runs the pure Python fallback
    and looks slower than it is. None when built (or when the tree has no C source), else why
    not."""
    source = src / "socialpolicy" / "_cngrams.c"
    if not source.is_file():
        return None
    ldshared = sysconfig.get_config_var("LDSHARED")
    include = sysconfig.get_paths().get("include")
    if not ldshared or not include or sys.platform == "win32":
        return "no C toolchain is configured for this interpreter"
    target = source.with_name("_cngrams" + (sysconfig.get_config_var("EXT_SUFFIX") or ".so"))
    cmd = shlex.split(ldshared)
    if os.environ.get("CC"):
        cmd = [*shlex.split(os.environ["CC"]), *cmd[1:]]
    cmd += shlex.split(sysconfig.get_config_var("CCSHARED") or "")
    cmd += ["-O2", "-I", include, str(source), "-o", str(target)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        return ((done.stderr or done.stdout).strip().splitlines()[-1:] or ["failed"])[0]
    return None


@contextlib.contextmanager
def baseline_src(rev: str | None) -> Iterator[tuple[Path | None, str | None]]:
    """`rev` checked out in a temporary worktree for the length of the block: yields its
    `src` folder and None, or None and why it could not be checked out (None, None without
    a `rev`). The worktree is removed afterwards."""
    tmp = Path(tempfile.mkdtemp(prefix="sp-baseline-"))
    where = tmp / "tree"
    added = False
    try:
        if not rev:
            yield None, None
            return
        got = subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), rev],
            capture_output=True,
            text=True,
        )
        if got.returncode != 0:
            yield None, f"baseline {rev} not checked out: {got.stderr.strip()[:200]}"
            return
        added = True
        why = build_extension(where / "src")
        if why is not None:  # measured all the same, but its compiled parts run pure
            print(f"baseline {rev}: C extension not built ({why})", file=sys.stderr)
        yield where / "src", None
    finally:
        if added:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(where)],
                capture_output=True,
            )
        shutil.rmtree(tmp, ignore_errors=True)


def compare_baseline(
    rev: str | None, external: Path, posts: int, rounds: int, say: Callable[[str], None]
) -> dict[str, Any]:
    """Stage figures for this checkout and for `rev`, alternating in one run."""
    current: list[dict[str, Any]] = []
    base: list[dict[str, Any]] = []
    with baseline_src(rev) as (src, note):
        if src is None:
            rev = None
        for i in range(rounds):
            say(f"stages, round {i + 1} of {rounds}")
            if src is not None:
                base.append(_run_stages(src, external, posts, 2))
            current.append(_run_stages(ROOT / "src", external, posts, 2))
    return {
        "baseline": rev,
        "note": note,
        "current": _best(current),
        "base": _best(base) if base else None,
    }


def tree_cpu_parts() -> dict[tuple[str, int], float] | None:
    """CPU seconds of this process ("driver"), of its children that have ended and been
    waited for ("reaped": a process pool's workers once it is shut down), and of every live
    descendant, by (process name, pid) (None without psutil)."""
    try:
        import psutil
    except ImportError:
        return None
    me = psutil.Process()
    t = me.cpu_times()
    out = {
        ("driver", me.pid): t.user + t.system,
        ("reaped", me.pid): t.children_user + t.children_system,
    }
    for child in me.children(recursive=True):
        try:
            c = child.cpu_times()
            out[(child.name(), child.pid)] = c.user + c.system
        except psutil.Error:  # ended meanwhile: counted in its parent's children times
            continue
    return out


def tree_cpu() -> float | None:
    """CPU seconds of this process, its reaped children and every live descendant (None
    without psutil)."""
    parts = tree_cpu_parts()
    return None if parts is None else sum(parts.values())


CPU: dict[str, float] = {}  # µs of CPU per post, all processes, by job (set by the runs below)
# The same by kind of process (driver, python workers, Spark's java), by job.
CPU_PARTS: dict[str, dict[str, float]] = {}


def _timed_job(key: str, n: int, job: Callable[[], object]) -> float:
    """Posts/s of `job` over `n` posts (wall clock); records its CPU per post in CPU."""
    c0 = tree_cpu_parts()
    t0 = time.perf_counter()
    job()
    wall = time.perf_counter() - t0
    c1 = tree_cpu_parts()
    if c0 is not None and c1 is not None:
        CPU[key] = (sum(c1.values()) - sum(c0.values())) / n * 1e6
        parts: dict[str, float] = {}
        for (name, pid), sec in c1.items():
            kind = "driver" if name == "driver" else "java" if "java" in name else "workers"
            parts[kind] = parts.get(kind, 0.0) + (sec - c0.get((name, pid), 0.0)) / n * 1e6
        CPU_PARTS[key] = parts
    return n / wall


# Posts per Dask or Spark partition. Each task costs its framework a fixed amount (on Spark,
# JVM time to schedule it and stream its records to a Python worker): with 20,000 posts in
# 16 partitions of 1,250, Spark's JVM took 150-170 µs of CPU per post, in 2 partitions
# 18-53 (docs/performance.md). A partition of a few thousand posts makes that negligible;
# at least one partition per worker keeps every worker busy.
PARTITION_POSTS = 5_000
FIXED_PARTITIONS: int | None = None  # set by partitions_ab.py to compare with small tasks


def partitions(n_posts: int, workers: int) -> int:
    if FIXED_PARTITIONS is not None:
        return FIXED_PARTITIONS
    return max(workers, -(-n_posts // PARTITION_POSTS))


def processes(
    external: Path, n_posts: int, workers: int, say: Callable[[str], None]
) -> dict[str, float] | None:
    """Posts/s of `evaluate_many` in 1 and `workers` processes (wall clock, same posts)."""
    posts = _stages.police_posts(external)
    if posts is None:
        return None
    items = (posts * (n_posts // len(posts) + 1))[:n_posts]
    pol = sp.load_policy("toronto")
    out: dict[str, float] = {}
    for n in (1, workers):
        say(f"evaluate_many, {n} process(es)")
        list(pol.evaluate_many(items[:500], workers=n))  # warm: workers compile the pack
        out[str(n)] = _timed_job(
            str(n), len(items), lambda n=n: [None for _ in pol.evaluate_many(items, workers=n)]
        )
    return out


def per_char(
    external: Path, repeats: int, say: Callable[[str], None], *, prefix: bool = True
) -> dict[str, Any] | None:
    """ns per character of every stage, per kind of text and length (Toronto).

    For each kind: its 100k text as one post ("100000"), and the same 100k text cut at spaces
    into consecutive posts of 1k and of 10k characters ("same": total time over total
    characters), so all three sizes judge the same words; with `prefix`, also the kind's text
    built to 1k and 10k ("1000", "10000": the old figure, a prefix of the 100k text)."""
    posts = _stages.police_posts(external, 600)
    if posts is None:
        return None
    pol = sp.load_policy("toronto")
    acc = Account.model_validate(_corpus.ACCOUNTS["toronto"])
    ordinary = " ".join(p["text"] for p in posts)
    out: dict[str, Any] = {}
    longest = _stages.LENGTHS[-1]
    for length in _stages.LENGTHS if prefix else (longest,):
        say(f"cost per character, {length:,} characters")
        for kind, text in _stages.texts(pol, ordinary, length).items():
            out.setdefault(kind, {})[str(length)] = _stages.per_char(pol, acc, text, repeats)
    say(f"cost per character, the {longest:,}-character texts cut into posts")
    for kind, text in _stages.texts(pol, ordinary, longest).items():
        out[kind]["same"] = {
            str(size): _stages.per_char_pieces(pol, acc, text, size, repeats)
            for size in _stages.LENGTHS[:-1]
        }
    return out


def _archive(external: Path, n: int) -> list[str] | None:
    posts = _stages.police_posts(external)
    if posts is None:
        return None
    items = (posts * (n // len(posts) + 1))[:n]
    return [json.dumps({**p, "id": f"p{i}"}) for i, p in enumerate(items)]


def on_dask(lines: list[str], workers: int) -> float | None:
    try:
        import dask
        import dask.bag as db
        import distributed
    except ImportError:
        return None
    from socialpolicy.scale.on_dask import judge_bag

    pol = sp.load_policy("toronto")
    try:  # the workers set up as the library recommends (session 12), where it can
        from socialpolicy.scale.dask_workers import CLUSTER_CONFIG, prepare_workers
    except ImportError:  # a baseline from before session 12
        CLUSTER_CONFIG, prepare_workers = {}, None
    with dask.config.set(CLUSTER_CONFIG):
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    try:
        with distributed.Client(cluster) as client:
            if prepare_workers is not None:
                prepare_workers(client, pol)
            warm = lines[: WARM_POSTS * workers]  # each worker warmed as the pool's are
            judge_bag(db.from_sequence(warm, npartitions=workers), pol).compute()
            bag = db.from_sequence(lines, npartitions=partitions(len(lines), workers))
            return _timed_job("dask", len(lines), lambda: judge_bag(bag, pol).count().compute())
    finally:
        cluster.close()


def on_spark(lines: list[str], workers: int) -> float | None:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return None
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    from socialpolicy.scale.on_spark import judge_rdd

    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (
        SparkSession.builder.master(f"local[{workers}]")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        pol = sp.load_policy("toronto")
        sc = spark.sparkContext
        # The workers compile the pack and warm up, each on as many posts as the pool's.
        judge_rdd(sc.parallelize(lines[: WARM_POSTS * workers], workers), pol).count()
        return _timed_job(
            "spark",
            len(lines),
            lambda: judge_rdd(sc.parallelize(lines, partitions(len(lines), workers)), pol).count(),
        )
    finally:
        spark.stop()


SCALE_JOBS: tuple[str, ...] = ("1", "N", "dask", "spark")
# Judged before any timing: in the job's own process (the pool's workers are forked from it
# and start as warm), and by each Dask or Spark worker (before session 11 those judged 100
# posts each, so they warmed their caches, the models' word sums and the engine's memo, inside
# the timing while the pool's inherited warm ones; whether that moved their figures was not
# separated from the load: docs/performance.md, "Session 11: workers").
WARM_POSTS = 2_000


def scale_job(job: str, external: Path, n_posts: int, workers: int) -> dict[str, Any] | None:
    """One throughput job on the archive's `n_posts` JSON lines, in this process: `evaluate_many`
    in 1 ("1") or `workers` ("N") processes (the lines parsed first), or a Dask or Spark
    cluster of `workers` judging the lines. Its posts/s, with the CPU µs per post of this
    process tree (`CPU`, `CPU_PARTS`); None when skipped."""
    lines = _archive(external, n_posts)
    if lines is None:
        return None
    key = job if job in ("dask", "spark") else "1" if job == "1" else str(workers)
    rate: float | None
    if job in ("1", "N"):
        n = 1 if job == "1" else workers
        items = [json.loads(line) for line in lines]
        pol = sp.load_policy("toronto")
        # Warm this process first, whatever n: the pool's workers are forked from it and start
        # with its caches (the models' word sums, the engine's memo), as a long-running
        # service's would. Without this the N-process job forked from a cold process and paid
        # every worker's warm-up inside the timing (2 workers measured 1.17x one; 1.59x warm).
        list(pol.evaluate_many(items[:WARM_POSTS]))
        list(pol.evaluate_many(items[:500], workers=n))  # warm: workers compile the pack
        rate = _timed_job(
            key, len(items), lambda: [None for _ in pol.evaluate_many(items, workers=n)]
        )
    elif job == "dask":
        rate = on_dask(lines, workers)
    else:
        rate = on_spark(lines, workers)
    if rate is None:
        return None
    return {"key": key, "rate": rate, "cpu_us": CPU.get(key), "cpu_parts_us": CPU_PARTS.get(key)}


def in_child(job: str, external: Path, n_posts: int, workers: int) -> dict[str, Any] | None:
    """`scale_job` run in a fresh interpreter, so that it inherits none of this driver's heap
    and caches (the cluster's workers or the pool's forked processes start from a process that
    only loaded the pack). None when skipped or failed (the reason on standard error)."""
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    )
    cmd = [sys.executable, str(Path(__file__).resolve()), job, "--external", str(external)]
    cmd += ["--posts", str(n_posts), "--workers", str(workers)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"scale job {job}: failed ({tail})", file=sys.stderr)
        return None
    data: dict[str, Any] | None = json.loads(lines[-1])
    return data


def scale(
    external: Path,
    n_posts: int,
    workers: int,
    rounds: int,
    with_cluster: bool,
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Posts/s of 1 and `workers` processes, Dask and Spark, each job in its own fresh
    interpreter on the same posts, the jobs alternating over `rounds`; best rate of each
    (with the CPU per post of that run)."""
    jobs = SCALE_JOBS if with_cluster else SCALE_JOBS[:2]
    best: dict[str, dict[str, Any]] = {}
    for i in range(rounds):
        for job in jobs if i % 2 == 0 else tuple(reversed(jobs)):
            say(
                f"{job if job != 'N' else workers} {'' if job in ('dask', 'spark') else 'process(es) '}"
                f"in a fresh interpreter, round {i + 1} of {rounds}"
            )
            got = in_child(job, external, n_posts, workers)
            if got is not None and (job not in best or got["rate"] > best[job]["rate"]):
                best[job] = got
    out: dict[str, Any] = {
        "processes": (
            {best[j]["key"]: best[j]["rate"] for j in ("1", "N")}
            if "1" in best and "N" in best
            else None
        ),
        "dask": best["dask"]["rate"] if "dask" in best else None,
        "spark": best["spark"]["rate"] if "spark" in best else None,
        "cpu_us": {g["key"]: g["cpu_us"] for g in best.values() if g.get("cpu_us") is not None},
        "cpu_parts_us": {
            g["key"]: g["cpu_parts_us"] for g in best.values() if g.get("cpu_parts_us")
        },
    }
    return out


def run(
    external: Path,
    baseline: str | None,
    *,
    posts: int,
    rounds: int,
    workers: int,
    scale_posts: int,
    with_cluster: bool,
    say: Callable[[str], None],
    per_char_repeats: int = 2,
    scale_rounds: int = 2,
) -> dict[str, Any]:
    res: dict[str, Any] = {"workers": workers}
    res["stages"] = compare_baseline(baseline, external, posts, rounds, say)
    res.update(scale(external, scale_posts, workers, scale_rounds, with_cluster, say))
    res["per_char"] = per_char(external, per_char_repeats, say)
    return res


STAGE_ROWS: tuple[tuple[str, str | None], ...] = (
    ("json", None),
    ("validate", None),
    ("normalise", "normalise_floor"),
    ("scan", "scan_floor"),
    ("detectors", None),
    ("fold", None),
    ("engine", None),
    ("engine_unmemoised", None),
    ("digest", "digest_floor"),
    ("decision", None),
    ("evaluate", "floor"),
)


def _hold(ok: bool) -> str:
    return "HOLDS" if ok else "MISSES"


# Stages timed by themselves ("fold" and "decision" are differences of other figures: at one
# post of 100k their noise is larger than they are).
PER_CHAR_STAGES = ("normalise", "scan", "engine", "digest")


def growing_most(small: Mapping[str, float], large: Mapping[str, float]) -> list[tuple[float, str]]:
    """The three stages whose ns per character rose most from `small` to `large` (those
    costing more than 20 ns per character in `large`)."""
    return sorted(
        (
            (large[k] / max(small.get(k, 0.0), 1.0), k)  # a stage idle in `small`: vs 1 ns
            for k in large
            if (k.startswith("detector.") or k in PER_CHAR_STAGES) and large[k] > 20
        ),
        reverse=True,
    )[:3]


def report_kind(
    kind: str, by_len: Mapping[str, Any], targets: list[tuple[str, str, bool]], w: Any
) -> None:
    """The cost-per-character lines of one kind of text; appends its target row."""
    longest = str(_stages.LENGTHS[-1])
    whole = by_len[longest]["evaluate"]
    same = by_len.get("same")
    if same:
        e = [same[str(n)]["evaluate"] for n in _stages.LENGTHS[:-1]]
        ratio = whole / e[0]
        print(
            f"  {kind:17} same words  1k {e[0]:7.0f}  10k {e[1]:7.0f}  100k {whole:7.0f}"
            f"   {ratio:5.2f}x  {_hold(ratio <= TARGET_LINEAR)}"
            f"   (10k→100k {whole / e[1]:4.2f}x)",
            file=w,
        )
        worst = growing_most(same[str(_stages.LENGTHS[0])], by_len[longest])
        if worst:
            print("      growing most: " + ", ".join(f"{k} {x:.2f}x" for x, k in worst), file=w)
        targets.append(
            (
                f"cost per character 100k vs 1k (same words), {kind}",
                f"{ratio:.2f}x",
                ratio <= TARGET_LINEAR,
            )
        )
    if all(str(n) in by_len for n in _stages.LENGTHS[:-1]):
        p = [by_len[str(n)]["evaluate"] for n in _stages.LENGTHS[:-1]]
        print(
            f"  {'':17} prefix      1k {p[0]:7.0f}  10k {p[1]:7.0f}  100k {whole:7.0f}"
            f"   {whole / p[0]:5.2f}x  (not the target)",
            file=w,
        )


def report(res: Mapping[str, Any], out: Any = None) -> list[tuple[str, str, bool]]:
    """Print the section; returns (target, figure, holds) rows."""
    w = out or sys.stdout
    targets: list[tuple[str, str, bool]] = []
    st = res["stages"]
    cur, base = st["current"], st["base"]
    print("\n== Speed (issue 13): where the time goes, µs per post, CPU time ==", file=w)
    if "skipped" in cur:
        print(f"  skipped: {cur['skipped']}", file=w)
    else:
        label = f"baseline {st['baseline']}" if base else "no baseline"
        if st.get("note"):
            print(f"  {st['note']}", file=w)
        posts = int(cur["toronto"]["posts"])
        chars = cur["toronto"]["chars"]
        print(f"  {posts:,} UK police tweets (mean {chars:.0f} characters), one core", file=w)
        for pack in _stages.PACKS:
            c = cur[pack]
            b = base[pack] if base else None
            print(f"\n  {pack:10} {'now':>9} {'floor':>9} {label:>18} {'ratio':>7}", file=w)
            for key, floor in STAGE_ROWS:
                fl = f"{c[floor]:9.1f}" if floor else " " * 9
                bb = f"{b[key]:18.1f}" if b and key in b else " " * 18
                rr = f"{b[key] / c[key]:6.2f}x" if b and key in b and c[key] > 0 else ""
                print(f"  {key:10} {c[key]:9.1f} {fl} {bb} {rr}", file=w)
            for key in sorted(k for k in c if k.startswith("detector.")):
                bb = f"{b[key]:18.1f}" if b and key in b else " " * 18
                name = key.removeprefix("detector.")
                print(f"    {name:16} {c[key]:9.1f} {'':9} {bb}", file=w)
            x_floor = c["evaluate"] / c["floor"]
            targets.append(
                (
                    f"{pack}: evaluate within {TARGET_FLOOR_X:g}x the floor",
                    f"{x_floor:.1f}x",
                    x_floor <= TARGET_FLOOR_X,
                )
            )
            if b:
                speed = b["evaluate"] / c["evaluate"]
                targets.append(
                    (
                        f"{pack}: evaluate ≥ {TARGET_SPEEDUP}x {st['baseline']} (same run)",
                        f"{speed:.2f}x",
                        speed >= TARGET_SPEEDUP,
                    )
                )
    procs = res.get("processes")
    n = res["workers"]
    print(
        "\n== Many cores: evaluate_many posts/s (Toronto, wall clock; each figure in a fresh "
        "interpreter) ==",
        file=w,
    )
    if procs:
        r = procs[str(n)] / procs["1"]
        print(
            f"  1 process {procs['1']:,.0f}   {n} processes {procs[str(n)]:,.0f}   "
            f"({r:.2f}x; target ≥ {TARGET_WORKERS}x on an idle machine)",
            file=w,
        )
        targets.append(
            (
                f"{n} workers ≥ {TARGET_WORKERS}x one (idle machine)",
                f"{r:.2f}x",
                r >= TARGET_WORKERS,
            )
        )
    else:
        print("  skipped (no police tweets)", file=w)
    pc = res.get("per_char")
    print(
        "\n== Cost per character, ns (Toronto; 100k / 1k on the same words, target ≤ 1.3x) ==",
        file=w,
    )
    if pc:
        print(
            "  same words: the 100k text as one post, and cut at spaces into posts of 1k and "
            "10k (total time / total characters).\n"
            "  prefix (old figure, not the target): the kind's text built to 1k and 10k, a prefix "
            "of the 100k text, holds\n  fewer of its cues, so that ratio mixes more content "
            "with more length.",
            file=w,
        )
        for kind, by_len in pc.items():
            report_kind(kind, by_len, targets, w)
    else:
        print("  skipped (no police tweets)", file=w)
    print(
        f"\n== Dask and Spark: posts/s with {n} local workers (each in a fresh interpreter, "
        "on the same posts as the processes) ==",
        file=w,
    )
    cpu = res.get("cpu_us") or {}
    if cpu:
        print(
            "  CPU µs per post, all processes (driver, scheduler, workers, JVM): "
            + "   ".join(
                f"{k if k in ('dask', 'spark') else k + ' proc'} {v:,.0f}" for k, v in cpu.items()
            ),
            file=w,
        )
    for key, parts in (res.get("cpu_parts_us") or {}).items():
        print(
            f"    {key if key in ('dask', 'spark') else key + ' proc':8} "
            + "   ".join(f"{k} {v:,.0f}" for k, v in sorted(parts.items())),
            file=w,
        )
    for name in ("dask", "spark"):
        rate = res.get(name)
        if rate is None:
            print(f"  {name}: skipped (not installed, no Java, or no police tweets)", file=w)
            continue
        ref = procs[str(n)] if procs else None
        rel = rate / ref if ref else float("nan")
        print(
            f"  {name:6} {rate:,.0f} posts/s   vs {n} processes {rel:.2f}x "
            f"(target ≥ {TARGET_CLUSTER}x)",
            file=w,
        )
        targets.append(
            (
                f"{name} ≥ {TARGET_CLUSTER}x {n} single processes",
                f"{rel:.2f}x",
                rel >= TARGET_CLUSTER,
            )
        )
    print("\n== Speed targets ==", file=w)
    for what, fig, ok in targets:
        print(f"  {_hold(ok):7} {what}: {fig}", file=w)
    return targets


def main(argv: Sequence[str] | None = None) -> int:
    """One `scale_job` (run by `in_child` in a fresh interpreter): prints one JSON line."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("job", choices=SCALE_JOBS)
    ap.add_argument("--external", type=Path, required=True)
    ap.add_argument("--posts", type=int, required=True)
    ap.add_argument("--workers", type=int, required=True)
    args = ap.parse_args(argv)
    print(json.dumps(scale_job(args.job, args.external, args.posts, args.workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
