"""The watch list: which accounts to monitor, by which pack, and where their exports are.

A YAML file (schema: `schemas/watchlist.schema.json`):

    log: monitoring.db                # optional; --log wins
    accounts:
      - id: commr-lee                 # stable key: survives renames
        policy: edmonton
        owner: {name: Pat Lee, organisation: epc, role: commissioner}
        sources:
          - path: exports/lee/twitter-*.zip   # a file, folder or glob; relative to this file
            from: x-archive                   # optional: detected when omitted

Paths are relative to the watch list's folder. A glob that matches several files (successive
exports) reads them in sorted order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from socialpolicy._model import Frozen
from socialpolicy.errors import Location, PackSyntaxError, WatchListError
from socialpolicy.inputs import MAX_FIELD_CHARS, MAX_TEXT_CHARS, Owner

FormatName = Literal[
    "x-archive", "mastodon", "bluesky", "facebook", "instagram", "csv", "tsv", "json"
]


class Source(Frozen):
    """Where an account's posts are read from: an export file or folder, or a glob of them."""

    path: str = Field(
        min_length=1,
        description="A file, folder or glob (exports/lee/*.zip), relative to the watch list.",
    )
    from_: FormatName | None = Field(
        default=None,
        alias="from",
        description="The export's format; detected from the file when omitted.",
    )
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="CSV/TSV only: field -> column name (text: Body, created_at: Date).",
    )
    timezone: str | None = Field(
        default=None, description="IANA zone for times written without an offset (CSV)."
    )


class WatchedAccount(Frozen):
    """One account to monitor: who runs it (the owner facts the packs bind) and its sources."""

    id: str = Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        max_length=200,
        description="A stable key for the account (kept in the log; survives renames).",
    )
    name: str | None = Field(
        default=None, max_length=MAX_FIELD_CHARS, description="A label for people."
    )
    policy: str = Field(min_length=1, description="Built-in pack name or pack directory.")
    owner: Owner = Field(description="Who runs the account.")
    handle: str | None = Field(
        default=None,
        max_length=512,
        description="The handle, when the export does not give it (a Bluesky repository).",
    )
    platform: str | None = Field(default=None, max_length=100)
    official: bool = Field(default=False, description="An official presence of the organisation?")
    approved: bool | None = Field(default=None, description="Was the official presence approved?")
    identifies_as_member: bool | None = Field(
        default=None, description="null: infer from display name, bio and handle."
    )
    disclaimer: str | None = Field(
        default=None, max_length=MAX_TEXT_CHARS, description="Its pinned or linked disclaimer."
    )
    previous_handles: tuple[str, ...] = Field(
        default=(), description="Earlier handles known from elsewhere (the log learns the rest)."
    )
    previous_display_names: tuple[str, ...] = Field(default=())
    sources: tuple[Source, ...] = Field(min_length=1, description="Where its posts are read from.")


class WatchList(Frozen):
    """Accounts to monitor, run with `socialpolicy monitor WATCHLIST --log LOG`."""

    log: str | None = Field(
        default=None, description="Decision log (SQLite path or postgresql:// URL); --log wins."
    )
    fail_on: Literal["advice", "review", "violation"] | None = Field(
        default=None, description="Exit 1 when a new finding reaches this level (default review)."
    )
    accounts: tuple[WatchedAccount, ...] = Field(min_length=1)

    @field_validator("accounts")
    @classmethod
    def _unique(cls, value: tuple[WatchedAccount, ...]) -> tuple[WatchedAccount, ...]:
        seen: set[str] = set()
        for acc in value:
            if acc.id in seen:
                raise ValueError(f"account id {acc.id!r} appears twice")
            seen.add(acc.id)
        return value


def load_watchlist(path: str | Path) -> tuple[WatchList, Path]:
    """The watch list and the folder its relative paths start from; errors name the line."""
    from socialpolicy._yaml import parse

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchListError(f"cannot read the watch list: {exc}", Location(file=name)) from None
    try:
        located = parse(text, name)
    except PackSyntaxError as exc:
        raise WatchListError(exc.message, exc.location) from None
    try:
        wl = WatchList.model_validate(located.data or {})
    except ValidationError as exc:
        errs = exc.errors()
        first = errs[0]
        loc = tuple(first["loc"])
        where = located.location(loc)
        msg = str(first["msg"]).removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "unknown field"
        elif first["type"] == "missing":
            msg = "missing required field"
        more = f" (and {len(errs) - 1} more problem(s))" if len(errs) > 1 else ""
        raise WatchListError(f"invalid watch list: {msg}{more}", where) from None
    return wl, Path(path).resolve().parent
