"""Start `socialpolicy serve` as a real process on a free loopback port, for tests."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

ARTIFACTS = Path(__file__).parent / "server" / "artifacts"
"""Screenshots of the page, kept for a person to look at (git-ignored)."""
TOKEN = "test-token-0123456789abcdef"
STARTUP_SECONDS = 90  # loading and compiling both packs on a loaded 2-core machine


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Running:
    url: str
    process: subprocess.Popen[str]
    log_path: Path  # the process's output
    decision_log: str | None = None

    def output(self) -> str:
        return self.log_path.read_text("utf-8", errors="replace")


@contextmanager
def serve(
    tmp: Path,
    args: Sequence[str] = (),
    env: dict[str, str] | None = None,
    command: Sequence[str] | None = None,
) -> Iterator[Running]:
    """The service on 127.0.0.1 until the block ends; fails with its output if it dies."""
    port = free_port()
    out = tmp / f"serve-{port}.log"
    cmd = [*(command or (sys.executable, "-m", "socialpolicy")), "serve"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--no-access-log", *args]
    with out.open("w") as fh:
        proc = subprocess.Popen(
            cmd, stdout=fh, stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})}
        )
    log = list(args)[list(args).index("--log") + 1] if "--log" in args else None
    running = Running(f"http://127.0.0.1:{port}", proc, out, log)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}:\n{running.output()}")
            try:
                if httpx.get(running.url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer within {STARTUP_SECONDS} s:\n{running.output()}")
            time.sleep(0.2)
        yield running
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


T = TypeVar("T")


def run_async(coro: Coroutine[object, object, T]) -> T:
    """`asyncio.run`, in a thread of its own when this one already runs an event loop
    (Playwright's sync API keeps one running while a browser is open)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
