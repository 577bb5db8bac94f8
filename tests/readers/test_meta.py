from __future__ import annotations

import json
from pathlib import Path

from _exports import FIXTURES, collect
from socialpolicy.inputs import MediaKind
from socialpolicy.readers import detect_format, open_export
from socialpolicy.readers.base import fix_meta_text

FACEBOOK = FIXTURES / "facebook"
INSTAGRAM = FIXTURES / "instagram"


def test_meta_mojibake_is_reversed_exactly() -> None:
    assert fix_meta_text("caf\u00c3\u00a9") == "café"
    assert fix_meta_text("\u00f0\u009f\u0098\u0080") == "😀"
    assert fix_meta_text("café") == "café"  # not of that shape: left alone
    assert fix_meta_text("plain") == "plain"


def test_facebook_posts_text_media_links_and_a_bad_record() -> None:
    assert detect_format(str(FACEBOOK)) == "facebook"
    good, bad = collect(FACEBOOK)
    assert good[0].post.text == "Merci à tous — great café chat about community safety ☕"
    assert good[1].post.media[0].kind is MediaKind.IMAGE
    assert good[1].post.media[0].caption == "Volunteers at the clean-up"
    assert good[2].post.links == ("https://www.example.org/news/2024/05/04/library",)
    (b,) = bad
    assert b.line == 4
    assert [p.field for p in b.error.problems] == ["timestamp"]  # type: ignore[attr-defined]


def test_facebook_ids_are_stable_across_exports(tmp_path: Path) -> None:
    first, _ = collect(FACEBOOK)
    posts = json.loads((FACEBOOK / "your_facebook_activity/posts/your_posts_1.json").read_text())
    newer = [{"timestamp": 1715000000, "data": [{"post": "A newer post"}]}, *posts]
    path = tmp_path / "your_posts_1.json"
    path.write_text(json.dumps(newer))
    second, _ = collect(path, "facebook")
    assert [r.post.id for r in second[1:]] == [r.post.id for r in first]


def test_facebook_profile_with_previous_name() -> None:
    p = open_export(str(FACEBOOK)).profile
    assert p is not None
    assert p.display_name == "Pat Lée"
    assert p.previous_display_names == ("Commissioner Pat Lee",)
    assert p.handle == "@pat.lee.yeg"


def test_instagram_posts_captions_geotags_and_username_change() -> None:
    assert detect_format(str(INSTAGRAM)) == "instagram"
    good, bad = collect(INSTAGRAM)
    assert not bad
    assert good[0].post.text == "Sunset from the legislature grounds 🌅"
    loc = good[0].post.media[0].location
    assert loc is not None and (loc.lat, loc.lon) == (53.5461, -113.4938)
    assert [m.kind for m in good[1].post.media] == [MediaKind.IMAGE, MediaKind.VIDEO]
    p = open_export(str(INSTAGRAM)).profile
    assert p is not None
    assert (p.handle, p.display_name) == ("@pat.outdoors", "Pat Lée")
    assert p.previous_handles == ("@commr.patlee",)
