"""The contract's own input: JSON and JSONL records, read strictly as `check` always has.

A record is a Post or `{"post", "account"}` with exactly the fields of DESIGN.md: an unknown
field is an error (it is probably a typo), unlike the platform readers, which keep a
platform's extra fields aside. Errors and their locations are those of `socialpolicy.batch`.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.batch import BadRecord, records
from socialpolicy.errors import InputError
from socialpolicy.readers.base import Export, ExportRecord, Item
from socialpolicy.readers.options import ReaderOptions

FORMAT = "json"


def open_export(path: str, options: ReaderOptions) -> Export:
    from socialpolicy.policy import coerce_record

    def stream() -> Iterator[Item]:
        for rec in records(path):
            if isinstance(rec, BadRecord):
                yield rec
                continue
            try:
                post, account = coerce_record(rec.data, record=None)
            except InputError as exc:
                yield BadRecord(rec.file, rec.line, exc.relocated(file=rec.file, line=rec.line))
                continue
            yield ExportRecord(rec.file, rec.line, post, account)

    return Export(FORMAT, path, None, stream)
