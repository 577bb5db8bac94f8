"""Account detector: member identity and the contact disclaimer (Edmonton 3f).

A disclaimer is read for two things: a contact route (an address, a number, a web form, the
Commission office) and acceptable use information (rules for the audience, how comments are
moderated), each however it is worded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import DETECTORS
from socialpolicy.detectors.account import AccountDetector
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.disclaimer import DisclaimerReading, read_disclaimer
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy


@cache
def policy(name: str = "edmonton") -> Policy:
    return shared_policy(name)


COMMISSIONER: dict[str, Any] = {
    "handle": "@commr.sample",
    "bio": "Commissioner, Edmonton Police Commission.",
    "identifies_as_member": True,
    "owner": {"organisation": "epc", "role": "commissioner"},
}


def ctx_for(disclaimer: str | None, pack: str = "edmonton") -> Context:
    pol = policy(pack)
    post = Post.model_validate({"id": "t", "text": "Hello.", "created_at": "2025-06-01T12:00:00Z"})
    author = Account.model_validate({**COMMISSIONER, "disclaimer": disclaimer})
    return Context(post=post, author=author, account_given=True, resources=pol._resources)


def reading(disclaimer: str, pack: str = "edmonton") -> DisclaimerReading:
    return read_disclaimer(ctx_for(disclaimer, pack), disclaimer)


def lacks(disclaimer: str | None) -> set[str]:
    return {
        h.tag or ""
        for h in AccountDetector().detect(ctx_for(disclaimer))
        if h.signal == "account.disclaimer_lacks"
    }


def test_registered() -> None:
    assert any(isinstance(d, AccountDetector) for d in DETECTORS)


# --- contact routes --------------------------------------------------------------------------

ROUTES = [
    "Write to me at pat.sample@example.ca.",
    "Commission matters: (587) 555-0199.",
    "Commission matters: 587.555.0199 ext 4",
    "Call +1 587 555 0199 for Commission business.",
    "Reach me through the Commission office.",
    "Please contact the Commission at its office downtown.",
    "Use the web form on the Commission site.",
    "DMs open for Commission questions.",
    "More at www.example.ca/commission",
]


@pytest.mark.parametrize("text", ROUTES)
def test_contact_routes(text: str) -> None:
    got = reading(text).contact
    assert got is not None and got.span is not None, text
    assert text[got.span.start : got.span.end] == got.text


NOT_ROUTES = [
    "Views are my own.",
    "Opinions mine, not the Commission's.",
    "In an emergency call 911.",
    "To report a crime dial 911, or the non-emergency line at 587-555-0100.",
    "Call 911 for emergencies.",
]


@pytest.mark.parametrize("text", NOT_ROUTES)
def test_not_contact_routes(text: str) -> None:
    assert reading(text).contact is None, text


# --- acceptable use ---------------------------------------------------------------------------

RULES = [
    # moderation acts on what the audience posts
    "Personal attacks, hate and spam are removed.",
    "I reserve the right to block abusive accounts.",
    "Comments that are offensive will be deleted.",
    "Trolls get muted and threats get reported.",
    "Name-calling is not tolerated here.",
    # conduct norms with an imperative or modal
    "Keep it civil, folks.",
    "Replies must stay respectful.",
    "Respectful discussion only.",
    "Please be courteous to one another.",
    # what is not allowed
    "No insults, no doxxing.",
    # named statements and usage limits
    "House rules apply to all replies.",
    "Comments are moderated.",
    "This account is not monitored 24/7.",
]


@pytest.mark.parametrize("text", RULES)
def test_acceptable_use(text: str) -> None:
    got = reading(text).acceptable_use
    assert got is not None and got.span is not None, text
    assert text[got.span.start : got.span.end] == got.text


NOT_RULES = [
    "Views are my own.",
    "Retweets are not endorsements.",
    "Opinions mine, not the Commission's.",
    "Reach me at pat.sample@example.ca.",
    "Proud to serve my city. Kind regards to all.",
]


@pytest.mark.parametrize("text", NOT_RULES)
def test_not_acceptable_use(text: str) -> None:
    assert reading(text).acceptable_use is None, text


def test_both_packs_read_disclaimers_alike() -> None:
    text = "Email pat.sample@example.ca. Abusive replies are hidden."
    for pack in ("toronto", "edmonton"):
        got = reading(text, pack)
        assert got.contact is not None and got.acceptable_use is not None, pack


# --- signals and rules ------------------------------------------------------------------------


def test_lacks_tags() -> None:
    assert lacks(None) == {"contact", "acceptable_use"}
    assert lacks("Views are my own.") == {"contact", "acceptable_use"}
    assert lacks("Views are my own. Email: pat.sample@example.ca") == {"acceptable_use"}
    assert lacks("Keep it civil; abuse gets blocked.") == {"contact"}
    assert lacks("Email pat.sample@example.ca. Keep it civil; abuse gets blocked.") == set()


def rules_fired(disclaimer: str | None, **extra: Any) -> dict[str, str]:
    account = {**COMMISSIONER, "disclaimer": disclaimer, **extra}
    d = policy().evaluate(
        {"id": "p", "text": "Hello.", "created_at": "2025-06-01T12:00:00Z"}, account=account
    )
    return {f.rule_id: f"{f.level.value}/{f.determinacy.value}" for f in d.findings}


def test_rules_and_levels() -> None:
    # No disclaimer at all is a fact; what a disclaimer lacks is read from its words.
    assert rules_fired(None) == {"epc.3f.disclaimer": "review/deterministic"}
    assert rules_fired("Views are my own.") == {"epc.3f.disclaimer-content": "review/heuristic"}
    ok = "Reach me via the Commission office. Hateful comments are deleted."
    assert rules_fired(ok) == {}
    renamed = {
        "handle": "@gardens.sample",
        "identifies_as_member": False,
        "bio": "Gardens and grandkids.",
        "previous_display_names": ["Commissioner Sample"],
    }
    got = rules_fired("Views are my own.", **renamed)
    assert got.keys() == {"epc.3f.disclaimer-content", "epc.3f.renamed-account"}


# --- properties -------------------------------------------------------------------------------

DISCLAIMERS = ROUTES + NOT_ROUTES + RULES + NOT_RULES


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DISCLAIMERS), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = lacks(text)
    assert lacks(text.upper()) == expected
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(inner))
    zw = data.draw(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff"]))
    assert lacks(text[:i] + zw + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes(text: str) -> None:
    got = reading(text) if text.strip() else DisclaimerReading(None, None)
    for ev in (got.contact, got.acceptable_use):
        if ev is not None:
            assert ev.span is not None and text[ev.span.start : ev.span.end] == ev.text
