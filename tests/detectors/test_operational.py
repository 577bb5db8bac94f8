"""Operational detector: officer safety and investigation integrity (Toronto privacy), what a
public police update looks like instead, and the rules built on it."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.operational import OperationalDetector, Sentences
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = OperationalDetector()
SAFETY = "operational.officer_safety"
SAFETY_HINT = "operational.officer_safety_hint"
INVESTIGATION = "operational.investigation"
INVESTIGATION_HINT = "operational.investigation_hint"


@cache
def policy(pack: str = "toronto") -> Policy:
    return sp.load_policy(pack)


def ctx_for(text: str, pack: str = "toronto", **post: Any) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z", **post}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(text: str, pack: str = "toronto", **post: Any) -> dict[str, Any]:
    pol = policy(pack)
    return dict(run_detectors(ctx_for(text, pack, **post), pol._catalogue, (DETECTOR,)).values)


def test_registered_and_declared() -> None:
    assert any(isinstance(d, OperationalDetector) for d in DETECTORS)
    names = {s.name for s in DETECTOR.signals}
    assert names == {SAFETY, SAFETY_HINT, INVESTIGATION, INVESTIGATION_HINT}


OFFICER_SAFETY = [
    "ETF is parked around the corner from the stash house on Weston, we breach at 0445.",
    "We're hitting a house in Rexdale at 6am tomorrow, wish us luck",
    "Tactical team staging at the coffee shop on Finch right now, big one going down",
    "Undercover guys are two blocks away from the club, moving in at midnight",
    "Surveillance on the target since Tuesday, takedown planned for Friday night",
    "Plainclothes unit set up outside the bar on King tonight, keep it quiet",
    "Only 3 cars covering all of 23 Div tonight. Skeleton crew.",
    "Nobody covering the east end between 3 and 5, shift change at 0400",
    "ETF hitting the door tomorrow morning, early night for me",
    "lol the door code at the division is still 4521",
    "We switch to channel 4 when the brass is listening",
]


@pytest.mark.parametrize("text", OFFICER_SAFETY)
def test_officer_safety(text: str) -> None:
    assert signals(text).get(SAFETY, 0) >= 1, text


SAFETY_HINTS = [
    "Long night with the entry team. Coffee #3",
    "We are so short staffed it's not even funny.",
    "Fun fact: my sergeant lives on Maple Crescent, right by the rink.",
    "Cameras don't cover the back lot, just saying",
]


@pytest.mark.parametrize("text", SAFETY_HINTS)
def test_officer_safety_hints(text: str) -> None:
    got = signals(text)
    assert got.get(SAFETY_HINT, 0) >= 1 and not got.get(SAFETY), text


INVESTIGATION_LEAKS = [
    "Huge development in the Leslieville stabbing. DNA on the hoodie came back to somebody we "
    "know 😉 Warrant gets signed in the morning.",
    "The suspect's DNA came back as a match, we've got our guy. Arrest coming tomorrow.",
    "Fingerprints matched a guy with a long record. Just waiting on a judge to sign the warrant.",
    "Can't say too much yet but we know who did the Danforth shooting. Charges coming soon 😉",
    "Off the record: the witness said she saw the shooter's face clearly.",
    "Ballistics matched the gun from last week. Charges are coming, trust me.",
]


@pytest.mark.parametrize("text", INVESTIGATION_LEAKS)
def test_investigation_details(text: str) -> None:
    assert signals(text).get(INVESTIGATION, 0) >= 1, text


INVESTIGATION_HINTS = [
    "Someone is going to be arrested very soon for that one",
    "Off the record, the Leslieville stabbing is not what the papers are saying.",
]


@pytest.mark.parametrize("text", INVESTIGATION_HINTS)
def test_investigation_hints(text: str) -> None:
    got = signals(text)
    assert got.get(INVESTIGATION_HINT, 0) >= 1 and not got.get(INVESTIGATION), text


# Ordinary police posts mention warrants, arrests, tactical teams, places and times: a
# public update after the fact, a road closure or an appeal is not a leak.
PUBLIC_UPDATES = [
    "Officers arrested a 23-year-old man on Main St after a robbery. He has been charged.",
    "A man was arrested after officers executed a search warrant at a home in Etobicoke this "
    "morning.",
    "ETF attended last night and the man was arrested without incident.",
    "ETF is on scene now, please avoid the area. Updates to follow.",
    "Police are investigating a shooting on Jane St. Anyone with dashcam footage is asked to call.",
    "ROAD CLOSURE: Eglinton Ave E shut between Victoria Park and Warden until 5 pm.",
    "Come meet our officers at the community BBQ this Saturday from 12 to 3 pm!",
    "Tonight's the night! Our team is ready for the charity hockey game at 7pm",
    "Do you recognise this man? We'd like to speak to him. Call Crime Stoppers anonymously.",
    "We've passed this to our threat assessment unit and officers are looking into it.",
    "MISSING: Liam Chen, 12, last seen near Kipling Station at 4:15 pm. Have you seen him?",
    "Going into work tonight, wish me luck lol",
    "Use the main entrance for the open house on Saturday.",
    "The DNA of a good cop: patience, empathy and coffee.",
    "An altercation took place between the occupants of two cars on the roundabout around 3pm.",
]


@pytest.mark.parametrize("text", PUBLIC_UPDATES)
def test_public_updates_are_quiet(text: str) -> None:
    assert signals(text) == {}, text


def test_evidence_spans_point_at_what_the_author_wrote() -> None:
    text = "Staged  up wíth ETF, going in at 0445"
    pol = policy()
    out = run_detectors(ctx_for(text), pol._catalogue, (DETECTOR,))
    evidence = out.evidence[SAFETY]
    assert {e.text for e in evidence} >= {"Staged  up", "ETF", "at 0445"}
    for e in evidence:
        assert e.span is not None and text[e.span.start : e.span.end] == e.text
        assert e.field == "text" and e.detector == "operational"


def test_reads_captions_too() -> None:
    caption = {"kind": "image", "caption": "staged up, going in at 0430"}
    got = signals("Long night ahead", media=[caption])
    assert got.get(SAFETY) == 1


def test_without_the_lexicons_nothing_fires() -> None:
    # The Edmonton pack has none of the ops_/inv_ lexicons: no hits, no crash.
    assert signals("Staged up behind the plaza, going in at 0445", pack="edmonton") == {}


def test_sentences_count_newlines_and_skip_abbreviations() -> None:
    nt = normalise("Sgt. Lee is here.\nNext line! Third")
    sents = Sentences(nt)
    assert sents.of(0) == sents.of(nt.text.index("here"))
    assert sents.of(nt.text.index("next")) == 1
    assert sents.of(nt.text.index("third")) == 2


# --- rules ------------------------------------------------------------------------------------


def findings(text: str) -> dict[str, str]:
    decision = policy().evaluate({"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    return {f.rule_id: f.level.value for f in decision.findings}


def test_rule_levels() -> None:
    assert findings(OFFICER_SAFETY[0])["tps.privacy.officer-safety"] == "violation"
    assert findings(SAFETY_HINTS[1])["tps.privacy.officer-safety-hint"] == "review"
    assert findings(INVESTIGATION_LEAKS[0])["tps.privacy.investigation"] == "violation"
    assert findings(INVESTIGATION_HINTS[0])["tps.privacy.investigation-hint"] == "review"
    # a violation does not also raise its review-level twin
    assert "tps.privacy.officer-safety-hint" not in findings(OFFICER_SAFETY[0])
    assert "tps.privacy.investigation-hint" not in findings(INVESTIGATION_LEAKS[0])


def test_followers_only_posts_are_judged_as_public() -> None:
    decision = policy().evaluate(
        {
            "id": "p",
            "text": OFFICER_SAFETY[1],
            "visibility": "followers",
            "created_at": "2025-06-01T12:00:00Z",
        }
    )
    levels = {f.rule_id: f.level.value for f in decision.findings}
    assert levels["tps.privacy.officer-safety"] == "violation"
    assert levels["tps.public-space.private-belief"] == "advice"


# --- properties -------------------------------------------------------------------------------

ZW = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])


def _values(text: str) -> dict[str, Any]:
    return signals(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(OFFICER_SAFETY + INVESTIGATION_LEAKS + PUBLIC_UPDATES), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = _values(text)
    assert _values(text.upper()) == expected
    assert _values(text.swapcase()) == expected
    # a zero-width character inside a word changes nothing
    words = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    if words:
        i = data.draw(st.sampled_from(words))
        assert _values(text[:i] + data.draw(ZW) + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_never_crashes_and_spans_in_bounds(text: str) -> None:
    pol = policy()
    out = run_detectors(ctx_for(text), pol._catalogue, (DETECTOR,))
    for evs in out.evidence.values():
        for e in evs:
            assert e.span is not None and 0 <= e.span.start <= e.span.end <= len(text)
            assert text[e.span.start : e.span.end] == e.text


# --- the lexicons' own examples (operational, identity, policy-comment, advisory, org contacts) ---

MY_LEXICONS = ("ops_", "inv_", "identity_", "policy_", "advisory_", "comms_redirect", "org_")


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
def test_lexicon_examples(pack: str) -> None:
    pol = policy(pack)
    matcher = pol._resources.matcher
    for lex in pol.pack.lexicons:
        if not lex.id.startswith(MY_LEXICONS):
            continue
        for text in lex.examples_match:
            assert matcher.find(normalise(text), [lex.id]), (lex.id, text)
        for text in lex.examples_no_match:
            assert not matcher.find(normalise(text), [lex.id]), (lex.id, text)
