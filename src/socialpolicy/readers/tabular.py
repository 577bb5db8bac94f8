"""CSV and TSV: one post a row, columns mapped to the contract's fields.

The header names the columns. A column named like a field (`id`, `text`, `created_at`,
`url`, `visibility`, `platform`) or like a common alias (`content`, `body`, `message`;
`post_id`; `date`, `timestamp`, `published`) maps itself; others are mapped with
`--map FIELD=COLUMN` or a mapping file. Fields a row may fill: id, text, created_at, url,
visibility, platform, in_reply_to.author, in_reply_to.text, media.alt_text (one image a
row), media.caption, links/mentions/hashtags (separated by spaces), and the account's
handle and display_name (`account.handle`, `account.display_name`). Every column not
mapped is kept in extras. Rows are read one at a time; errors give the file line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputSyntaxError, InputValidationError, Location
from socialpolicy.readers.base import Export, ExportRecord, Item, Problems, build_post, parse_when
from socialpolicy.readers.options import ReaderOptions

FIELDS = (
    "id",
    "text",
    "created_at",
    "url",
    "visibility",
    "platform",
    "in_reply_to.author",
    "in_reply_to.text",
    "media.alt_text",
    "media.caption",
    "links",
    "mentions",
    "hashtags",
    "account.handle",
    "account.display_name",
)
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "post_id", "tweet_id", "status_id"),
    "text": ("text", "content", "body", "message", "full_text", "post"),
    "created_at": ("created_at", "date", "timestamp", "published", "posted_at", "time"),
    "url": ("url", "link", "permalink"),
    "visibility": ("visibility",),
    "platform": ("platform", "network"),
}
csv.field_size_limit(1_000_000)
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape decoding


class ColumnMapping(Frozen):
    """A mapping file (YAML or JSON): which column holds which field."""

    columns: dict[str, str] = Field(
        default_factory=dict, description="Field (id, text, created_at, ...) -> column name."
    )
    timezone: str | None = Field(
        default=None, description="IANA zone for times without an offset (America/Edmonton)."
    )
    delimiter: str | None = Field(
        default=None, description="The column separator; default from the file."
    )


def load_mapping(path: str) -> ColumnMapping:
    from pydantic import ValidationError

    from socialpolicy._yaml import parse
    from socialpolicy.errors import PackSyntaxError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputSyntaxError(f"cannot read: {exc}", Location(file=path)) from None
    try:
        located = parse(text, path)
    except PackSyntaxError as exc:
        raise InputSyntaxError(exc.message, exc.location) from None
    try:
        mapping = ColumnMapping.model_validate(located.data or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        raise InputValidationError(
            f"invalid mapping file: {err['msg']}", located.location(loc)
        ) from None
    bad = sorted(set(mapping.columns) - set(FIELDS))
    if bad:
        raise InputValidationError(
            f"unknown field {bad[0]!r} in the mapping (fields: {', '.join(FIELDS)})",
            Location(file=path, field=f"columns.{bad[0]}"),
        )
    return mapping


def resolve_columns(header: list[str], given: Mapping[str, str]) -> dict[str, str]:
    """Field -> column: the given mapping, then columns named like a field or an alias."""
    out = dict(given)
    lower = {h.strip().casefold(): h for h in header}
    for fld in FIELDS:
        if fld in out:
            continue
        for alias in ALIASES.get(fld, (fld,)):
            if alias in lower:
                out[fld] = lower[alias]
                break
    return out


def open_export(path: str, options: ReaderOptions, delimiter: str | None = None) -> Export:
    sep = options.delimiter or delimiter or ("\t" if path.lower().endswith(".tsv") else ",")

    def records() -> Iterator[Item]:
        try:
            handle = Path(path).open("rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            yield BadRecord(
                path,
                0,
                InputSyntaxError(f"cannot open: {exc.strerror or exc}", Location(file=path)),
            )
            return
        with (
            handle,
            # A byte that is not UTF-8 is kept as a lone surrogate, so it costs its row only.
            io.TextIOWrapper(
                handle, encoding="utf-8-sig", newline="", errors="surrogateescape"
            ) as text,
        ):
            reader = csv.reader(text, delimiter=sep)
            try:
                header = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                yield BadRecord(
                    path,
                    1,
                    InputSyntaxError(f"unreadable header: {exc}", Location(file=path, line=1)),
                )
                return
            if header and any(_NOT_UTF8.search(h) for h in header):
                yield BadRecord(
                    path,
                    1,
                    InputSyntaxError(
                        "the header row is not UTF-8: save the file as UTF-8",
                        Location(file=path, line=1),
                    ),
                )
                return
            if not header:
                yield BadRecord(
                    path,
                    0,
                    InputSyntaxError("no header row: the file is empty", Location(file=path)),
                )
                return
            columns = resolve_columns(header, options.columns)
            missing = [c for c in columns.values() if c not in header]
            if missing:
                yield BadRecord(
                    path,
                    1,
                    InputValidationError(
                        f"the mapping names column {missing[0]!r}, which the header lacks "
                        f"(columns: {', '.join(header)})",
                        Location(file=path, line=1, field=missing[0]),
                    ),
                )
                return
            for fld in ("id", "text", "created_at"):
                if fld not in columns:
                    yield BadRecord(
                        path,
                        1,
                        InputValidationError(
                            f"no column for {fld}: name one with --map {fld}=COLUMN "
                            f"(columns: {', '.join(header)})",
                            Location(file=path, line=1, field=fld),
                        ),
                    )
                    return
            index = {h: i for i, h in enumerate(header)}
            used = set(columns.values())
            while True:
                line = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield BadRecord(
                        path,
                        line,
                        InputSyntaxError(f"unreadable row: {exc}", Location(file=path, line=line)),
                    )
                    continue  # the reader goes on at the next row
                if not any(cell.strip() for cell in row):
                    continue
                bad = next((i for i, cell in enumerate(row) if _NOT_UTF8.search(cell)), None)
                if bad is not None:
                    column = header[bad] if bad < len(header) else None
                    yield BadRecord(
                        path,
                        line,
                        InputSyntaxError(
                            "a byte that is not UTF-8 in this row: save the file as UTF-8",
                            Location(file=path, line=line, field=column),
                        ),
                    )
                    continue
                values = {h: row[i] if i < len(row) else "" for h, i in index.items()}
                yield _row(values, columns, used, options, path, line, len(row) > len(header))

    return Export("tsv" if sep == "\t" else "csv", path, None, records)


def _row(
    values: dict[str, str],
    columns: dict[str, str],
    used: set[str],
    options: ReaderOptions,
    file: str,
    line: int,
    too_long: bool,
) -> Item:
    problems = Problems()
    if too_long:
        problems.add(None, "the row has more cells than the header")
    get = {fld: values[col].strip() for fld, col in columns.items()}
    data: dict[str, Any] = {"id": get["id"], "text": values[columns["text"]]}
    try:
        data["created_at"] = parse_when(get["created_at"], options.timezone)
    except ValueError as exc:
        problems.add(columns["created_at"], str(exc))
    for fld in ("url", "visibility", "platform"):
        if get.get(fld):
            data[fld] = get[fld].lower() if fld == "visibility" else get[fld]
    if get.get("in_reply_to.text") or get.get("in_reply_to.author"):
        data["in_reply_to"] = {
            "author": get.get("in_reply_to.author") or None,
            "text": get.get("in_reply_to.text", ""),
        }
    if get.get("media.alt_text") or get.get("media.caption"):
        data["media"] = [
            {
                "kind": "image",
                "alt_text": get.get("media.alt_text") or None,
                "caption": get.get("media.caption") or None,
            }
        ]
    for fld in ("links", "mentions", "hashtags"):
        if fld in get:
            data[fld] = get[fld].split()
    extras: dict[str, Any] = {k: v for k, v in values.items() if k not in used}
    for fld in ("account.handle", "account.display_name"):
        if get.get(fld):
            extras[fld] = get[fld]
    post = build_post(data, problems, file, line, "invalid row")
    if isinstance(post, BadRecord):
        return _in_column_names(post, columns)
    return ExportRecord(file, line, post, None, extras)


def _in_column_names(bad: BadRecord, columns: dict[str, str]) -> BadRecord:
    """The model's field names (`post.visibility`) as the user's columns (`Audience`)."""
    err = bad.error
    if not isinstance(err, InputValidationError):
        return bad
    renamed = Problems()
    for p in err.problems:
        field_name = p.field.removeprefix("post.") if p.field else None
        renamed.add(columns.get(field_name, p.field) if field_name else None, p.message)
    record = err.location.record
    return BadRecord(bad.file, bad.line, renamed.error("invalid row", bad.file, bad.line, record))
