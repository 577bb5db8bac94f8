"""Which reader reads a file: named with `--from`, or detected from the file itself."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from socialpolicy.errors import InputError, InputValidationError, Location, closest
from socialpolicy.readers import bluesky, jsonl, mastodon, meta, tabular, x_archive
from socialpolicy.readers.base import Export
from socialpolicy.readers.bundle import Bundle
from socialpolicy.readers.options import ReaderOptions


@dataclass(frozen=True, slots=True)
class Reader:
    name: str
    description: str
    open: Callable[[str, ReaderOptions], Export]


def _tsv(path: str, options: ReaderOptions) -> Export:
    return tabular.open_export(path, options, delimiter="\t")


READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader(
            "x-archive",
            "X/Twitter archive: the zip or its folder (data/tweets.js)",
            x_archive.open_export,
        ),
        Reader(
            "mastodon",
            "Mastodon export (outbox.json + actor.json) or API statuses",
            mastodon.open_export,
        ),
        Reader(
            "bluesky",
            "Bluesky repository (CAR) or app.bsky.feed.post records (JSON)",
            bluesky.open_export,
        ),
        Reader("facebook", "Facebook 'Download your information' (JSON)", meta.open_facebook),
        Reader("instagram", "Instagram 'Download your information' (JSON)", meta.open_instagram),
        Reader("csv", "CSV with a header row, columns mapped to fields", tabular.open_export),
        Reader("tsv", "TSV with a header row, columns mapped to fields", _tsv),
        Reader("json", "socialpolicy's own JSON or JSONL records (strict)", jsonl.open_export),
    )
}
FORMAT_NAMES = tuple(READERS)


def reader(name: str) -> Reader:
    """The reader named `name`; InputValidationError naming the formats otherwise."""
    key = name.strip().lower()
    if key in ("jsonl", "ndjson"):
        key = "json"
    if key in ("x", "twitter"):
        key = "x-archive"
    if key not in READERS:
        hint = closest(key, READERS)
        raise InputValidationError(
            f"unknown format {name!r} (formats: {', '.join(READERS)})",
            Location(field="--from"),
            suggestion=hint,
        )
    return READERS[key]


def _sniff_text(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(65536)
    except OSError:
        return ""
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect_format(path: str) -> str:
    """The format of `path`, from its name and content. JSON/JSONL when nothing else fits.

    A folder or zip is an export when it holds a platform's marker files (`data/tweets.js`,
    `outbox.json`, `your_posts_1.json`, `posts_1.json`); a file is recognised by its suffix
    (`.car`, `.csv`, `.tsv`) or by the first 64 KiB of its content.
    """
    if path == "-":
        return "json"
    p = Path(path)
    if p.is_dir() or (p.suffix.lower() == ".zip" and zipfile.is_zipfile(p)):
        try:
            bundle = Bundle(path)
        except InputError:
            return "json"
        try:
            for name, found in (
                ("x-archive", x_archive.detect),
                ("mastodon", mastodon.detect),
                ("facebook", meta.detect_facebook),
                ("instagram", meta.detect_instagram),
            ):
                if found(bundle):
                    return name
        finally:
            bundle.close()
        return "json"
    suffix = p.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return suffix[1:]
    if suffix == ".car":
        return "bluesky"
    try:
        with p.open("rb") as fh:
            if bluesky.is_car(fh.read(64)):
                return "bluesky"
    except OSError:
        return "json"  # reported where it is read
    head = _sniff_text(p)
    start = head.lstrip()
    if start.startswith("window.YTD."):
        return "x-archive"
    if not start.startswith(("[", "{")):
        return "json"
    if bluesky.sniff(head):
        return "bluesky"
    if mastodon.sniff(head):
        return "mastodon"
    if meta.sniff_instagram(head):
        return "instagram"
    if meta.sniff_facebook(head) and '"post"' in head:
        return "facebook"
    return "json"


def is_export_dir(path: str) -> bool:
    """A folder `check` should read as one export rather than as a tree of JSON files."""
    return Path(path).is_dir() and detect_format(path) != "json"


def open_export(path: str, fmt: str | None = None, options: ReaderOptions | None = None) -> Export:
    """An export opened with the named reader, or the one `detect_format` picks."""
    name = reader(fmt).name if fmt else detect_format(path)
    if path == "-" and name != "json":
        raise InputValidationError(
            f"standard input is read as JSON or JSONL only: save the {name} export to a file",
            Location(file="<stdin>", field="--from"),
        )
    return READERS[name].open(path, options or ReaderOptions())
