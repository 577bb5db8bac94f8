"""Properties of every reader: ids survive the trip, and evidence spans index the judged text."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _exports import collect, tweet, write_x_archive
from _policies import shared_policy
from socialpolicy.readers.html_text import html_to_text

POLICY = shared_policy("edmonton")
# Text with the characters exports escape or encode (&, <, >, quotes, accents, emoji) and
# words detectors react to, so spans are exercised, not just empty findings.
WORDS = st.sampled_from(
    ["donate", "campaign", "council", "call", "780-555-0134", "idiot", "&", "<b>", "café",
     "😀", "Commission", "vote", "yes", "\"quoted\"", "#yeg", "@jo"]
)  # fmt: skip
TEXT = st.lists(
    st.one_of(WORDS, st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)),
    min_size=1,
    max_size=12,
).map(" ".join)
IDS = st.lists(
    st.text(alphabet="0123456789abcdef", min_size=1, max_size=19),
    min_size=1,
    max_size=6,
    unique=True,
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spans_point_into_text(text: str, decision_json: str) -> None:
    d = json.loads(decision_json)
    for f in d["findings"]:
        for ev in f["evidence"]:
            if ev["field"] == "text" and ev["span"] is not None:
                assert text[ev["span"]["start"] : ev["span"]["end"]] == ev["text"]


@SETTINGS
@given(ids=IDS, texts=st.lists(TEXT, min_size=6, max_size=6))
def test_x_archive_ids_and_text_round_trip(ids: list[str], texts: list[str]) -> None:
    start = datetime(2024, 5, 1, tzinfo=UTC)
    with TemporaryDirectory() as tmp:
        tweets = [
            tweet(i, t, start + timedelta(hours=n))
            for n, (i, t) in enumerate(zip(ids, texts, strict=False))
        ]
        write_x_archive(Path(tmp), "jo", "Jo", tweets)
        good, bad = collect(tmp)
    assert not bad
    assert [r.post.id for r in good] == ids
    for rec, text in zip(good, texts, strict=False):
        # The archive escapes &, < and >; the reader gives back exactly what was written.
        assert rec.post.text == text
        _spans_point_into_text(rec.post.text, POLICY.evaluate(rec.post).model_dump_json())


@SETTINGS
@given(ids=IDS, paragraphs=st.lists(st.lists(TEXT, min_size=1, max_size=3), min_size=1, max_size=3))
def test_mastodon_html_becomes_the_text_judged_and_ids_survive(
    ids: list[str], paragraphs: list[list[str]]
) -> None:
    html = "".join("<p>" + "<br>".join(escape(line) for line in p) + "</p>" for p in paragraphs)
    items = [
        {"id": f"https://social.example/users/jo/statuses/{i}/activity", "type": "Create",
         "object": {"id": f"https://social.example/users/jo/statuses/{i}", "type": "Note",
                    "published": "2024-05-01T10:00:00Z", "content": html,
                    "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": []}}
        for i in ids
    ]  # fmt: skip
    with TemporaryDirectory() as tmp:
        (Path(tmp) / "outbox.json").write_text(
            json.dumps({"type": "OrderedCollection", "orderedItems": items})
        )
        good, bad = collect(tmp)
    assert not bad
    assert [r.post.id for r in good] == [
        f"https://social.example/users/jo/statuses/{i}" for i in ids
    ]
    for rec in good:
        assert rec.post.text == html_to_text(html)
        # Every line the author wrote is in the judged text, in order.
        pos = 0
        for p in paragraphs:
            for line in p:
                stripped = line.strip()
                if stripped:
                    found = rec.post.text.find(stripped, pos)
                    assert found >= 0, (stripped, rec.post.text)
                    pos = found + len(stripped)
        _spans_point_into_text(rec.post.text, POLICY.evaluate(rec.post).model_dump_json())


CELL = st.lists(
    st.one_of(
        WORDS,
        st.text(
            st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)),
            min_size=1,
            max_size=8,
        ),
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@SETTINGS
@given(
    rows=st.lists(
        st.tuples(st.text(alphabet="abcdef0123", min_size=1, max_size=10), CELL),
        min_size=1,
        max_size=6,
        unique_by=lambda r: r[0],
    )
)
def test_csv_ids_and_cells_round_trip(rows: list[tuple[str, str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "text", "created_at"])
    for rid, text in rows:
        w.writerow([rid, text, "2024-05-01T10:00:00Z"])
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        good, bad = collect(path)
    assert not bad
    assert [(r.post.id, r.post.text) for r in good] == rows
    for rec in good:
        _spans_point_into_text(rec.post.text, POLICY.evaluate(rec.post).model_dump_json())
