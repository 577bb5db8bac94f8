from __future__ import annotations

import shutil
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from _exports import FIXTURES, tweet, write_x_archive
from socialpolicy.batch import BadRecord
from socialpolicy.inputs import MediaKind
from socialpolicy.readers import ExportRecord, detect_format, open_export

ARCHIVE = FIXTURES / "x-archive"


def _records(path: Path | str) -> tuple[list[ExportRecord], list[BadRecord]]:
    good, bad = [], []
    for item in open_export(str(path)).records():
        (good if isinstance(item, ExportRecord) else bad).append(item)
    return good, bad  # type: ignore[return-value]


def test_the_folder_is_detected_and_every_tweet_read() -> None:
    assert detect_format(str(ARCHIVE)) == "x-archive"
    good, bad = _records(ARCHIVE)
    assert not bad
    assert [r.post.id for r in good] == [f"179000000000000000{i}" for i in range(1, 5)]
    assert [r.line for r in good] == [1, 2, 3, 4]
    assert good[0].post.created_at == datetime(2024, 5, 13, 14, 3, 11, tzinfo=UTC)
    assert all(r.post.platform == "x" for r in good)


def test_html_entities_are_decoded_and_entities_mapped() -> None:
    good, _ = _records(ARCHIVE)
    reply = good[1].post
    assert reply.text.startswith("@sam_okoro Thanks & agreed > the budget")
    assert reply.in_reply_to is not None and reply.in_reply_to.author == "@sam_okoro"
    assert reply.links == ("https://www.edmonton.ca/budget",)
    assert reply.mentions == ("@sam_okoro",)
    assert good[0].post.hashtags == ("#yeg",)


def test_media_and_alt_text() -> None:
    good, _ = _records(ARCHIVE)
    (media,) = good[2].post.media
    assert media.kind is MediaKind.IMAGE
    assert media.alt_text == "Bike on a trail above the river at sunset"


def test_platform_fields_are_kept_aside_not_refused() -> None:
    good, _ = _records(ARCHIVE)
    extras = good[0].extras
    assert extras["retweet_count"] == "3" and extras["favorite_count"] == "12"
    assert "full_text" not in extras and "id_str" not in extras


def test_profile_and_rename_history() -> None:
    export = open_export(str(ARCHIVE))
    p = export.profile
    assert p is not None
    assert (p.handle, p.display_name, p.platform_id) == ("@yeg_cyclist", "Pat Lee", "1000001")
    assert p.bio == "Cyclist. Gardener. Views my own."
    assert p.previous_handles == ("@CommrPatLee",)
    assert "email" not in p.extras  # personal data no rule reads is dropped


def test_the_zip_reads_like_the_folder(tmp_path: Path) -> None:
    zipped = tmp_path / "twitter-2024-06-04-abc.zip"
    with zipfile.ZipFile(zipped, "w") as zf:
        for f in ARCHIVE.rglob("*"):
            if f.is_file():
                # Archives from X put everything under the archive's own folder name.
                zf.write(f, "twitter-2024/" + f.relative_to(ARCHIVE).as_posix())
    assert detect_format(str(zipped)) == "x-archive"
    good, bad = _records(zipped)
    assert not bad and len(good) == 4
    assert bad == [] and good[0].file.endswith("!twitter-2024/data/tweets.js")


def test_tweets_js_alone_is_read(tmp_path: Path) -> None:
    target = tmp_path / "tweets.js"
    shutil.copy(ARCHIVE / "data" / "tweets.js", target)
    assert detect_format(str(target)) == "x-archive"
    good, _ = _records(target)
    assert len(good) == 4


def test_a_bad_tweet_is_reported_with_every_problem_and_the_rest_read(tmp_path: Path) -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    broken = tweet("", "x", when, created_at="last Tuesday")
    broken["tweet"].pop("full_text")  # type: ignore[attr-defined]
    write_x_archive(
        tmp_path, "jo", "Jo", [tweet("1", "fine", when), broken, tweet("3", "ok", when)]
    )
    good, bad = _records(tmp_path)
    assert [r.post.id for r in good] == ["1", "3"]
    (b,) = bad
    assert b.line == 2 and b.file.endswith("tweets.js")
    fields = {p.field for p in b.error.problems}  # type: ignore[attr-defined]
    assert fields == {"tweet.id_str", "tweet.full_text", "tweet.created_at"}


def test_truncated_json_keeps_what_came_before(tmp_path: Path) -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    write_x_archive(tmp_path, "jo", "Jo", [tweet("1", "a", when), tweet("2", "b", when)])
    path = tmp_path / "data" / "tweets.js"
    path.write_text(path.read_text()[:-40], encoding="utf-8")
    good, bad = _records(tmp_path)
    assert [r.post.id for r in good] == ["1"]
    assert len(bad) == 1 and "malformed JSON" in bad[0].error.message
