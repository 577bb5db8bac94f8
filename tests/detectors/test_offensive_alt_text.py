"""The offensive-language model does not read image descriptions (alt text): they say what a
picture shows and address no one. Captions stay the author's remark, and the respect
detector's listed insults still count in alt text (docs/detectors/respect.md)."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.offensive import SIGNAL, OffensiveDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = OffensiveDetector()
RUDE = "This is the stupidest idea ever, a disgrace and pathetic garbage."
# Words the model leans on (tests/detectors/test_offensive.py builds hostile stretches alike).
HOSTILE_WORDS = ["stupid", "disgrace", "garbage", "pathetic", "hate", "trash", "idiots", "women"]


@cache
def policy() -> Policy:
    return shared_policy("toronto")


def raised(alt: str | None = None, caption: str | None = None) -> int:
    media: dict[str, Any] = {"kind": "image"}
    if alt is not None:
        media["alt_text"] = alt
    if caption is not None:
        media["caption"] = caption
    post = Post.model_validate(
        {"id": "t", "text": "Photo from today.", "created_at": "2025-06-01T12:00:00Z",
         "media": [media]}
    )  # fmt: skip
    pol = policy()
    ctx = Context(
        post=post, author=pol.pack.assumed_account, account_given=False, resources=pol._resources
    )
    value = run_detectors(ctx, pol._catalogue, (DETECTOR,)).values.get(SIGNAL, 0)
    assert isinstance(value, int)
    return value


def test_rude_words_raise_it_in_a_caption_not_in_alt_text() -> None:
    assert raised(caption=RUDE) == 1
    assert raised(alt=RUDE) == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_WORDS), min_size=3, max_size=12))
def test_alt_text_never_raises_it(words: list[str]) -> None:
    assert raised(alt=" ".join(words)) == 0


def test_plain_descriptions_of_people_are_not_findings() -> None:
    account = {
        "handle": "cst_test", "platform": "x", "display_name": "Cst. Test", "official": False,
        "owner": {"name": "Test", "organisation": "tps", "role": "officer"},
        "identifies_as_member": True,
    }  # fmt: skip
    for alt in (
        "A woman in a swimsuit lying on a beach towel",
        "Mirror selfie of a sweaty guy in a tank top",
    ):
        d = policy().evaluate(
            {"id": "p", "text": "New week, new goals.", "created_at": "2025-06-01T12:00:00Z",
             "media": [{"kind": "image", "alt_text": alt, "people": []}]},
            account=account,
        )  # fmt: skip
        assert not [f for f in d.findings if "tps.treat-others" in f.clause_ids]


def test_listed_insults_in_alt_text_still_count() -> None:
    d = policy().evaluate(
        {"id": "p", "text": "Some people.", "created_at": "2025-06-01T12:00:00Z",
         "media": [{"kind": "image", "alt_text": "You are a total idiot, @neighbour_dan."}]},
    )  # fmt: skip
    assert any("tps.treat-others" in f.clause_ids for f in d.findings)
