"""Platform export readers: X archives, Mastodon, Bluesky, Facebook, Instagram, CSV/TSV, JSON.

`open_export(path, fmt=None)` opens an export with the reader named by `fmt` (the `--from`
names in `FORMAT_NAMES`) or the one detected from the file; `Export.records()` then streams
`ExportRecord`s and `BadRecord`s, and `Export.profile` is what it says about the account.
"""

from socialpolicy.readers.base import AccountProfile, Export, ExportRecord, Item, parse_when
from socialpolicy.readers.options import ReaderOptions
from socialpolicy.readers.registry import (
    FORMAT_NAMES,
    READERS,
    detect_format,
    is_export_dir,
    open_export,
    reader,
)

__all__ = [
    "FORMAT_NAMES",
    "READERS",
    "AccountProfile",
    "Export",
    "ExportRecord",
    "Item",
    "ReaderOptions",
    "detect_format",
    "is_export_dir",
    "open_export",
    "parse_when",
    "reader",
]
