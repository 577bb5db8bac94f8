"""Configuration files: `.socialpolicy.toml`, or `[tool.socialpolicy]` in `pyproject.toml`.

Found by walking up from the current directory; in each directory `.socialpolicy.toml` wins
over `pyproject.toml`, and a `pyproject.toml` without a `[tool.socialpolicy]` table is passed
over (as ruff does). Paths in a configuration file are relative to the file's directory.
Command-line flags always win over the file.

```toml
# .socialpolicy.toml (top-level keys), or under [tool.socialpolicy] in pyproject.toml
policy = "toronto"            # the pack: a built-in name or a pack directory
account = "accounts/me.json"  # account for records that carry none
fail-on = "violation"         # advice | review | violation
log = "decisions.sqlite"      # decision log: SQLite file or postgresql:// URL
findings-only = true          # check shows only posts with findings
record-timeout = 10           # seconds one record may take to judge; 0: no limit
```
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socialpolicy.errors import ConfigError, Location, closest

CONFIG_FILE = ".socialpolicy.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON = ("advice", "review", "violation")

# key -> what it holds, for errors and `socialpolicy config`
KEYS: dict[str, str] = {
    "policy": "the pack: a built-in pack name or a pack directory",
    "account": "account JSON file for records that carry none",
    "fail-on": "lowest level that makes check exit 1: advice, review or violation",
    "log": "decision log: a SQLite file or a postgresql:// URL",
    "findings-only": "check shows only posts with findings (true or false)",
    "record-timeout": "seconds one record may take to judge before it is reported; 0: no limit",
}


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from a configuration file; every field is None when the file does not set it."""

    file: Path | None = None
    policy: str | None = None
    account: Path | None = None
    fail_on: str | None = None
    log: str | None = None
    findings_only: bool | None = None
    record_timeout: float | None = None
    set_keys: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.file) if self.file else None,
            "policy": self.policy,
            "account": str(self.account) if self.account else None,
            "fail-on": self.fail_on,
            "log": self.log,
            "findings-only": self.findings_only,
            "record-timeout": self.record_timeout,
        }


def find_config(start: Path) -> Path | None:
    """The nearest `.socialpolicy.toml`, or `pyproject.toml` with `[tool.socialpolicy]`."""
    for directory in (start, *start.parents):
        own = directory / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    # Cheap test first: most pyproject.toml files never mention us, and a broken one that
    # does not is none of our business.
    if "socialpolicy" not in text:
        return False
    data = _parse(text, pyproject)
    tool = data.get("tool")
    return isinstance(tool, dict) and "socialpolicy" in tool


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        at = _TOML_AT.search(msg)
        where = Location(
            file=str(path),
            line=int(at.group(1)) if at else None,
            column=int(at.group(2)) if at else None,
        )
        raise ConfigError(f"not valid TOML: {_TOML_AT.sub('', msg).strip()}", where) from None


def _line_of(text: str, key: str, table: str | None) -> int | None:
    """The line where `key` is set (inside `[table]` when given), for error locations."""
    in_table = table is None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = table is not None and stripped.strip("[] ") == table
            continue
        if in_table and re.match(rf"""["']?{re.escape(key)}["']?\s*=""", stripped):
            return n
    return None


def load_config(path: Path) -> Config:
    """Read and check one configuration file; ConfigError names the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", Location(file=str(path))) from None
    data = _parse(text, path)
    table: str | None = None
    if path.name == PYPROJECT:
        table = "tool.socialpolicy"
        tool = data.get("tool", {})
        data = tool.get("socialpolicy", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise ConfigError("[tool.socialpolicy] must be a table", Location(file=str(path)))

    def where(key: str) -> Location:
        return Location(file=str(path), line=_line_of(text, key, table), field=key)

    for key in data:
        if key not in KEYS:
            raise ConfigError(
                f"unknown setting {key!r} (known: {', '.join(KEYS)})",
                where(key),
                suggestion=closest(key, KEYS),
            )
    base = path.parent

    def text_value(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{key} must be a non-empty string", where(key))
        return value

    policy = text_value("policy")
    if policy is not None and (base / policy / "pack.yaml").is_file():
        policy = str(base / policy)  # a pack directory next to the file, wherever we run
    account = text_value("account")
    fail_on = text_value("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(
            f"fail-on {fail_on!r}: choose advice, review or violation",
            where("fail-on"),
            suggestion=closest(fail_on, FAIL_ON),
        )
    log = text_value("log")
    if log is not None and "://" not in log:
        log = str(base / log)
    findings_only = data.get("findings-only")
    if findings_only is not None and not isinstance(findings_only, bool):
        raise ConfigError("findings-only must be true or false", where("findings-only"))
    timeout = data.get("record-timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 0 <= timeout < 1e6
    ):
        raise ConfigError(
            "record-timeout must be a number of seconds from 0 (no limit) up",
            where("record-timeout"),
        )
    return Config(
        file=path,
        policy=policy,
        account=base / account if account is not None else None,
        fail_on=fail_on,
        log=log,
        findings_only=findings_only,
        record_timeout=float(timeout) if timeout is not None else None,
        set_keys=tuple(data),
    )


def discover(
    explicit: Path | None = None, isolated: bool = False, cwd: Path | None = None
) -> Config:
    """The configuration in effect: `explicit`, else the one found from `cwd`, else none."""
    if isolated:
        return Config()
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError("no such configuration file", Location(file=str(explicit)))
        return load_config(explicit)
    found = find_config((cwd or Path.cwd()).resolve())
    return load_config(found) if found is not None else Config()
