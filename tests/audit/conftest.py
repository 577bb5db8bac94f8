from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
EXAMPLES = REPO / "examples"


def _synthetic_entries(n: int, start: int = 0) -> list[Any]:
    """Log entries that need no rule engine: the chain does not care what a decision says."""
    from socialpolicy.audit.log import LogEntry

    out = []
    for i in range(start, start + n):
        out.append(
            LogEntry(
                decision={
                    "post_id": f"p{i}",
                    "verdict": ["pass", "review"][i % 2],
                    "findings": [],
                    "as_of": "2025-01-01",
                },
                input={
                    "post": {
                        "id": f"p{i}",
                        "text": f"post number {i}",
                        "created_at": "2025-01-01T10:00:00+00:00",
                    },
                    "account": None,
                    "account_assumed": True,
                },
                pack_digest="sha256:" + "ab" * 32,
                mask=None if i % 3 else {"fields": ["post.text"], "masked": []},
            )
        )
    return out


def _drop_triggers(path: Path) -> sqlite3.Connection:
    """A raw connection to a log file with its append-only triggers removed: a tamperer's view."""
    con = sqlite3.connect(str(path), isolation_level=None)
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        con.execute(f"DROP TRIGGER {name}")
    return con


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`socialpolicy ARGS` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-c", "from socialpolicy.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=timeout,
        cwd=str(REPO),
    )


@pytest.fixture
def cli() -> Callable[..., Any]:
    """`socialpolicy ARGS` in-process (typer's runner): fast, for most command tests."""
    from typer.testing import CliRunner

    from socialpolicy.cli import app

    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def example_posts() -> Path:
    return EXAMPLES / "toronto-posts.jsonl"


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def sqlite_log(tmp_path: Path) -> Iterator[Any]:
    from socialpolicy.audit.log import open_log

    log = open_log(str(tmp_path / "log.sqlite"))
    yield log
    log.close()


@pytest.fixture(scope="session")
def entries() -> Callable[..., list[Any]]:
    """`entries(n, start=0)`: synthetic log entries."""
    return _synthetic_entries


@pytest.fixture(scope="session")
def tamper() -> Callable[[Path], sqlite3.Connection]:
    """`tamper(path)`: a raw sqlite3 connection to a log file, append-only triggers dropped."""
    return _drop_triggers


@pytest.fixture(scope="session")
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """`run_cli(*args)`: the socialpolicy command in a subprocess."""
    return _run_cli


@pytest.fixture(scope="session")
def write_jsonl() -> Callable[[Path, list[dict[str, Any]]], Path]:
    return _write_jsonl


RULE = "tps.privacy.personal-information"
REVISED_ON = "2025-02-01"


def _version_key(v: Any) -> tuple[int, ...]:
    return tuple(int(p) for p in str(v).split("."))


def _load_rules(pack_dir: Path, rule_id: str) -> tuple[Path, dict[str, Any]]:
    """The rules file that holds `rule_id`, parsed."""
    import yaml

    for path in sorted((pack_dir / "rules").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if any(r.get("id") == rule_id for r in data.get("rules", ())):
            return path, data
    raise AssertionError(f"no rule {rule_id} in {pack_dir}")


def _dump_rules(path: Path, data: dict[str, Any]) -> None:
    import yaml

    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _trim_history(pack_dir: Path, rule_id: str) -> str:
    """Keep only the first version of a rule (in force from then on); return its version.

    Tests build their own revision on top, whatever history the shipped pack has.
    """
    path, data = _load_rules(pack_dir, rule_id)
    versions = [r for r in data["rules"] if r["id"] == rule_id]
    first = min(versions, key=lambda r: _version_key(r["version"]))
    first.pop("effective_to", None)
    data["rules"] = [r for r in data["rules"] if r["id"] != rule_id or r is first]
    _dump_rules(path, data)
    return str(first["version"])


def _revise(
    pack_dir: Path, rule_id: str, new_version: str, effective_from: str, changes: dict[str, Any]
) -> Path:
    """Add a new version of a rule to a pack copy, closing the current one the day before.

    This is how a policy writer revises a rule: the old version stays, with `effective_to`.
    """
    import datetime as dt

    path, data = _load_rules(pack_dir, rule_id)
    rules = data["rules"]
    current = max(
        (r for r in rules if r["id"] == rule_id), key=lambda r: _version_key(r["version"])
    )
    start = dt.date.fromisoformat(effective_from)
    current["effective_to"] = start - dt.timedelta(days=1)
    new = {**current, **changes, "version": new_version, "effective_from": start}
    new.pop("effective_to", None)
    rules.append(new)
    _dump_rules(path, data)
    return pack_dir


@pytest.fixture(scope="session")
def revise() -> Callable[..., Path]:
    """`revise(pack_dir, rule_id, version, effective_from, changes)`: a new rule version."""
    return _revise


@dataclass(frozen=True)
class Revision:
    """Two copies of the Toronto pack: `base` with one version of RULE, `revised` with a
    second version (a review instead of a violation) in force from `start`."""

    base: Path
    revised: Path
    rule: str
    old: str
    new: str
    start: str


@pytest.fixture
def revision(tmp_path: Path) -> Revision:
    import shutil

    base = tmp_path / "base" / "toronto"
    shutil.copytree(REPO / "policies" / "toronto", base)
    old = _trim_history(base, RULE)
    revised = tmp_path / "revised" / "toronto"
    shutil.copytree(base, revised)
    major, minor, _ = _version_key(old)
    new = f"{major}.{minor + 1}.0"
    _revise(
        revised,
        RULE,
        new,
        REVISED_ON,
        {
            "level": "review",
            "message": "Revised: personal details.",
            "change": "Lowered to review pending a person's check.",
        },
    )
    return Revision(base=base, revised=revised, rule=RULE, old=old, new=new, start=REVISED_ON)


# -- PostgreSQL: a real server, started from the distribution's binaries --------------------


def _pg_bindir() -> Path | None:
    import glob
    import shutil

    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True):
        return Path(cand).parent
    config = shutil.which("pg_config")
    if config:
        out = subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    return None


def _unavailable(message: str) -> NoReturn:
    """Skip, saying why; under CI (`CI` set) fail instead, so PostgreSQL cannot silently stop
    being tested (as tests/_browser.py does for Chromium)."""
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set: the PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server for the session: `SOCIALPOLICY_TEST_POSTGRES_URL`, or one started here.

    initdb refuses to run as root, so as root the server runs as the `postgres` user that
    Debian's package creates. Skips, saying why, when no server can be started; fails
    instead when `CI` is set.
    """
    url = os.environ.get("SOCIALPOLICY_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable(
            "PostgreSQL tests skipped: psycopg is not installed (pip install 'psycopg[binary]')"
        )
    bindir = _pg_bindir()
    if bindir is None:
        _unavailable(
            "PostgreSQL tests skipped: no server binaries (apt-get install postgresql), "
            "and SOCIALPOLICY_TEST_POSTGRES_URL is not set"
        )
    import shutil
    import tempfile

    kwargs: dict[str, Any] = {}
    datadir = Path(tempfile.mkdtemp(prefix="socialpolicy-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(datadir, ignore_errors=True)
            _unavailable(
                "PostgreSQL tests skipped: running as root and there is no 'postgres' "
                "user to run the server as"
            )
        os.chown(datadir, pw.pw_uid, pw.pw_gid)
        kwargs = {
            "user": pw.pw_uid,
            "group": pw.pw_gid,
            "extra_groups": [],
            "env": {**os.environ, "HOME": str(datadir)},
            "cwd": str(datadir),
        }
    data = datadir / "data"
    port = _free_port()
    try:
        subprocess.run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            timeout=120,
            **kwargs,
        )
        opts = f"-h 127.0.0.1 -p {port} -k {datadir} -c fsync=off -c full_page_writes=off"
        subprocess.run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-t",
                "60",
                "-l",
                str(datadir / "server.log"),
                "-o",
                opts,
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
            **kwargs,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        log = datadir / "server.log"
        tail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        shutil.rmtree(datadir, ignore_errors=True)
        _unavailable(
            f"PostgreSQL tests skipped: could not start a server from {bindir}: {exc} "
            f"{detail.decode(errors='replace')[-300:]} {tail}"
        )
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            **kwargs,
        )
        shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's server."""
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = "sp_" + uuid.uuid4().hex[:12]
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}".encode())
    parts = urlsplit(postgres_server)
    yield urlunsplit(parts._replace(path="/" + name))
    with psycopg.connect(postgres_server, autocommit=True) as con:
        con.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)".encode())


def _check(*args: str) -> Any:
    from typer.testing import CliRunner

    from socialpolicy.cli import app

    return CliRunner().invoke(app, ["check", *args], catch_exceptions=False)


@pytest.fixture(scope="session")
def checked_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log of the example posts of both packs, written by `check --log` (do not modify)."""
    path = tmp_path_factory.mktemp("checked") / "examples.sqlite"
    for pack in ("toronto", "edmonton"):
        res = _check(
            "--policy",
            pack,
            "--format",
            "jsonl",
            "--log",
            str(path),
            str(EXAMPLES / f"{pack}-posts.jsonl"),
        )
        assert res.exit_code in (0, 1), res.output
    return path


@pytest.fixture
def log_copy(checked_log: Path, tmp_path: Path) -> Path:
    """A writable copy of `checked_log`."""
    import shutil

    target = tmp_path / "copy.sqlite"
    shutil.copyfile(checked_log, target)
    return target


@pytest.fixture(scope="session")
def check() -> Callable[..., Any]:
    """`check(*args)`: `socialpolicy check ARGS` in-process; returns typer's Result."""
    return _check
