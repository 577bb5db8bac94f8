"""What a reader may be told besides the file: a column mapping, a time zone, a handle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo


@dataclass(frozen=True, slots=True)
class ReaderOptions:
    """Options every reader accepts; each uses the ones that concern it.

    `columns` maps contract fields (`text`, `created_at`, `media.alt_text`...) to CSV/TSV
    column names. `timezone` is used for times written without a UTC offset. `handle`
    names the account when the export does not (a Bluesky repository holds only its DID).
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    timezone: tzinfo | None = None
    handle: str | None = None
    delimiter: str | None = None
