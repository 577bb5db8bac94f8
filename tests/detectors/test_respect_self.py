"""Self-deprecation: a mild name the author gives themselves ("I'm such an idiot") in a post
that points at no one else raises `respect.self_directed`, and the offensive-language rules
give way to it. The same name aimed at anyone else, or a post that also names other people,
is read as before."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.respect import RespectDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = RespectDetector()
SIGNAL = "respect.self_directed"
NAMES = ["idiot", "moron", "loser", "clown", "numpty", "bonehead", "knucklehead"]
PLURAL = {"numpty": "numpties"}
SELF_FORMS = [
    "I'm such a {}",
    "I am a total {}",
    "I was a complete {}",
    "We're such {plural}",
]
OTHER_FORMS = ["You're such a {}", "@dan_k is a total {}", "That guy is a complete {}",
               "People who park here are total {}"]  # fmt: skip
MEMBER = {
    "handle": "cst_test", "platform": "x", "display_name": "Cst. Test", "official": False,
    "owner": {"name": "Test", "organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}  # fmt: skip


@cache
def policy(pack: str = "toronto") -> Policy:
    return sp.load_policy(pack)


def values(text: str, pack: str = "toronto") -> dict[str, Any]:
    pol = policy(pack)
    post = Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    ctx = Context(
        post=post, author=pol.pack.assumed_account, account_given=False, resources=pol._resources
    )
    return run_detectors(ctx, pol._catalogue, (DETECTOR,)).values


def treat_others_rules(text: str) -> set[str]:
    d = policy().evaluate({"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, MEMBER)
    return {f.rule_id for f in d.findings if "tps.treat-others" in f.clause_ids}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(SELF_FORMS), st.sampled_from(NAMES), st.sampled_from(["toronto", "edmonton"])
)
def test_a_name_the_author_gives_themselves_is_self_directed(
    form: str, name: str, pack: str
) -> None:
    plural = PLURAL.get(name, name + "s")
    text = form.format(name, plural=plural) + ", forgot my lunch at home again."
    assert values(text, pack).get(SIGNAL), text


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(OTHER_FORMS), st.sampled_from(NAMES))
def test_a_name_given_to_anyone_else_never_is(form: str, name: str) -> None:
    assert not values(form.format(name) + ".").get(SIGNAL)


@pytest.mark.parametrize(
    "text",
    [
        "I'm such an idiot for ever trusting the people on this street.",  # names others
        "I'm an idiot and so are you.",
        "I hate idiots who park in the fire lane.",  # the author is not the one named
        "I have a moron for a neighbour.",
    ],
)
def test_self_deprecation_beside_other_people_is_not_excused(text: str) -> None:
    assert not values(text).get(SIGNAL)


def test_the_model_gives_way_to_self_deprecation_only() -> None:
    assert treat_others_rules("I'm such an idiot, locked my keys in the cruiser again 🤦") == set()
    # Not listed: vulgar or identity words stay the author's use of the word.
    assert "tps.treat-others.offensive-language" in treat_others_rules("I'm basically retarded.")
