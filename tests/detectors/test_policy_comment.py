"""Policy-comment detector: members judging, hinting at or stating Service policy; other
senses of "policy", the law, redirects and official accounts are not such comments."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.policy_comment import PolicyCommentDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = PolicyCommentDetector()
JUDGEMENT = "policy_comment.judgement"
HINT = "policy_comment.hint"
STATEMENT = "policy_comment.statement"


@cache
def policy() -> Policy:
    return sp.load_policy("toronto")


def ctx_for(text: str) -> Context:
    pol = policy()
    post = Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    return Context(
        post=post, author=pol.pack.assumed_account, account_given=False, resources=pol._resources
    )


def signals(text: str) -> dict[str, Any]:
    return dict(run_detectors(ctx_for(text), policy()._catalogue, (DETECTOR,)).values)


def test_registered_and_declared() -> None:
    assert any(isinstance(d, PolicyCommentDetector) for d in DETECTORS)
    assert {s.name for s in DETECTOR.signals} == {JUDGEMENT, HINT, STATEMENT}


JUDGEMENTS = [
    "THE NEW UNIFORM POLICY IS A DISASTER 😤 whoever signed off on it never stood a winter post",
    "this new polcy on court time is honestly rediculous",
    "The promotion process for sergeant this year is an embarrassing mess.",
    "Starting this year our procedure is no warnings for phone-in-hand stops. Personally I'd "
    "say that's long overdue.",
    "This new vacation request policy is garbage. Whoever came up with it should try working "
    "Christmas.",
    "Honestly the service's new beard policy makes zero sense",
    "tps procedures on paid duty are so outdated it's embarrassing",
    "Love the new body-worn camera rollout, about time we had them",
    "HQ's new overtime directive is a slap in the face to every officer on the road.",
    "We were told to stop doing traffic stops on the Gardiner. Absolutely ridiculous.",
    "our new pursuit pol1cy is r1diculous",  # leetspeak
]


@pytest.mark.parametrize("text", JUDGEMENTS)
def test_judgements(text: str) -> None:
    assert signals(text).get(JUDGEMENT, 0) >= 1, text


HINTS = [
    "HQ sent out a new memo on paid duty assignments this morning. Nobody on my platoon is "
    "exactly thrilled 🙃",
    "The command's latest directive on street checks? Don't get me started.",
    "Our new shift rotation policy kicked in today. Interesting times 🙃",
    "Management changed the overtime rules again. Go figure.",
]


@pytest.mark.parametrize("text", HINTS)
def test_hints(text: str) -> None:
    got = signals(text)
    assert got.get(HINT, 0) >= 1 and JUDGEMENT not in got, text


STATEMENTS = [
    "As of this month our procedure is no more courtesy calls for minor collisions.",
    "The new directive says we can't park cruisers at coffee shops anymore lol",
]


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements(text: str) -> None:
    got = signals(text)
    assert got.get(STATEMENT, 0) >= 1 and JUDGEMENT not in got and HINT not in got, text


NOT_COMMENTS = [
    # other senses of "policy" and the law
    "Spring is here 🚲 Ask your insurer whether your renter's policy covers a stolen bike.",
    "Your insurance policy may not cover theft from an unlocked car.",
    "Driving high is impaired driving under the Criminal Code, with the same penalties as "
    "driving drunk.",
    "New Highway Traffic Act rules on stunt driving are in effect July 1: fines up to $10,000.",
    "The City's new bylaw on noise is ridiculous lol",
    "My kid's school policy on phones is a joke",
    "The province's new bail policy is a joke, we arrest the same guys every week.",
    "Check your company's return policy before we get more calls about it.",
    # redirects and working knowledge
    "For the new policy, our Corporate Communications team is the right place to ask.",
    "Our procedure for lost property: drop it at any division front desk.",
    "Ever pictured yourself in uniform? Learn about the hiring process at our recruiting night.",
    "We have a zero tolerance policy for impaired driving. Plan a safe ride home!",
    "Great police work by our team tonight!",
]


@pytest.mark.parametrize("text", NOT_COMMENTS)
def test_not_policy_comments(text: str) -> None:
    assert signals(text) == {}, text


def test_evidence_names_the_policy_and_the_opinion() -> None:
    text = "this new polcy on court time is honestly rediculous"
    out = run_detectors(ctx_for(text), policy()._catalogue, (DETECTOR,))
    assert [e.text for e in out.evidence[JUDGEMENT]] == ["polcy", "rediculous"]


# --- rules ------------------------------------------------------------------------------------

OFFICIAL = {
    "handle": "@TPSNewsroom",
    "official": True,
    "approved": True,
    "owner": {"organisation": "tps", "role": "civilian"},
}
MEMBER = {"handle": "@pc_jones", "owner": {"organisation": "tps", "role": "officer"}}


def levels(text: str, account: dict[str, Any] | None = None) -> dict[str, str]:
    decision = policy().evaluate(
        {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, account=account
    )
    return {f.rule_id: f.level.value for f in decision.findings}


def test_rule_levels() -> None:
    judged = levels(JUDGEMENTS[0], MEMBER)
    assert judged["tps.accounts-represent-us.policy-judgement"] == "violation"
    assert levels(HINTS[0], MEMBER)["tps.accounts-represent-us.policy-comment"] == "review"
    assert levels(STATEMENTS[0])["tps.accounts-represent-us.policy-comment"] == "review"


def test_official_accounts_are_spokespersons() -> None:
    text = "How do we handle noise complaints? Our procedure is to prioritise calls by risk."
    assert levels(text, OFFICIAL) == {}
    # the same explainer from a member's own account is a statement of procedure: a review
    assert levels(text, MEMBER) == {"tps.accounts-represent-us.policy-comment": "review"}


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(JUDGEMENTS + HINTS + NOT_COMMENTS), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = signals(text)
    assert signals(text.upper()) == expected
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(inner))
    zw = data.draw(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff"]))
    assert signals(text[:i] + zw + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_crashes(text: str) -> None:
    out = run_detectors(ctx_for(text), policy()._catalogue, (DETECTOR,))
    for evs in out.evidence.values():
        for e in evs:
            assert e.span is not None and text[e.span.start : e.span.end] == e.text
