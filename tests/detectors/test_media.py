"""Media detector: what a photo's description says it shows (a restricted document, a
geotagged home tied to its occupants), beside the structured consent and location fields."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.media import MediaDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DOCUMENT = "media.restricted_document"
HOME = "media.located_home"
HERE = {"lat": 43.70011, "lon": -79.41634}


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def signals(text: str, media: list[dict[str, Any]], pack: str = "toronto") -> dict[str, Any]:
    pol = policy(pack)
    post = Post.model_validate(
        {"id": "t", "text": text, "created_at": "2026-06-01T12:00:00Z", "media": media}
    )
    ctx = Context(
        post=post, author=pol.pack.assumed_account, account_given=False, resources=pol._resources
    )
    return dict(run_detectors(ctx, pol._catalogue, (MediaDetector(),)).values)


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    "item",
    [
        {"kind": "image", "alt_text": "A projected slide headed INTERNAL USE ONLY with targets"},
        {"kind": "image", "caption": "the memo, stamped confidential, on the sergeant's desk"},
        {"kind": "image", "alt_text": "A laptop showing a records screen with a woman's history"},
    ],
)
def test_restricted_document_in_media(pack: str, item: dict[str, Any]) -> None:
    assert signals("Interesting morning.", [item], pack).get(DOCUMENT) == 1


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # a public slide, nothing marked
        ("Safety talk tonight.", {"kind": "image", "alt_text": "A slide of tips on bike locks"}),
        # a marking with no document or screen shown
        ("Tip line.", {"kind": "image", "alt_text": "A sign: tips are confidential"}),
        # the marking in the post's text, not in what the media shows
        ("Internal use only memos stay off social media.", {"kind": "image", "alt_text": "A cat"}),
    ],
)
def test_no_restricted_document(text: str, item: dict[str, Any]) -> None:
    assert DOCUMENT not in signals(text, [item])


def test_geotagged_home_tied_to_calls() -> None:
    item = {"kind": "image", "alt_text": "A townhouse with a red door", "location": HERE}
    got = signals("Second time we got called to this one tonight.", [item])
    assert got.get(HOME) == 1


@pytest.mark.parametrize(
    ("text", "item"),
    [
        # a home tied to calls, but no location attached
        ("We got called to this house again.", {"kind": "image", "alt_text": "A house"}),
        # a geotagged home nothing ties to occupants or calls
        ("Painted the porch today!", {"kind": "image", "alt_text": "A house", "location": HERE}),
        # a geotagged call that is not at a home
        ("Called to the park for a lost dog.", {"kind": "image", "location": HERE}),
    ],
)
def test_no_located_home(text: str, item: dict[str, Any]) -> None:
    assert HOME not in signals(text, [item])
