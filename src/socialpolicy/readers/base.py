"""What every export reader yields: judged-ready records, the account's profile, and problems.

A reader turns one platform's own export into `ExportRecord`s (a contract `Post`, plus the
platform's other fields kept aside as `extras`), an `AccountProfile` (what the export says
about the account: handle, names, bio, renames it records), and a `BadRecord` for every
record it cannot use, naming the file, the line or index, and every field that is wrong.
Records are yielded one at a time, so an export of any size is read in one pass.
"""

from __future__ import annotations

import email.utils
import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.batch import BadRecord
from socialpolicy.errors import FieldProblem, InputValidationError, Location
from socialpolicy.inputs import MAX_FIELD_CHARS, Account, Post
from socialpolicy.policy import coerce_post


class AccountProfile(Frozen):
    """An account as an export shows it: the fields a platform knows, no owner facts."""

    platform: str = Field(description="x, mastodon, bluesky, facebook, instagram, csv, json.")
    platform_id: str | None = Field(
        default=None,
        description="The platform's stable id for the account (X account id, Mastodon actor "
        "URI, Bluesky DID); it survives renames.",
    )
    handle: str | None = Field(default=None, max_length=512, description="Current handle.")
    display_name: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    bio: str | None = Field(default=None, max_length=MAX_FIELD_CHARS)
    url: str | None = Field(default=None, max_length=4096)
    previous_handles: tuple[str, ...] = Field(
        default=(), description="Handles the export itself records as changed from."
    )
    previous_display_names: tuple[str, ...] = Field(
        default=(), description="Display names the export itself records as changed from."
    )
    extras: dict[str, Any] = Field(
        default_factory=dict, description="Profile fields no rule reads, kept for the record."
    )

    def apply_to(self, base: Account) -> Account:
        """`base` (owner facts, official, disclaimer) with this profile's fields over it.

        Previous names are the union of both, oldest first, without the current ones.
        """
        # A Bluesky repository knows only its DID: a handle given by the user wins over it.
        own = self.handle if self.handle and not self.handle.startswith("did:") else None
        handle = own or base.handle
        name = self.display_name if self.display_name is not None else base.display_name
        handles = _merge((*base.previous_handles, *self.previous_handles, base.handle), handle)
        names = _merge(
            (
                *base.previous_display_names,
                *self.previous_display_names,
                *((base.display_name,) if base.display_name else ()),
            ),
            name,
        )
        return base.model_copy(
            update={
                "handle": handle,
                "platform": base.platform or self.platform,
                "display_name": name,
                "bio": self.bio if self.bio is not None else base.bio,
                "url": self.url or base.url,
                "previous_handles": handles,
                "previous_display_names": names,
            }
        )


def _merge(names: Sequence[str], current: str | None) -> tuple[str, ...]:
    """Distinct names in order, compared without case and '@', leaving out the current one."""
    seen = {_key(current)} if current else set()
    out: list[str] = []
    for n in names:
        k = _key(n)
        if n and k not in seen:
            seen.add(k)
            out.append(n)
    return tuple(out)


def _key(name: str) -> str:
    return name.strip().lstrip("@").casefold()


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One usable record: where it was read, the post, its own account (JSON/JSONL records
    may carry one), and the platform's fields no rule reads."""

    file: str
    line: int  # the line (JSONL, CSV) or the 1-based index in the export's list
    post: Post
    account: Account | None = None
    extras: Mapping[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


Item = ExportRecord | BadRecord


@dataclass(slots=True)
class Export:
    """An opened export: its format, profile, and a one-pass stream of its records."""

    format: str
    source: str
    profile: AccountProfile | None
    _records: Callable[[], Iterator[Item]]
    problems: list[BadRecord] = field(default_factory=list)

    def records(self) -> Iterator[Item]:
        """Problems found while opening (a bad profile file) first, then every record."""
        yield from self.problems
        yield from self._records()


class Problems:
    """Every problem of one record, so a bad record is reported whole, not field by field."""

    def __init__(self) -> None:
        self.items: list[FieldProblem] = []

    def add(self, field_name: str | None, message: str) -> None:
        self.items.append(FieldProblem(field_name, message))

    def error(self, what: str, file: str, line: int, record: str | None) -> InputValidationError:
        first = self.items[0]
        msg = (
            f"{what}: {first.message}"
            if len(self.items) == 1
            else f"{what}: {len(self.items)} problems"
        )
        return InputValidationError(
            msg,
            Location(file=file, line=line, field=first.field, record=record),
            problems=self.items,
        )


def build_post(
    data: Mapping[str, Any], problems: Problems, file: str, line: int, what: str
) -> Post | BadRecord:
    """A Post from mapped fields; every problem (the reader's and the model's) in one error."""
    record = str(data.get("id")) if data.get("id") else None
    post: Post | None = None
    try:
        post = coerce_post(data, record)
    except InputValidationError as exc:
        reader_found = bool(problems.items)
        for p in exc.problems:
            # A field the reader could not map is missing to the model too: say it once.
            if not (reader_found and p.message == "missing required field"):
                problems.add(p.field, p.message)
    if problems.items or post is None:
        return BadRecord(file, line, problems.error(what, file, line, record))
    return post


# A record of a shape the mapping did not expect (a list where an object belongs, a number
# for a text) costs that record only: these become its InputValidationError.
_SHAPE_ERRORS = (
    TypeError,
    ValueError,
    AttributeError,
    KeyError,
    IndexError,
    RecursionError,
    OverflowError,
)


def convert_safely(
    convert: Callable[[Any, str, int], Item | None], item: Any, file: str, index: int, what: str
) -> Item | None:
    """`convert(item, file, index)`; a field of a shape it cannot map is reported as the
    record's InputValidationError (naming the file and the record), not raised."""
    try:
        return convert(item, file, index)
    except _SHAPE_ERRORS as exc:
        message = f"{what}: a field has a shape the reader cannot map ({type(exc).__name__}: {exc})"
        return BadRecord(
            file,
            index,
            InputValidationError(message[:400], Location(file=file, record=f"item {index}")),
        )


def profile_safely(
    build: Callable[[], AccountProfile | None], file: str, problems: list[BadRecord]
) -> AccountProfile | None:
    """`build()`; a profile file of a shape it cannot map is a problem of the export (the
    posts are still read), never a crash."""
    try:
        return build()
    except _SHAPE_ERRORS as exc:
        problems.append(
            BadRecord(
                file,
                0,
                InputValidationError(
                    f"the profile cannot be read: {type(exc).__name__}: {exc}"[:400],
                    Location(file=file),
                ),
            )
        )
        return None


# -- dates: each platform writes its own ---------------------------------------------------
_X_DATE = "%a %b %d %H:%M:%S %z %Y"  # Wed Oct 10 20:19:24 +0000 2018


def parse_when(value: Any, default_tz: tzinfo | None = None) -> datetime:
    """A timezone-aware datetime from what platforms write.

    ISO 8601 (with `Z`), X's `Wed Oct 10 20:19:24 +0000 2018`, RFC 2822, and Unix
    seconds (Meta). A time without an offset takes `default_tz`; without one it is refused,
    since guessing the zone would move posts across the date that picks the rule versions.
    Raises ValueError with a message for the user.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a date (got {value!r})")
    if isinstance(value, int | float):
        return datetime.fromtimestamp(float(value), tz=UTC)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing date")
    text = value.strip()
    when: datetime | None = None
    if text.isdigit():
        return datetime.fromtimestamp(int(text), tz=UTC)
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            when = datetime.strptime(text, _X_DATE)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                when = None
    if when is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(
            f"not a date socialpolicy reads (got {shown!r}): use ISO 8601 such as "
            "2025-05-04T18:40:00-04:00"
        )
    if when.tzinfo is None:
        if default_tz is None:
            raise ValueError(
                f"{text!r} has no UTC offset: add one, or give the time zone "
                "(--timezone, or `timezone` in the mapping file)"
            )
        when = when.replace(tzinfo=default_tz)
    return when


def fix_meta_text(text: str) -> str:
    """Undo Meta's mis-encoding: its exports write each UTF-8 byte as its own code point.

    `"cafÃ©"` (the Latin-1 reading of UTF-8 bytes) becomes `"café"`. Text that is not of that
    shape (a real `é`, an emoji) is returned as it is: the reversal is exact or not done.
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def fix_meta(value: Any) -> Any:
    """`fix_meta_text` over every string of a parsed JSON value."""
    if isinstance(value, str):
        return fix_meta_text(value)
    if isinstance(value, list):
        return [fix_meta(v) for v in value]
    if isinstance(value, dict):
        return {fix_meta_text(k): fix_meta(v) for k, v in value.items()}
    return value


def content_id(prefix: str, *parts: object) -> str:
    """A stable id for a platform that gives none (Meta): the same post gets the same id in
    every later export, so monitoring knows it has judged it."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}:{h[:20]}"


def cut(value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """Profile text over the model's limit is shortened rather than losing the profile."""
    if value is None:
        return None
    return value if len(value) <= limit else value[: limit - 1] + "…"
