from __future__ import annotations

from pathlib import Path

import pytest

from _exports import FIXTURES, collect
from socialpolicy.errors import InputSyntaxError
from socialpolicy.readers import ReaderOptions, detect_format, open_export

CAR = FIXTURES / "bluesky" / "repo.car"
JSON = FIXTURES / "bluesky" / "posts.json"
DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"


def test_car_repository_walks_the_tree_for_posts_only() -> None:
    assert detect_format(str(CAR)) == "bluesky"
    good, bad = collect(CAR)
    assert not bad
    assert [r.post.id for r in good] == [
        f"at://{DID}/app.bsky.feed.post/3kr5aaaaaaa2{c}" for c in "abc"
    ]  # the like record and the profile are not posts
    assert good[0].post.hashtags == ("#yeg",)
    assert good[1].post.text == "Snow clearing crews out early ❄️"
    assert good[1].post.media[0].alt_text == "Plough on a residential street"
    assert good[2].extras["quoted"] == "at://did:plc:other/app.bsky.feed.post/3kxyz"
    assert good[0].post.url == f"https://bsky.app/profile/{DID}/post/3kr5aaaaaaa2a"


def test_car_profile_and_given_handle() -> None:
    p = open_export(str(CAR)).profile
    assert p is not None
    assert (p.display_name, p.platform_id, p.handle) == ("Sam Okoro", DID, DID)
    named = open_export(str(CAR), options=ReaderOptions(handle="@sam.example.com")).profile
    assert named is not None and named.handle == "@sam.example.com"


def test_list_records_json_with_facets_and_replies() -> None:
    assert detect_format(str(JSON)) == "bluesky"
    good, bad = collect(JSON)
    assert not bad
    assert good[0].post.links == ("https://example.org/budget/2024/notes",)  # full, not the …
    assert good[1].post.media[0].alt_text == "The bridge at sunrise"
    reply = good[2].post.in_reply_to
    assert reply is not None and reply.author == "did:plc:other"
    p = open_export(str(JSON)).profile
    assert p is not None and p.handle == "@sam.example.com"


def test_a_file_that_is_not_a_car_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "repo.car"
    bad.write_bytes(CAR.read_bytes()[:200])
    try:
        open_export(str(bad), "bluesky")
    except InputSyntaxError as exc:
        assert exc.location.file == str(bad)
    else:
        raise AssertionError("a cut CAR file was read")


def test_a_car_cut_short_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    cut = tmp_path / "cut.car"
    raw = CAR.read_bytes()
    cut.write_bytes(raw[: len(raw) - 5])
    with pytest.raises(InputSyntaxError) as exc:
        open_export(str(cut), "bluesky")
    assert "cut short" in exc.value.message and exc.value.location.file == str(cut)
