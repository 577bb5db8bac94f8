"""What `socialpolicy serve` is configured with: packs, decision log, limits and tokens."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.errors import ConfigError, Location
from socialpolicy.guard.deadline import DEFAULT_RECORD_TIMEOUT

TOKENS_ENV = "SOCIALPOLICY_TOKENS"
"""Environment variable holding accepted bearer tokens, separated by commas or whitespace."""


class Limits(Frozen):
    """What one request may ask of the service; over a limit the request gets a 413 or 504."""

    max_body_bytes: int = Field(
        default=10_000_000, ge=1, description="Largest request body, in bytes."
    )
    max_post_chars: int = Field(
        default=20_000, ge=1, description="Longest post text, in characters."
    )
    max_batch_records: int = Field(
        default=10_000, ge=1, description="Most records one `check` request may hold."
    )
    request_seconds: float = Field(
        default=30.0, gt=0, description="Time one request may take before it is cut off."
    )
    record_seconds: float = Field(
        default=DEFAULT_RECORD_TIMEOUT,
        ge=0,
        description="Time one record of a `check` batch may take to judge (0: no limit); a "
        "record over it is an error line (`record_timeout`) and the rest are judged. Judging "
        "runs in worker threads, where the budget is measured when the record finishes: the "
        "request's own limit is what cuts a stall short.",
    )


class Settings(Frozen):
    """The service's configuration (the `serve` command's flags)."""

    packs: tuple[str, ...] = Field(
        default=(), description="Pack names or directories to serve; empty: every built-in pack."
    )
    engine: Literal["auto", "durable", "reference"] = "auto"
    log: str | None = Field(
        default=None, description="Decision log (SQLite path or postgresql:// URL), or none."
    )
    limits: Limits = Limits()
    tokens: tuple[str, ...] = Field(
        default=(), description="Accepted bearer tokens; empty: no authentication."
    )


def read_tokens(token_file: Path | None, env: dict[str, str] | None = None) -> tuple[str, ...]:
    """Tokens from a file (one a line, `#` comments) and from $SOCIALPOLICY_TOKENS.

    Raises ConfigError when the file cannot be read or a token is too short to be a secret.
    """
    environ = os.environ if env is None else env
    found: list[tuple[str, Location]] = []
    if token_file is not None:
        try:
            text = token_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(
                f"cannot read the token file: {exc}", Location(file=str(token_file))
            ) from None
        for n, line in enumerate(text.splitlines(), start=1):
            token = line.split("#", 1)[0].strip()
            if token:
                found.append((token, Location(file=str(token_file), line=n)))
    for token in environ.get(TOKENS_ENV, "").replace(",", " ").split():
        found.append((token, Location(field=TOKENS_ENV)))
    for token, where in found:
        if len(token) < 16:
            raise ConfigError(
                "a bearer token must be at least 16 characters long",
                where,
                suggestion="generate one with `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`",
            )
    return tuple(dict.fromkeys(t for t, _ in found))
