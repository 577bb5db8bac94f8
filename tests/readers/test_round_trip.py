"""Round trips: posts generated as each platform's records, written in its export format,
read back into the Posts they were (text, ids, times, replies, alt text, extras aside), with
evidence spans that index the judged text.

Texts carry what exports mangle: HTML's special characters and entity-like text (X and
Mastodon escape them), accents and emoji (Meta writes them as mis-encoded UTF-8), zero-width
characters, quotes, separators and new lines (CSV and TSV quote them).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _platforms import COLUMNS, DID, FORMATS, ITEM, OTHER_DID, Spec, car_bytes, write
from _policies import shared_policy
from socialpolicy.batch import BadRecord
from socialpolicy.readers import ExportRecord, ReaderOptions, open_export
from socialpolicy.readers.base import content_id

POLICY = shared_policy("edmonton")
WORDS = st.sampled_from(
    ["donate", "campaign", "idiot", "780-555-0134", "&", "&amp;", "&lt;b&gt;", "<b>", "a<b",
     "café", "Ünïcödé", "😀", "👍🏽", "\u200b", "zero\u200dwidth", "\ufeff", "\u00a0", "'", '"',
     "\\", ",", ";", "\t", "#yeg", "@jo", "&#39;", "&copy", "naïve"]
)  # fmt: skip
CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
LINE = st.lists(
    st.one_of(WORDS, st.text(CHARS, min_size=1, max_size=6)), min_size=1, max_size=8
).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
# Mastodon paragraphs: a paragraph's outer spaces are not the author's text in HTML.
PARAGRAPH = LINE.map(str.strip).filter(lambda p: bool(p) and "\t" not in p)
WHEN = st.integers(1_420_070_400, 1_893_456_000).map(lambda s: datetime.fromtimestamp(s, UTC))
USER = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=15)
ALT = st.text(CHARS, min_size=1, max_size=20).filter(lambda a: a.strip() == a and a != "")


@st.composite
def specs(draw: st.DrawFn, paragraphs: bool = False) -> list[Spec]:
    ids = draw(
        st.lists(st.text("abcdefghijklmnopqrstuvwxyz234567", min_size=4, max_size=13),
                 min_size=1, max_size=4, unique=True)
    )  # fmt: skip
    out = []
    for i in ids:
        paras: tuple[str, ...] = ()
        if paragraphs:
            paras = tuple(draw(st.lists(PARAGRAPH, min_size=1, max_size=3)))
            text = "\n\n".join(paras)
        else:
            text = draw(TEXT)
        out.append(
            Spec(
                id=i,
                text=text,
                when=draw(WHEN),
                reply_to=draw(st.none() | USER),
                alts=tuple(draw(st.lists(ALT, max_size=2))),
                quoted=draw(st.none() | LINE),
                extra=draw(st.integers(0, 10_000)),
                paragraphs=paras,
            )
        )
    return out


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def _read(path: Path, fmt: str, options: ReaderOptions | None = None) -> list[ExportRecord]:
    good, bad = [], []
    for item in open_export(str(path), fmt, options).records():
        (good if isinstance(item, ExportRecord) else bad).append(item)
    assert not bad, [str(b.error) for b in bad if isinstance(b, BadRecord)]
    return good  # type: ignore[return-value]


def _spans_index_the_text(rec: ExportRecord) -> None:
    decision = json.loads(POLICY.evaluate(rec.post).model_dump_json())
    for finding in decision["findings"]:
        for ev in finding["evidence"]:
            if ev["field"] == "text" and ev["span"] is not None:
                s = ev["span"]
                assert rec.post.text[s["start"] : s["end"]] == ev["text"]


def _alts(rec: ExportRecord) -> tuple[str | None, ...]:
    return tuple(m.alt_text for m in rec.post.media)


def _check(fmt: str, spec: Spec, rec: ExportRecord) -> None:
    """What the reader of `fmt` must give back for `spec`."""
    post = rec.post
    assert post.created_at == spec.when
    if fmt in ("facebook", "instagram"):
        # Meta gives no ids: one from the time and text, the same in every later export.
        assert post.text == spec.text
        if fmt == "facebook":
            assert post.id == content_id("facebook", int(spec.when.timestamp()), spec.text)
            assert tuple(m.caption for m in post.media) == spec.alts
            assert rec.extras["tags"] == [{"name": "Friend"}] * spec.extra
        else:
            assert rec.extras["likes"] == spec.extra
            assert len(post.media) == max(1, len(spec.alts))
        assert post.in_reply_to is None
        return
    reply = post.in_reply_to
    if fmt == "x-archive":
        assert post.id == spec.id and post.text == spec.text
        assert (reply.author if reply else None) == (f"@{spec.reply_to}" if spec.reply_to else None)
        assert _alts(rec) == spec.alts
        assert rec.extras["favorite_count"] == str(spec.extra)
        quoted = rec.extras.get("quoted")
        assert (quoted["text"] if quoted else None) == spec.quoted  # aside, never judged
    elif fmt in ("mastodon", "mastodon-api"):
        assert post.id == f"https://social.example/users/jo/statuses/{spec.id}"
        assert post.text == "\n\n".join(spec.paragraphs)
        assert _alts(rec) == spec.alts
        if fmt == "mastodon":
            assert (reply.author if reply else None) == (
                f"@{spec.reply_to}@other.example" if spec.reply_to else None
            )
            assert rec.extras["likes"] == {"totalItems": spec.extra}
        else:
            assert (reply is not None) == bool(spec.reply_to)
            assert rec.extras["favourites_count"] == spec.extra
        assert rec.extras["content_html"]  # the source HTML, kept aside
    elif fmt in ("bluesky", "bluesky-car"):
        assert post.id == f"at://{DID}/app.bsky.feed.post/{spec.id}"
        assert post.text == spec.text
        assert (reply.author if reply else None) == (OTHER_DID if spec.reply_to else None)
        assert _alts(rec) == spec.alts
        assert rec.extras["langs"] == ["en"]
    elif fmt == "json":
        assert (post.id, post.text) == (spec.id, spec.text)
        assert (reply.author if reply else None) == (f"@{spec.reply_to}" if spec.reply_to else None)
        assert _alts(rec) == spec.alts
    else:  # csv, tsv with a mapping
        assert (post.id, post.text) == (spec.id, spec.text)
        assert (reply.author if reply else None) == (f"@{spec.reply_to}" if spec.reply_to else None)
        assert _alts(rec) == spec.alts[:1]  # one image a row
        assert rec.extras["Likes"] == str(spec.extra)


@pytest.mark.parametrize("fmt", FORMATS)
@SETTINGS
@given(data=st.data())
def test_each_reader_gives_back_the_posts_written(fmt: str, data: st.DataObject) -> None:
    posts = data.draw(specs(paragraphs=fmt.startswith("mastodon")))
    options = ReaderOptions(columns=COLUMNS) if fmt in ("csv", "tsv") else None
    with TemporaryDirectory() as tmp:
        path, name = write(fmt, Path(tmp), [ITEM[fmt](p) for p in posts])
        got = _read(path, name, options)
    if fmt == "bluesky-car":
        # A CAR is read in its blocks' order, which need not be the order of the keys.
        posts = sorted(posts, key=lambda p: p.id)
        got = sorted(got, key=lambda r: r.post.id)
    assert len(got) == len(posts)
    for spec, rec in zip(posts, got, strict=True):
        _check(fmt, spec, rec)
        _spans_index_the_text(rec)


@SETTINGS
@given(posts=specs(), order=st.randoms(use_true_random=False), node_last=st.booleans())
def test_a_car_in_any_block_order_gives_the_same_posts(
    posts: list[Spec], order: object, node_last: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from socialpolicy.readers import bluesky

    assert isinstance(order, random.Random)
    items = [ITEM["bluesky"](p) for p in posts]
    idx = list(range(len(items) + 1))  # the profile's block and each post's
    order.shuffle(idx)
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "repo.car"
        path.write_bytes(car_bytes(items))
        expected = [(r.post, dict(r.extras)) for r in _read(path, "bluesky")]
        path.write_bytes(car_bytes(items, idx, node_last))
        with monkeypatch.context() as m:
            m.setattr(bluesky, "SPILL_AT", 1)  # the bookkeeping goes to disk at once
            export = open_export(str(path), "bluesky")
            got = [(r.post, dict(r.extras)) for r in _read(path, "bluesky")]
    assert export.profile is not None and export.profile.display_name == "Jo"
    assert sorted(got, key=lambda g: g[0].id) == sorted(expected, key=lambda g: g[0].id)
