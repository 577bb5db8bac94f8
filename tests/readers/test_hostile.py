"""Hostile input: every reader answers with records and InputErrors, never anything else.

For each format, hypothesis writes an export whose middle record is garbage (random bytes,
JSON of the wrong shape with the platform's own field names, nesting 10,000 deep, numbers
past every limit) between two good records. The reader may refuse the export with an
InputError naming the file, or read it: then every problem is a BadRecord holding an
InputError with the file and the record's line or index, and, when the garbage is still
JSON (the array goes on after it), both good records are read.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _platforms import FORMATS, ITEM, Spec, car_bytes, write
from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputError
from socialpolicy.readers import ExportRecord, ReaderOptions, open_export

GOOD = [
    Spec(id="aaaa1", text="Out at the community league tonight", when=datetime(2024, 5, 1, tzinfo=UTC)),
    Spec(id="zzzz9", text="Trail clean-up on Saturday", when=datetime(2024, 5, 2, tzinfo=UTC)),
]  # fmt: skip
# Field names the readers look for, so that garbage reaches their mapping code.
KEYS = st.sampled_from(
    ["tweet", "id", "id_str", "full_text", "text", "created_at", "entities", "urls",
     "user_mentions", "hashtags", "extended_entities", "media", "ext_alt_text", "type",
     "quoted_status", "in_reply_to_status_id_str", "in_reply_to_screen_name", "object",
     "content", "summary", "published", "to", "cc", "inReplyTo", "attachment", "tag", "name",
     "mediaType", "url", "uri", "value", "$type", "createdAt", "reply", "parent", "embed",
     "images", "alt", "external", "record", "facets", "features", "data", "post",
     "timestamp", "attachments", "external_context", "description", "title",
     "creation_timestamp", "media_metadata", "photo_metadata", "exif_data", "latitude",
     "visibility", "media_attachments", "mentions", "tags", "acct", "reblog", "spoiler_text",
     "in_reply_to_id", "account"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63) + 1, 2**63 - 1)  # 64-bit: the parser's integers (docs)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["Create", "Note", "app.bsky.feed.post", "app.bsky.embed.images",
                       "photo", "public", "2024-05-01T10:00:00Z", "Wed Oct 10 20:19:24 +0000 2018",
                       "at://did:plc:x/app.bsky.feed.post/3k", "", "\u200b", "ÃƒÂ©", "&amp;"])
    | st.text(max_size=12)
)  # fmt: skip
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(KEYS | st.text(max_size=5), inner, max_size=5),
    max_leaves=25,
)  # fmt: skip
DEEP = st.integers(33, 10_000).map(lambda n: "[" * n + "]" * n)
HUGE = st.sampled_from(
    ["1" + "0" * 400, "-" + "9" * 5000, "1e999", "-1e400", "123456789012345678901234567890",
     "1.5e308", "NaN", "Infinity", "0." + "1" * 300]
)  # fmt: skip


@st.composite
def garbage(draw: st.DrawFn) -> tuple[bytes | Any, bool]:
    """(the middle record, whether it is still valid JSON the array goes on after)."""
    kind = draw(st.sampled_from(["json", "json", "deep", "huge", "bytes", "text"]))
    if kind == "json":
        return draw(JSONISH), True
    if kind == "deep":
        return draw(DEEP).encode(), True
    if kind == "huge":
        number = draw(HUGE)
        return ('{"tweet": {"id_str": "5", "full_text": ' + number + "}}").encode(), False
    if kind == "bytes":
        return draw(st.binary(min_size=1, max_size=60)), False
    return draw(st.text(max_size=40)).encode("utf-8", "surrogatepass"), False


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def _read_all(path: Path, fmt: str, options: ReaderOptions | None) -> list[Any] | None:
    """Every item, or None when the export is refused (with an InputError naming it)."""
    try:
        export = open_export(str(path), fmt, options)
        items = list(export.records())
    except InputError as exc:
        assert exc.location.file, exc
        return None
    for item in items:
        assert isinstance(item, ExportRecord | BadRecord)
        if isinstance(item, BadRecord):
            assert isinstance(item.error, InputError), item.error
            assert item.file and item.error.location.file, item.error
            assert item.line >= 0
    return items


def _tabular(garbage_value: bytes | Any) -> bytes | list[str]:
    if isinstance(garbage_value, bytes):
        return garbage_value
    return ["x", str(garbage_value), str(garbage_value), "", "", "1"]


def _good_ids(items: list[Any]) -> list[str]:
    return [i.post.id for i in items if isinstance(i, ExportRecord)]


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(bad=garbage())
def test_a_hostile_record_costs_only_itself(fmt: str, bad: tuple[bytes | Any, bool]) -> None:
    from _platforms import COLUMNS

    value, still_json = bad
    good = [ITEM[fmt](s) for s in GOOD]
    if fmt in ("csv", "tsv"):
        middle: Any = _tabular(value)
        # A stray quote or carriage return opens or ends a cell across rows: CSV cannot
        # tell where the garbage stops. Otherwise each row stands alone.
        still_json = not isinstance(middle, bytes) or not set(middle) & set(b'"\r')
    elif fmt == "bluesky-car":
        middle = (
            value
            if isinstance(value, bytes)
            else {"uri": "at://x/app.bsky.feed.post/3m", "value": value}
        )
        still_json = True  # a block stands alone: a bad one never hides the next
    else:
        middle = value
    options = ReaderOptions(columns=COLUMNS) if fmt in ("csv", "tsv") else None
    with TemporaryDirectory() as tmp:
        path, name = write(fmt, Path(tmp), [good[0], middle, good[1]])
        items = _read_all(path, name, options)
    assert items is not None, "a bad record in the middle does not refuse the export"
    ids = _good_ids(items)
    assert len(ids) >= 1, "the record before the bad one is read"
    if still_json:
        assert len(ids) >= 2, [str(i.error) for i in items if isinstance(i, BadRecord)]


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.binary(max_size=300), seed=st.integers(0, 2**32))
def test_random_bytes_as_a_whole_export_give_input_errors_only(
    fmt: str, data: bytes, seed: int
) -> None:
    with TemporaryDirectory() as tmp:
        path, name = write(fmt, Path(tmp), [])
        target = path if path.is_file() else _main_file(path, fmt)
        if fmt == "bluesky-car":
            # Random bytes, or a real repository with some of its bytes changed.
            raw = bytearray(car_bytes([ITEM["bluesky"](s) for s in GOOD]))
            rng = random.Random(seed)
            for _ in range(rng.randint(1, 8)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            data = bytes(raw) if seed % 2 else data
        target.write_bytes(data)
        _read_all(path, name, None)


def _main_file(root: Path, fmt: str) -> Path:
    return {
        "x-archive": root / "data" / "tweets.js",
        "mastodon": root / "outbox.json",
        "facebook": root / "your_facebook_activity" / "posts" / "your_posts_1.json",
        "instagram": root / "your_instagram_activity" / "content" / "posts_1.json",
    }[fmt]


PROFILE_FILES = {
    "x-archive": ["data/account.js", "data/profile.js", "data/screen-name-change.js"],
    "mastodon": ["actor.json"],
    "facebook": ["personal_information/profile_information/profile_information.json"],
    "instagram": [
        "personal_information/personal_information/personal_information.json",
        "personal_information/personal_information/profile_changes.json",
    ],
}


@pytest.mark.parametrize("fmt", sorted(PROFILE_FILES))
@SETTINGS
@given(value=JSONISH, raw=st.none() | st.binary(max_size=80), which=st.integers(0, 2))
def test_a_hostile_profile_file_is_a_problem_and_the_posts_are_still_read(
    fmt: str, value: Any, raw: bytes | None, which: int
) -> None:
    import json

    with TemporaryDirectory() as tmp:
        path, name = write(fmt, Path(tmp), [ITEM[fmt](s) for s in GOOD])
        files = PROFILE_FILES[fmt]
        target = Path(path) / files[which % len(files)]
        target.parent.mkdir(parents=True, exist_ok=True)
        body = raw if raw is not None else json.dumps(value).encode()
        if fmt == "x-archive" and raw is None:
            body = b"window.YTD.account.part0 = " + body
        target.write_bytes(body)
        items = _read_all(path, name, None)
    assert items is not None
    assert len(_good_ids(items)) == 2
