"""Load on `socialpolicy serve`: requests/s and p50/p99 latency of evaluate at 1, 8 and 32 clients.

Starts the service as a real process on a free 127.0.0.1 port (with a SQLite decision log
unless --no-log), sends POST /v1/packs/PACK/evaluate from N concurrent HTTP clients, and
after stopping it counts the records in the log: every decision answered must be there.
Traffic goes to the loopback address only; each level stops after --requests requests or
--seconds seconds, whichever comes first.

    python benchmarks/service_load.py                    # 1, 8, 32 clients, 600 requests each
    python benchmarks/service_load.py --requests 2000 --json load.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:
    import socialpolicy  # noqa: F401
except ImportError:  # a checkout without installation
    sys.path.insert(0, str(HERE.parent / "src"))

from _corpus import generate_posts  # noqa: E402

from socialpolicy.audit.log import open_log  # noqa: E402


@dataclass
class Level:
    clients: int
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    error_samples: list[str] = field(default_factory=list)
    server_cpu_ms: float | None = None  # the server process's CPU time per request


@dataclass
class Report:
    pack: str
    levels: list[Level]
    answered: int
    logged: int | None  # records in the log after the run (None: no log)
    log_verified: bool | None
    cpu: str
    workers: int
    load: str = "n/a"

    @property
    def lost(self) -> int:
        return 0 if self.logged is None else self.answered - self.logged

    @property
    def ok(self) -> bool:
        return (
            all(lv.errors == 0 for lv in self.levels)
            and self.lost == 0
            and (self.log_verified is not False)
        )


def _run(coro: Coroutine[object, object, Level]) -> Level:
    """`asyncio.run`, in a thread of its own when this one already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


async def _level(url: str, bodies: list[bytes], clients: int, total: int, seconds: float) -> Level:
    latencies: list[float] = []
    errors: list[str] = []
    issued = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(limits=limits, timeout=60) as client:

        async def worker() -> None:
            nonlocal issued
            while issued < total and time.monotonic() < deadline:
                body = bodies[issued % len(bodies)]
                issued += 1
                t0 = time.perf_counter()
                try:
                    res = await client.post(
                        url, content=body, headers={"content-type": "application/json"}
                    )
                    ok = res.status_code == 200
                    if not ok:
                        errors.append(f"{res.status_code} {res.text[:200]}")
                except httpx.HTTPError as exc:
                    ok = False
                    errors.append(f"{type(exc).__name__}: {exc}")
                if ok:
                    latencies.append(time.perf_counter() - t0)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - start
    done = len(latencies)
    return Level(
        clients=clients,
        requests=done + len(errors),
        errors=len(errors),
        seconds=round(elapsed, 3),
        rps=round(done / elapsed, 1) if elapsed else 0.0,
        p50_ms=round(1000 * _percentile(latencies, 0.50), 2),
        p99_ms=round(1000 * _percentile(latencies, 0.99), 2),
        error_samples=errors[:3],
    )


def _bodies(n: int) -> list[bytes]:
    account = {"handle": "@officer.jo", "owner": {"organisation": "tps", "role": "officer"}}
    out = []
    for i, p in enumerate(generate_posts(n)):
        record: dict[str, Any] = {"post": p}
        if i % 2:
            record["account"] = account
        out.append(json.dumps(record).encode())
    return out


def run(
    clients: tuple[int, ...] = (1, 8, 32),
    requests: int = 600,
    seconds: float = 60.0,
    pack: str = "toronto",
    log: bool = True,
    workers: int = 1,
    startup: float = 120.0,
) -> Report:
    """Start the service, load it level by level, stop it, count the log."""
    tmp = Path(tempfile.mkdtemp(prefix="sp-load-"))
    db = tmp / "load.db"
    port = _free_port()
    cmd = [sys.executable, "-m", "socialpolicy", "serve", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--pack", pack, "--no-access-log", "--workers", str(workers)]
    if log:
        cmd += ["--log", str(db)]
    out = (tmp / "serve.log").open("w")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        limit = time.monotonic() + startup
        while True:
            if proc.poll() is not None:
                raise RuntimeError((tmp / "serve.log").read_text())
            try:
                if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > limit:
                raise RuntimeError("the service did not start: " + (tmp / "serve.log").read_text())
            time.sleep(0.2)
        bodies = _bodies(200)
        url = f"{base}/v1/packs/{pack}/evaluate"
        warm = _run(_level(url, bodies, 2, 20, seconds))
        levels = []
        for c in clients:
            before = _cpu_seconds(proc.pid)
            level = _run(_level(url, bodies, c, requests, seconds))
            after = _cpu_seconds(proc.pid)
            if workers == 1 and before is not None and after is not None and level.requests:
                level.server_cpu_ms = round(1000 * (after - before) / level.requests, 2)
            levels.append(level)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        out.close()
    answered = warm.requests - warm.errors + sum(lv.requests - lv.errors for lv in levels)
    logged = verified = None
    if log:
        with open_log(str(db), create=False) as lg:
            logged = lg.count()
            verified = lg.verify().ok
    return Report(
        pack=pack,
        levels=levels,
        answered=answered,
        logged=logged,
        log_verified=verified,
        cpu=f"{os.cpu_count()} cores",
        workers=workers,
        load=" ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a",
    )


def render(r: Report) -> str:
    lines = [
        f"evaluate on {r.pack}, {r.workers} server process(es), {r.cpu} shared with the clients"
        f" (load average {r.load})",
        f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'server CPU ms/req':>18}",
    ]
    for lv in r.levels:
        lines.append(
            f"{lv.clients:>7} {lv.requests:>8} {lv.errors:>6} {lv.rps:>8.1f} "
            f"{lv.p50_ms:>8.2f} {lv.p99_ms:>8.2f} "
            + (f"{lv.server_cpu_ms:>18.2f}" if lv.server_cpu_ms is not None else f"{'n/a':>18}")
        )
        lines.extend(f"        error: {e}" for e in lv.error_samples)
    if r.logged is None:
        lines.append("decision log: off")
    else:
        lines.append(
            f"decision log: {r.answered} decisions answered, {r.logged} records logged, "
            f"{r.lost} lost; chain {'verifies' if r.log_verified else 'DOES NOT VERIFY'}"
        )
    lines.append("OK" if r.ok else "FAILED")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", default="1,8,32", help="concurrency levels, comma-separated")
    ap.add_argument("--requests", type=int, default=600, help="requests per level (at most)")
    ap.add_argument("--seconds", type=float, default=60.0, help="time per level (at most)")
    ap.add_argument("--pack", default="toronto")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--no-log", action="store_true", help="run without a decision log")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()
    report = run(
        tuple(int(c) for c in args.clients.split(",")),
        args.requests,
        args.seconds,
        args.pack,
        not args.no_log,
        args.workers,
    )
    print(render(report))
    if args.json:
        data = asdict(report) | {"lost": report.lost, "ok": report.ok}
        Path(args.json).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
