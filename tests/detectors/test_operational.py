"""Operational detector: police information that exposes officers or an open case, read by
concept (timing, specificity, source), in both packs; what a public police update looks like
instead; and the rules built on it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from _policies import shared_policy
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.operational import KIND_TAGS, OperationalDetector, Sentences
from socialpolicy.detectors.police_info.reading import LEXICONS
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = OperationalDetector()
SAFETY = "operational.officer_safety"
SAFETY_HINT = "operational.officer_safety_hint"
INVESTIGATION = "operational.investigation"
INVESTIGATION_HINT = "operational.investigation_hint"
KINDS = "operational.kinds"
PACKS = ("toronto", "edmonton")


@cache
def policy(pack: str = "toronto") -> Policy:
    return shared_policy(pack)


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
    assert names == {SAFETY, SAFETY_HINT, INVESTIGATION, INVESTIGATION_HINT, KINDS}


@pytest.mark.parametrize("pack", PACKS)
def test_both_packs_ship_the_same_lexicons(pack: str) -> None:
    ids = {lex.id for lex in policy(pack).pack.lexicons}
    assert ids >= LEXICONS
    toronto = {lex.id: lex for lex in policy("toronto").pack.lexicons if lex.id in LEXICONS}
    mine = {lex.id: lex for lex in policy(pack).pack.lexicons if lex.id in LEXICONS}
    assert {k: v.terms for k, v in mine.items()} == {k: v.terms for k, v in toronto.items()}


# --- breaches by themselves -------------------------------------------------------------------

# (text, kind): each is certain from how it is told, in either pack.
OFFICER_SAFETY = [
    # visible enforcement with its place, an exact time and an inside cue: a tip-off
    (
        "Heads up: RIDE check on Jasper Ave Friday at 10pm, you didn't hear it from me.",
        "enforcement_tipoff",
    ),
    # a sweep of a camp, with its time and place
    ("EPS is planning a sweep of the Rowland Rd camp Thursday at 6am.", "operation_ahead"),
    # an operation told ahead: an act with an exact time, or two of time, place, source
    (
        "ETF is parked around the corner from the stash house on Weston, we breach at 0445.",
        "operation_ahead",
    ),
    ("We're hitting a house in Rexdale at 6am tomorrow, wish us luck", "operation_ahead"),
    (
        "Surveillance on the target since Tuesday, takedown planned for Friday night",
        "operation_ahead",
    ),
    (
        "lol the drug unit is gonna be kicking in doors on Eastern Ave around 6 tomorrow",
        "operation_ahead",
    ),
    ("Just between us there's a stakeout on a bungalow in Rexdale tonight", "operation_ahead"),
    (
        "Tac team's parked behind the Shoppers on Queen waiting on the go. Crazy night",
        "operation_ahead",
    ),
    ("Big warrant sweep at the Jane towers Thursday 5am, should be a fun one", "operation_ahead"),
    # a covert deployment tipped off
    ("Plainclothes unit set up outside the bar on King tonight, keep it quiet", "operation_ahead"),
    ("Unmarked cars on the Henday all weekend, drive accordingly 😉", "covert_deployment"),
    ("Sting at the mall this Saturday, plainclothes everywhere, behave 😉", "operation_ahead"),
    # visible enforcement with a tip-off to evade it, its place and its time
    (
        "RIDE spot at Lake Shore and Parklawn tonight from 10, take the side streets lol",
        "enforcement_tipoff",
    ),
    # staffing: a count or an absolute gap with its time, area or source
    ("Only 3 cars covering all of 23 Div tonight. Skeleton crew.", "staffing"),
    ("Nobody covering the east end between 3 and 5, shift change at 0400", "staffing"),
    ("Down to 2 cars on the road in 52 tonight lol", "staffing"),
    ("Whole division running a skeleton crew this weekend, between you and me", "staffing"),
    # a covert officer pointed out or named
    (
        "That woman in the red jacket by the pool table? Undercover, one of ours. Don't look.",
        "covert_officer",
    ),
    ("Cst. Mark Bell is the undercover on the drug file, keep it to yourselves", "covert_officer"),
    (
        "the narc working the downtown clubs drives a black pickup, you can't miss him",
        "covert_officer",
    ),
    ("Undercover in the green Civic outside the Tim's on Finch, wave hi", "covert_officer"),
    (
        'Everyone knows the "homeless guy" outside the pawn shop on Queen is one of ours',
        "covert_officer",
    ),
    ("Who's the undercover at the rally? It's Cst. Marie Roy, she's great.", "covert_officer"),
    # an officer named in a case from an inside source; an informant and whom they are inside
    (
        "The officer who shot the man on Stony Plain Rd is Cst. Priya Gill, from what I was told",
        "officer_named",
    ),
    ("EPS has a guy inside the Hells Angels clubhouse, crazy right?", "informant"),
    (
        "imagine being the dealer on Dovercourt who has no idea we've been watching him lmao",
        "operation_ahead",
    ),
    (
        "only 1 sergeant and 5 PCs for all of 14 Division on nights this week, we're cooked",
        "staffing",
    ),
    (
        "Our decoy on Yonge has been panhandling for 3 days, see if you can spot him",
        "covert_officer",
    ),
    # coverage withdrawn from an area, with when
    (
        "Heads up, they're pulling officers off the east end for the marathon Sunday",
        "staffing",
    ),
    # a security detail with the detail itself
    ("lol the door code at the division is still 4521", "security_detail"),
    ("We switch to channel 4 when the brass is listening", "security_detail"),
]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(("text", "kind"), OFFICER_SAFETY)
def test_officer_safety(text: str, kind: str, pack: str) -> None:
    got = signals(text, pack)
    assert got.get(SAFETY, 0) >= 1, text
    assert kind in got[KINDS], (text, got[KINDS])
    assert not got.get(SAFETY_HINT), "a certain finding does not also raise its hint"


INVESTIGATION_LEAKS = [
    "Huge development in the Leslieville stabbing. DNA on the hoodie came back to somebody we "
    "know 😉 Warrant gets signed in the morning.",
    "The suspect's DNA came back as a match, we've got our guy. Arrest coming tomorrow.",
    "Fingerprints matched a guy with a long record. Just waiting on a judge to sign the warrant.",
    "Can't say too much yet but we know who did the Danforth shooting. Charges coming soon 😉",
    "Off the record: the witness said she saw the shooter's face clearly.",
    "Ballistics matched the gun from last week. Charges are coming, trust me.",
    # who is suspected, told as an insider or with what comes next
    "Off the record the boyfriend's alibi fell apart this morning. Charges soon.",
    "We already know it was her cousin, just waiting on the warrant",
    "Can't say much, but the charges are about to land. And yes, it's the tenant.",
    "Prints on the bottle matched the stepdad, we're bringing him in tomorrow. Family has no clue.",
    "The victim told us exactly who did it but we're keeping that quiet until he's in cuffs",
    "The suspect in the Parkdale shooting is the victim's cousin, they just haven't announced it.",
    "Between us it's a body, and they think it's connected to the warehouse fire.",
    # a hedge or teaser anywhere in a short post
    "Our witness just ID'd the driver from a photo lineup. A neighbour, of all people. "
    "Basically solved.",
]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("text", INVESTIGATION_LEAKS)
def test_investigation_details(text: str, pack: str) -> None:
    got = signals(text, pack)
    assert got.get(INVESTIGATION, 0) >= 1, text
    assert not got.get(INVESTIGATION_HINT)


# --- for a person to judge --------------------------------------------------------------------

SAFETY_HINTS = [
    "Long night with the entry team. Coffee #3",
    "We are so short staffed it's not even funny.",
    "Fun fact: my sergeant lives on Maple Crescent, right by the rink.",
    "Cameras don't cover the back lot, just saying",
    # a looser time or only a place for an act of an operation
    "Big raid coming up this week, you'll see it on the news.",
    # a covert deployment with a named place and a time, no source
    "Plainclothes officers will be at the Jasper Ave bars this Friday.",
    # a checkpoint with a source cue and its place, no tip-off to evade
    "Heard on the radio they're setting up a checkpoint at Yonge and Eglinton.",
    # a staffing count with nothing around it
    "Only two cars, honestly.",
    # no operation named: a tip-off with an exact time and a named place implies one
    "I'd stay away from Jane and Finch around 5 tomorrow morning if I were you 👀",
]


@pytest.mark.parametrize("text", SAFETY_HINTS)
def test_officer_safety_hints(text: str) -> None:
    got = signals(text)
    assert got.get(SAFETY_HINT, 0) >= 1 and not got.get(SAFETY), text


INVESTIGATION_HINTS = [
    "Someone is going to be arrested very soon for that one",
    "Off the record, the Leslieville stabbing is not what the papers are saying.",
    "The witness told us the shooter drove off in a silver hatchback.",
    "We're looking hard at the landlord for the Danforth fire.",
]


@pytest.mark.parametrize("text", INVESTIGATION_HINTS)
def test_investigation_hints(text: str) -> None:
    got = signals(text)
    assert got.get(INVESTIGATION_HINT, 0) >= 1 and not got.get(INVESTIGATION), text


# --- what a public police post looks like -----------------------------------------------------

# Ordinary police posts mention warrants, arrests, tactical teams, covert officers, places
# and times: a public update after the fact, a deterrence announcement, a road closure or an
# appeal is not a leak.
PUBLIC_UPDATES = [
    "Checkstops across the city all December. Plan a safe ride home.",
    "Officers arrested a 23-year-old man on Main St after a robbery. He has been charged.",
    "A man was arrested after officers executed a search warrant at a home in Etobicoke this "
    "morning.",
    "ETF attended last night and the man was arrested without incident.",
    "ETF is on scene now, please avoid the area. Updates to follow.",
    "Emergency Task Force on scene at Jane St and Finch Ave, please avoid the area.",
    "Police are investigating a shooting on Jane St. If you have dashcam footage, please call.",
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
    # deterrence announcements
    "RIDE checks will be running across the city all holiday season. Plan a safe ride home.",
    "This weekend, expect plain-clothes officers on patrol at the waterfront festival.",
    "Plain-clothes officers are patrolling the entertainment district this weekend.",
    "Extra officers will be on patrol downtown for New Year's Eve. Have fun, get home safe.",
    "Our officers will be out in force this long weekend looking for impaired drivers.",
    "Speed enforcement blitz this week in school zones. Slow down, the kids are back.",
    "Our K9 unit will be at the Scarborough Town Centre Saturday from 1 to 3 for a demo. "
    "Come meet the dogs!",
    "Yes, plain-clothes officers work the parade. No, I won't say what they're wearing.",
    # after the fact
    "Plainclothes officers were deployed at the parade and made three arrests for pickpocketing.",
    "We executed 14 search warrants across the city last week as part of Project Lynx.",
    "This morning officers executed search warrants at 5 addresses, 6 people arrested.",
    "Former undercover officer Jane Roy talks about her new book at the library on Tuesday.",
    # staffing that is not a gap
    "Staffing update: we've hired 120 new officers this year, the most in a decade.",
    "Tonight we swore in 65 new officers at headquarters. Welcome to the Service!",
    # case talk that is the Service's own
    "A 34-year-old man has been charged with second-degree murder. He will appear in court "
    "Tuesday.",
    "Investigators believe this was a targeted incident. There is no threat to public safety.",
    "Can't say much about the case while it's before the courts. Thanks for your patience.",
    "The accused, 45, was found guilty of manslaughter today. Our thoughts are with the family.",
    "Informants help solve crimes. Call Crime Stoppers anonymously at 1-800-222-8477.",
    "Congratulations to Cst. Amy Lau on her award for community policing!",
    "Officers will be patrolling the festival grounds all weekend. Come say hi!",
    "Plain clothes officers will be at the Ex this year. Report anything suspicious to any officer.",
    "Great partnership between us and the homicide unit this year. Thank you!",
    # other senses of the words
    "Drivers: check your blind spots twice for motorcycles this spring.",
    "Remembering the officers who lost their lives in the line of duty this week in 1971.",
    "A car hit a house on Main St overnight. The driver was taken to hospital.",
    "There are no undercover officers at the march, the Chief confirmed.",
    "The City posted notices that it will clear the encampment on 95 St. Outreach visits daily.",
]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("text", PUBLIC_UPDATES)
def test_public_updates_are_quiet(text: str, pack: str) -> None:
    assert signals(text, pack) == {}, text


@pytest.mark.parametrize("pack", PACKS)
def test_a_wink_over_a_period_is_for_a_person_to_judge(pack: str) -> None:
    # Deterrence notices name a period ("this weekend"); only an exact time (a night and an
    # hour) with the place, a warning opener and an inside cue makes visible enforcement a
    # tip-off by itself.
    got = signals("Speed enforcement on the Henday this weekend. Slow down 😉", pack)
    assert not got.get(SAFETY)
    got = signals("Speed enforcement on the Henday Saturday at 11pm. Slow down 😉", pack)
    assert not got.get(SAFETY), "no warning opener: 'slow down' is deterrence"
    got = signals("Heads up: speed trap on the Henday Saturday at 11pm 😉", pack)
    assert got.get(SAFETY)


# --- replies, media, evidence ------------------------------------------------------------------


def test_reply_supplies_the_operation() -> None:
    question = {"text": "Why were there so many cop cars by the mall today? Is it a raid?"}
    got = signals("Let's just say the real one is tomorrow night 😉", in_reply_to=question)
    assert got.get(SAFETY) == 1 and "operation_ahead" in got[KINDS]
    # an answer with a time and place but no source is for a person to judge
    got = signals("Tomorrow night, at the plaza on Finch.", in_reply_to=question)
    assert got.get(SAFETY_HINT) == 1 and not got.get(SAFETY)
    # an answer that tells nothing
    assert signals("No idea, sorry! Call the non-emergency line.", in_reply_to=question) == {}
    # the question alone is not the author's words
    assert signals("Thanks for asking.", in_reply_to=question) == {}


REPLIES = [
    # (answer, post replied to, signal)
    (
        "tomorrow around 6. you didn't hear it from me",
        "is the drug squad still going after the guys on Gerrard?",
        SAFETY,
    ),
    (
        "lol yeah two cars for the whole division, good luck",
        "how many cops are even working tonight in 41?",
        SAFETY,
    ),
    (
        "Ha, you'd be surprised how many are plainclothes 😉 Jasper Ave is crawling with them",
        "Are there undercover cops at the bars?",
        SAFETY,
    ),
    (
        "Can't name him but he's 17 and they have the footage.",
        "do they know who did it?",
        INVESTIGATION,
    ),
    # an encampment clearing, timed by the answer with an inside-source cue
    (
        "Thursday first thing. Keep that between us 🤫",
        "Are the police going to clear the encampment behind the library?",
        SAFETY,
    ),
]


@pytest.mark.parametrize(("text", "reply", "signal"), REPLIES)
def test_replies(text: str, reply: str, signal: str) -> None:
    assert signals(text, in_reply_to={"text": reply}).get(signal, 0) >= 1


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        (
            "Sorry, we can't share operational details. Please contact our media office.",
            "when are you raiding the house on Gerrard?",
        ),
        (
            "Thanks for reaching out! RIDE checks run throughout the holidays across the city.",
            "is there a ride check on the DVP tonight?",
        ),
    ],
)
def test_replies_that_tell_nothing(text: str, reply: str) -> None:
    assert signals(text, in_reply_to={"text": reply}) == {}


def test_a_person_pointed_out_needs_pointing_out() -> None:
    got = signals('That "tourist" with the camera at the square? Yeah. One of ours. Shh')
    assert "covert_officer" in got[KINDS]
    assert signals("My son is a cop in 41 Division and I'm so proud of him 💙") == {}


def test_reply_evidence_names_the_post_replied_to() -> None:
    question = {"text": "Is the checkpoint on Bloor still up?"}
    pol = policy()
    out = run_detectors(
        ctx_for("psst, yes till 2am, take the side streets", in_reply_to=question),
        pol._catalogue,
        (DETECTOR,),
    )
    fields = {e.field for e in out.evidence[SAFETY]}
    assert fields == {"text", "in_reply_to.text"}


def test_a_geotag_is_a_place() -> None:
    photo = {"kind": "image", "location": {"lat": 43.65, "lon": -79.43}}
    got = signals(
        "Perimeter duty since midnight and the perimeter is set, send snacks", media=[photo]
    )
    assert got.get(SAFETY) == 1
    assert signals("Perimeter duty since midnight and the perimeter is set, send snacks").get(
        SAFETY_HINT
    )


def test_evidence_spans_point_at_what_the_author_wrote() -> None:
    text = "Staged  up wíth ETF, going in at 0445"
    pol = policy()
    out = run_detectors(ctx_for(text), pol._catalogue, (DETECTOR,))
    evidence = out.evidence[SAFETY]
    assert {e.text for e in evidence} >= {"Staged  up", "at 0445"}
    for e in evidence:
        assert e.span is not None and text[e.span.start : e.span.end] == e.text
        assert e.field == "text" and e.detector == "operational"


def test_named_places_are_read_from_the_original_capitals() -> None:
    text = "Heads up, raid on a house on Dufferin next week. Keep it quiet."
    pol = policy()
    out = run_detectors(ctx_for(text), pol._catalogue, (DETECTOR,))
    assert "Dufferin" in {e.text for e in out.evidence[SAFETY]}


def test_reads_captions_too() -> None:
    caption = {"kind": "image", "caption": "staged up, going in at 0430"}
    got = signals("Long night ahead", media=[caption])
    assert got.get(SAFETY) == 1


def test_without_the_lexicons_nothing_fires(pack_copy: Callable[[str], Path]) -> None:
    # A pack that ships none of the ops_/inv_ lexicons gets no hits and no crash.
    root = pack_copy("toronto")
    for f in (root / "lexicons").glob("*.yaml"):
        if f.stem in LEXICONS:
            f.unlink()
    pol = sp.load_policy(root)
    ctx = Context(
        post=Post.model_validate(
            {
                "id": "t",
                "text": "Staged up behind the plaza, going in at 0445",
                "created_at": "2025-06-01T12:00:00Z",
            }
        ),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    assert dict(run_detectors(ctx, pol._catalogue, (DETECTOR,)).values) == {}


def test_sentences_count_newlines_and_skip_abbreviations() -> None:
    nt = normalise("Sgt. Lee is here.\nNext line! Third")
    sents = Sentences(nt)
    assert sents.of(0) == sents.of(nt.text.index("here"))
    assert sents.of(nt.text.index("next")) == 1
    assert sents.of(nt.text.index("third")) == 2


def test_kind_tags_are_declared() -> None:
    spec = next(s for s in DETECTOR.signals if s.name == KINDS)
    assert spec.tags == KIND_TAGS


# --- rules ------------------------------------------------------------------------------------


def findings(text: str, pack: str = "toronto") -> dict[str, str]:
    decision = policy(pack).evaluate(
        {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    )
    return {f.rule_id: f.level.value for f in decision.findings}


def test_rule_levels() -> None:
    assert findings(OFFICER_SAFETY[0][0])["tps.privacy.officer-safety"] == "violation"
    assert findings(SAFETY_HINTS[1])["tps.privacy.officer-safety-hint"] == "review"
    assert findings(INVESTIGATION_LEAKS[0])["tps.privacy.investigation"] == "violation"
    assert findings(INVESTIGATION_HINTS[0])["tps.privacy.investigation-hint"] == "review"
    # a violation does not also raise its review-level twin
    assert "tps.privacy.officer-safety-hint" not in findings(OFFICER_SAFETY[0][0])
    assert "tps.privacy.investigation-hint" not in findings(INVESTIGATION_LEAKS[0])


def test_edmonton_rules_read_the_same_concepts() -> None:
    assert findings(OFFICER_SAFETY[10][0], "edmonton")["epc.3d.police-information"] == "violation"
    assert findings(INVESTIGATION_LEAKS[1], "edmonton")["epc.3d.police-information"] == "violation"
    got = findings(SAFETY_HINTS[4], "edmonton")
    assert got == {"epc.3d.police-information-hint": "review"}


def test_followers_only_posts_are_judged_as_public() -> None:
    decision = policy().evaluate(
        {
            "id": "p",
            "text": OFFICER_SAFETY[1][0],
            "visibility": "followers",
            "created_at": "2025-06-01T12:00:00Z",
        }
    )
    levels = {f.rule_id: f.level.value for f in decision.findings}
    assert levels["tps.privacy.officer-safety"] == "violation"
    assert levels["tps.public-space.private-belief"] == "advice"


# --- properties -------------------------------------------------------------------------------

ZW = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])

# Texts whose decision rests on lexicon cues alone (named places are read from capitals, so
# changing the case of a post whose only place is a name may change what is found).
LEXICAL = [
    "We're hitting a house in Rexdale at 6am tomorrow, wish us luck",
    "Down to 2 cars on the road in 52 tonight lol",
    "lol the door code at the division is still 4521",
    "That woman in the red jacket by the pool table? Undercover, one of ours. Don't look.",
    "Whole division running a skeleton crew this weekend, between you and me",
    *INVESTIGATION_LEAKS,
    *SAFETY_HINTS[:2],
    *PUBLIC_UPDATES,
]


def _values(text: str) -> dict[str, Any]:
    return signals(text)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(LEXICAL), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = _values(text)
    assert _values(text.lower()) == expected
    # a zero-width character inside a word changes nothing
    words = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    if words:
        i = data.draw(st.sampled_from(words))
        assert _values(text[:i] + data.draw(ZW) + text[i:]) == expected


@settings(max_examples=80, deadline=None)
@given(st.sampled_from([t for t, _ in OFFICER_SAFETY]), st.data())
def test_zero_width_characters_change_nothing(text: str, data: st.DataObject) -> None:
    expected = _values(text)
    words = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(words))
    assert _values(text[:i] + data.draw(ZW) + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=120)), st.booleans())
def test_never_crashes_and_spans_in_bounds(text: str, reply: str | None, geo: bool) -> None:
    pol = policy()
    extra: dict[str, Any] = {}
    if reply is not None:
        extra["in_reply_to"] = {"text": reply}
    if geo:
        extra["media"] = [{"kind": "image", "location": {"lat": 1.0, "lon": 2.0}}]
    out = run_detectors(ctx_for(text, **extra), pol._catalogue, (DETECTOR,))
    for evs in out.evidence.values():
        for e in evs:
            if e.field == "text":
                assert e.span is not None and 0 <= e.span.start <= e.span.end <= len(text)
                assert text[e.span.start : e.span.end] == e.text


# --- the lexicons' own examples (the pack tests run every lexicon's; these are the detector's) ---


@pytest.mark.parametrize("pack", PACKS)
def test_lexicon_examples(pack: str) -> None:
    pol = policy(pack)
    matcher = pol._resources.matcher
    for lex in pol.pack.lexicons:
        if lex.id not in LEXICONS:
            continue
        for text in lex.examples_match:
            assert matcher.find(normalise(text), [lex.id]), (lex.id, text)
        for text in lex.examples_no_match:
            assert not matcher.find(normalise(text), [lex.id]), (lex.id, text)


# --- issue 10, helper "police": Edmonton 3d concepts, read the same in both packs ---

STRONG_BY_CONCEPT = [
    # an officer's home pointed to with its place
    "FYI the officer from that arrest video lives on my street in Terwillegar, the white house.",
    # someone people can see said to be police by pronoun, with a disguise and where
    "That 'busker' who's always outside the Chinatown pharmacy? Yeah, he's EPS 🤫",
    # the person who tipped police off, from a briefing
    "Heard at the briefing: the guy who tipped police off about the grow-op is his own cousin.",
    # a gap in what police can send, with when
    "The helicopter is grounded, so there's no air support at all on cold nights.",
    # a unit staged ahead, with when
    "The tactical team will be staged near the mall lot during Saturday's protest.",
    # bait property with where, told as not for the public
    "EPS catches the thieves with bait cars in the Southgate lot. Don't spread it around.",
    # a single unit covering an area
    "Between 3 and 5am there's basically one patrol unit for all of the southeast.",
]


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("text", STRONG_BY_CONCEPT)
def test_police_information_by_concept_is_a_breach(text: str, pack: str) -> None:
    assert signals(text, pack).get(SAFETY, 0) >= 1, text


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(
    "text",
    [
        # the Service's own announcement, attributed
        "Plain-clothes officers will be out on Whyte Ave this Halloween weekend, EPS says.",
        "Undercover officers will patrol the Ex this year, police said. Have fun.",
        # a police-car emoji is not a unit
        "Join 51 Division for a BBQ this Saturday at the Athletic Grounds 🚓 Free food!",
    ],
)
def test_attributed_announcements_and_everyday_posts_are_quiet(text: str, pack: str) -> None:
    got = signals(text, pack)
    assert SAFETY not in got and SAFETY_HINT not in got, text


def test_an_arrow_before_a_place_names_it() -> None:
    got = signals("🚔🚔🚔 ➡️ Abbottsfield tomorrow 5am. You didn't hear it from me.", "edmonton")
    assert got.get(SAFETY_HINT, 0) + got.get(SAFETY, 0) >= 1


@pytest.mark.parametrize("pack", PACKS)
def test_the_authors_own_partner_at_home_stays_for_a_person(pack: str) -> None:
    got = signals("My partner lives near Riverdale School, so she walks the kids in.", pack)
    assert SAFETY not in got
    assert got.get(SAFETY_HINT, 0) >= 1


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["only", "just", "down to", "4 cars", "two officers", "covering", "for the whole", "x"]
        ),
        max_size=40,
    )
)
def test_unit_counts_by_bisection_agree_with_asking_every_cue(words: list[str]) -> None:
    """A unit word's count asks only the limiters and coverage phrases within reach (by
    bisection); asking every one of the text, as it did, finds the same count."""
    from socialpolicy.detectors.matching import LexiconMatch
    from socialpolicy.detectors.police_info import staffing as st_
    from socialpolicy.detectors.police_info.reading import Reading

    text = " ".join(words)
    ctx = ctx_for(text)
    r = Reading("text", ctx.normalised("text", text), ctx.grouped("text", text), None)

    def asked_each(unit: LexiconMatch) -> LexiconMatch | None:
        m = st_._COUNT.search(r.nt.text, max(0, unit.start - st_.COUNT_REACH), unit.start)
        if m is None:
            return None
        start = m.start()
        limiter = next(
            (x for x in r.g.get(st_.LIMITER, ()) if 0 <= start - x.end <= st_.LIMITER_REACH),
            None,
        )
        if limiter is None and not any(
            0 <= c.start - unit.end <= st_.COVERAGE_REACH for c in r.g.get(st_.COVERAGE, ())
        ):
            return None
        start = limiter.start if limiter is not None else start
        return LexiconMatch(st_.UNIT, r.nt.text[start : unit.end], start, unit.end)

    for unit in r.g.get(st_.UNIT, ()):
        assert st_._count(r, unit) == asked_each(unit)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the officer", "sgt", "lives on", "home address", "x", "far away now"]),
        max_size=40,
    )
)
def test_officer_home_by_bisection_agrees_with_asking_every_reference(words: list[str]) -> None:
    """A home word asks only the officer references within reach (by bisection); asking
    every reference of the text, as it did, finds the same one."""
    from socialpolicy.detectors.police_info import officers
    from socialpolicy.detectors.police_info.reading import OFFICER_HOME, OFFICER_REF, Reading

    text = " ".join(words)
    ctx = ctx_for(text)
    r = Reading("text", ctx.normalised("text", text), ctx.grouped("text", text), None)
    refs = r.g.get(OFFICER_REF, ())
    reach = officers.HOME_REACH
    expected = next(
        (
            (x, home)
            for home in r.g.get(OFFICER_HOME, ())
            for x in refs
            if home.start - x.end <= reach and x.start - home.end <= reach
        ),
        None,
    )
    found = list(officers.officer_home(r))
    # the cues are (reference, home word, the place pointed to or None)
    assert [f.cues[:2] for f in found] == ([expected] if expected else [])


# --- privacy9: whereabouts, suspects by workplace, encampment clearings told ahead -------------


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize(
    "text",
    [
        # where investigators know the suspect is, with the warrant still to come
        "The guy from the jewellery heist? Cops know where he is. Arrest is coming soon.",
        # a watched address with the warrant still to come
        "Been parked outside his sister's place since midnight, warrant should be signed by 9.",
        # who the suspect is, by where he works, with a not-yet-released cue
        "Not public yet, but the suspect in the garage fire works at the car wash on Main.",
    ],
)
def test_suspect_whereabouts_or_workplace_told_as_a_breach(pack: str, text: str) -> None:
    assert signals(text, pack).get(INVESTIGATION) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        # the Service's own appeal: where a suspect may live is asked, not leaked
        "Anyone with information on where the suspect lives is asked to call Crime Stoppers.",
        # after the fact
        "The suspect who worked at the car wash was arrested last week and charged.",
    ],
)
def test_suspect_details_without_a_leak(text: str) -> None:
    assert INVESTIGATION not in signals(text), text


def test_encampment_clearing_with_a_tip_off_time_and_place() -> None:
    text = (
        "Clearing the two encampments by Rossdale next Monday at 6am. Don't say I didn't warn you."
    )
    assert signals(text, "edmonton").get(SAFETY) == 1
    # the same clearing as a public notice: nothing told to evade it
    notice = "The City will clear the encampment near Rossdale on Monday; notices were posted."
    assert SAFETY not in signals(notice, "edmonton")
