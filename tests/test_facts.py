"""The facts a Policy judges: `judged_facts` is `post_facts` then the account's, in one dict."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.facts import FACTS, account_facts, judged_facts, post_facts
from socialpolicy.inputs import Account, Post

_ACCOUNTS = [
    Account.model_validate(
        {"handle": "@a", "official": True, "owner": {"organisation": "tps", "role": "officer"}}
    ),
    Account.model_validate(
        {"handle": "@b", "disclaimer": "  ", "owner": {"organisation": "other", "role": "other"}}
    ),
]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=80),
    visibility=st.sampled_from(["public", "followers", "private", "direct"]),
    reply=st.booleans(),
    media=st.integers(min_value=0, max_value=3),
    which=st.sampled_from([0, 1]),
    given_=st.booleans(),
)
def test_judged_facts_are_the_post_facts_then_the_account_facts(
    text: str, visibility: str, reply: bool, media: int, which: int, given_: bool
) -> None:
    data = {
        "id": "f",
        "text": text,
        "created_at": "2025-06-01T12:00:00Z",
        "visibility": visibility,
        "media": [{"kind": "image"}] * media,
    }
    if reply:
        data["in_reply_to"] = {"author": "@x", "text": "hi"}
    post = Post.model_validate(data)
    acc = account_facts(_ACCOUNTS[which], given_, which == 0, False)
    want = post_facts(post)
    want.update(acc)
    got = judged_facts(post, acc)
    assert list(got.items()) == list(want.items())
    assert set(got) == set(FACTS)
    assert all(FACTS[k].accepts(v) for k, v in got.items())
