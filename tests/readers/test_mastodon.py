from __future__ import annotations

import json
from pathlib import Path

from _exports import FIXTURES, collect
from socialpolicy.inputs import Visibility
from socialpolicy.readers import detect_format, open_export
from socialpolicy.readers.html_text import html_to_text

EXPORT = FIXTURES / "mastodon"
API = FIXTURES / "mastodon-api" / "statuses.json"


def test_outbox_creates_are_read_and_boosts_skipped() -> None:
    assert detect_format(str(EXPORT)) == "mastodon"
    assert detect_format(str(EXPORT / "outbox.json")) == "mastodon"
    good, bad = collect(EXPORT)
    assert not bad
    assert [r.line for r in good] == [1, 2, 4]  # item 3 is an Announce (someone else's post)
    first = good[0].post
    assert first.id == "https://social.example/users/jo_edm/statuses/111"
    assert first.text == (
        "Spring clean-up in the river valley this Saturday. Bring gloves!\n\nMeeting at 10am #yeg"
    )
    assert first.hashtags == ("#yeg",)


def test_addressing_gives_visibility_and_replies() -> None:
    good, _ = collect(EXPORT)
    reply = good[1].post
    assert reply.visibility is Visibility.FOLLOWERS
    assert reply.in_reply_to is not None and reply.in_reply_to.author == "@alex@other.example"
    assert reply.text == "@alex thanks & see you there\nJo"
    assert reply.mentions == ("@alex@other.example",)


def test_shortened_links_read_in_full_and_content_warning_first() -> None:
    good, _ = collect(EXPORT)
    post = good[2].post
    assert post.text == (
        "long read\n\nRead the full report: "
        "https://www.example.org/reports/2024/community-safety-annual-report"
    )
    assert post.media[0].alt_text == "Cover of the annual report"
    assert good[2].extras["content_html"].startswith("<p>Read the full report")


def test_actor_profile_and_moved_from_account() -> None:
    p = open_export(str(EXPORT)).profile
    assert p is not None
    assert (p.handle, p.display_name) == ("@jo_edm@social.example", "Jo Martin")
    assert p.bio == "Community volunteer & runner. Opinions mine."
    assert p.previous_handles == ("@CommissionerJo@mastodon.example",)


def test_api_statuses() -> None:
    assert detect_format(str(API)) == "mastodon"
    good, bad = collect(API)
    assert not bad
    assert [r.post.visibility for r in good] == [Visibility.PUBLIC, Visibility.DIRECT]
    assert good[0].post.media[0].alt_text == "Library front door with new hours sign"
    assert good[0].extras["reblogs_count"] == 2
    assert good[1].post.mentions == ("@alex@other.example",)
    profile = open_export(str(API)).profile
    assert profile is not None and profile.handle == "@jo_edm"


def test_a_bad_status_names_its_index_and_fields(tmp_path: Path) -> None:
    statuses = json.loads(API.read_text())
    statuses[0]["visibility"] = "everyone"
    statuses[0]["created_at"] = "soon"
    path = tmp_path / "statuses.json"
    path.write_text(json.dumps(statuses))
    good, bad = collect(path, "mastodon")
    assert len(good) == 1
    (b,) = bad
    assert b.line == 1
    assert {p.field for p in b.error.problems} == {"visibility", "created_at"}  # type: ignore[attr-defined]


def test_html_to_text_keeps_text_nodes_and_breaks() -> None:
    assert html_to_text("<p>a &amp; b</p><p>c<br>d</p>") == "a & b\n\nc\nd"
    assert html_to_text("plain") == "plain"
    assert html_to_text("") == ""
