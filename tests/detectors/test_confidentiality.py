"""Confidentiality detector: in-camera disclosures, the public record, briefings, system access.

Operations, staffing, covert officers and case details (Edmonton 3d) are the operational
detector's (tests/detectors/test_operational.py runs its cases in both packs)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.confidentiality import LEXICONS, ConfidentialityDetector
from socialpolicy.detectors.context import Context
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = ConfidentialityDetector()


@cache
def policy(pack: str = "edmonton") -> Policy:
    return shared_policy(pack)


def context(text: str, reply: str | None = None, pack: str = "edmonton") -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(text: str, reply: str | None = None, pack: str = "edmonton") -> dict[str, Any]:
    pol = policy(pack)
    return run_detectors(context(text, reply, pack), pol._catalogue, (DETECTOR,)).values


DISCLOSURES = [
    "We went in camera for the HR item: the deputy chief is being let go, effective next month.",
    "Marathon closed session today. Won't go into details, but the payout to the family tops $650K.",
    "Closed session ran late. Let's just say the deputy chief's severance is north of $400,000.",
    "Not public yet, but the Commission voted to extend the body camera pilot.",
    "Strictly confidential, but the inspector's suspension was upheld in our vote.",
    "Spent 3 hours in camera. Without saying too much, the pick for deputy is an outside hire.",
    "Can't say much yet, but the Chief's contract won't be renewed.",
    "Summary: 1) Open session covered the transit safety report. 2) After that we moved in "
    "camera. Without getting into details, PSB wants the constable dismissed. 3) Back in May.",
]
NOT_DISCLOSURES = [
    "Agenda is online. Items 4 and 5 will be dealt with in camera under the Police Act.",
    "We were in camera most of the afternoon. That's confidential, so I can't say more.",
    "Closed-door sessions are part of good governance; the law sets out what they may discuss.",
    "Great partnership between us and the Chief's office.",
    "Let me be clear: the Chief's community plan is a good one.",
    "This morning the Commission adopted the 2027 budget unchanged, 5-2.",
]


@pytest.mark.parametrize("text", DISCLOSURES)
def test_in_camera_disclosure(text: str) -> None:
    assert signals(text).get("confidentiality.in_camera_disclosure") == 1


@pytest.mark.parametrize("text", NOT_DISCLOSURES)
def test_not_in_camera_disclosure(text: str) -> None:
    assert not signals(text).get("confidentiality.in_camera_disclosure")


def test_agenda_notice_is_counted_as_a_notice() -> None:
    values = signals("Items 12 and 13 will be considered in camera as permitted by FOIP.")
    assert values["confidentiality.closed_session_cue"] == 1
    assert values["confidentiality.in_camera_notice"] == 1


def test_reply_asking_what_was_said_behind_closed_doors() -> None:
    question = "What did the Commission talk about behind closed doors last week?"
    assert (
        signals("The Chief's contract, and the vote was 4-3.", question)[
            "confidentiality.in_camera_disclosure"
        ]
        == 1
    )
    assert not signals("Sorry, I can't discuss anything from the closed session.", question).get(
        "confidentiality.in_camera_disclosure"
    )


def test_briefing_details() -> None:
    values = signals(
        "Yes, unfortunately. We were briefed that the suspect is 19 and already out on bail."
    )
    assert values["confidentiality.briefing_disclosure"] == 1
    assert values["confidentiality.police_information"] == 1
    assert (
        signals("An officer told me they picked up Dale Ruff for it.")[
            "confidentiality.police_information"
        ]
        == 1
    )
    assert not signals("EPS briefed the public today on the new downtown safety plan.").get(
        "confidentiality.police_information"
    )


def test_a_person_identified_from_a_briefing_is_police_information() -> None:
    # who: a name, an age, where they live or stay
    for text in (
        "An officer told me they picked up Dale Ruff for it.",
        "From the briefing: the driver lives two doors down from the school.",
    ):
        values = signals(text)
        assert values["confidentiality.briefing_disclosure"] == 1, text
        assert values["confidentiality.police_information"] == 1, text
    # case details without a person: a briefing passed on, for a person to confirm
    values = signals("At the briefing EPS said arrests for car theft are up this year.")
    assert values["confidentiality.briefing_disclosure"] == 1
    assert not values.get("confidentiality.police_information")


def test_an_officer_named_off_the_record() -> None:
    values = signals(
        "Strictly confidential: the arresting constable was Sgt. K. Ames and PSB is "
        "recommending a suspension."
    )
    assert values["confidentiality.in_camera_disclosure"] == 1
    assert values["confidentiality.police_information"] == 1
    # who attended a closed session is public: a name after "in camera" is not content
    assert not signals("In camera with Sgt. Patel and two members tonight.").get(
        "confidentiality.in_camera_disclosure"
    )


# What the author places on the public record is not released from a closed session.
PUBLIC_RECORD = [
    (
        "You can file a complaint against the officer through the public complaints process; "
        "it is independent of EPS.",
        "What happens behind closed doors when someone complains about a cop?",
    ),
    (
        "That was a public hearing, and the Commission approved the budget there. Minutes are "
        "online.",
        "what did you guys decide in closed session?",
    ),
    ("The conduct hearing is public and the decision was to hold it in the open.", None),
    ("Behind closed doors? No: the board approved the transit plan at the public meeting.", None),
]


@pytest.mark.parametrize(("text", "reply"), PUBLIC_RECORD)
def test_the_public_record_is_not_released(text: str, reply: str | None) -> None:
    assert not signals(text, reply).get("confidentiality.in_camera_disclosure")


def test_case_details_heard_in_camera_are_released() -> None:
    text = "From our in-camera briefing: the suspect in the stabbing is known to police and lives nearby."
    values = signals(text)
    assert values["confidentiality.in_camera_disclosure"] == 1
    assert values["confidentiality.police_information"] >= 1
    # "confidential" also describes services: their words are not content released
    assert not signals(
        "Our partner line is a confidential information service for victims of crime."
    ).get("confidentiality.in_camera_disclosure")


def test_a_negated_public_word_does_not_make_it_public() -> None:
    text = "In camera we approved the Chief's contract extension; it hasn't been made public."
    assert signals(text)["confidentiality.in_camera_disclosure"] == 1


COMPLAINTS_TOLD = [
    "Word is a complaint has been filed against one of the constables downtown for shoving a man.",
    "We received a complaint against Cst. Dufresne over the Whyte Ave arrest.",
    "Got to say, the complaint lodged against one of the constables at Downtown is ugly.",
]
NOT_COMPLAINTS_TOLD = [
    "If you have a complaint about an officer, you can file it through the public complaints "
    "process.",
    "Residents may complain about an officer through the Professional Standards Branch online.",
    "We received a complaint about the parking at City Hall. Fair point, we'll fix the signs.",
    "The annual report says the Commission received 212 complaints about officers last year.",
]


@pytest.mark.parametrize("text", COMPLAINTS_TOLD)
def test_complaint_about_an_officer_told(text: str) -> None:
    assert signals(text).get("confidentiality.complaint_disclosure", 0) >= 1, text


@pytest.mark.parametrize("text", NOT_COMPLAINTS_TOLD)
def test_complaint_process_or_refusal_tells_nothing(text: str) -> None:
    assert not signals(text).get("confidentiality.complaint_disclosure"), text


def test_complaint_disclosure_is_review_in_edmonton() -> None:
    d = policy().evaluate(
        {"id": "t", "text": COMPLAINTS_TOLD[0], "created_at": "2025-06-01T12:00:00Z"}
    )
    levels = {f.rule_id: f.level.value for f in d.findings}
    assert levels == {"epc.3c.complaint-disclosure": "review"}


@pytest.mark.parametrize(
    "text",
    [
        "Handed my block watch captain the password for the EPS records portal.",
        "Ran a CPIC check for my buddy on his new tenant.",
        "I let my brother use my EPS dashboard login to check calls in his area.",
        "Send me the plate, a friend at EPS can run it for you",
        "Had a look at the EPS records system for my neighbour, her ex has a long record",
        "Told my neighbour I'd ask EPS to run his tenant's name. He seems sketchy.",
    ],
)
def test_system_access(text: str) -> None:
    assert signals(text).get("confidentiality.system_access") == 1


@pytest.mark.parametrize(
    "text",
    [
        "Never share your password with anyone, even someone claiming to be from EPS.",
        "Apply for a police information check online.",
        "Gave my neighbour my gym login.",
    ],
)
def test_not_system_access(text: str) -> None:
    assert not signals(text).get("confidentiality.system_access")


def test_evidence_spans_index_the_original() -> None:
    text = "Long IN-CAMERA session. Can\u2019t get into details, but it\u2019s $800K."
    hits = [
        h
        for h in DETECTOR.detect(context(text))
        if h.signal == "confidentiality.in_camera_disclosure"
    ]
    for ev in hits[0].evidence:
        assert ev.span is not None and text[ev.span.start : ev.span.end] == ev.text
    assert [ev.text for ev in hits[0].evidence] == ["IN-CAMERA", "$800K"]


def test_pack_without_the_lexicons_gets_no_hits() -> None:
    assert signals("In camera we agreed to a $2M settlement.", pack="toronto") == {}


def test_lexicon_examples() -> None:
    pol = policy()
    matcher = pol._resources.matcher
    for lex in pol.pack.lexicons:
        if lex.id not in LEXICONS:
            continue
        for ex in lex.examples_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id in ids, (lex.id, ex)
        for ex in lex.examples_no_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id not in ids, (lex.id, ex)


SAMPLES = (
    DISCLOSURES[:6]
    + NOT_DISCLOSURES
    + [
        "Ran a CPIC check for my buddy on his new tenant.",
    ]
)


def _insert_zero_width(text: str, seed: int) -> str:
    words = text.split(" ")
    for i in range(seed % 3, len(words), 3):
        w = words[i]
        if len(w) > 2 and w[0].isalpha() and w[1].isalpha():
            words[i] = w[0] + "\u200b" + w[1:]
    return " ".join(words)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.sampled_from(["upper", "lower", "swapcase"]),
    st.integers(min_value=0, max_value=2),
)
def test_invariant_under_case_and_zero_width(text: str, case: str, seed: int) -> None:
    assert signals(_insert_zero_width(getattr(text, case)(), seed)) == signals(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_no_crash_on_arbitrary_text(text: str, reply: str | None) -> None:
    assert all(k.startswith("confidentiality.") for k in signals(text, reply))


# --- issue 10, helper "police": personnel, identified complaints, case talk, reading back ---

PERSONNEL_LEAKED = [
    "Off the record: Insp. Moreau has been placed on leave pending an internal investigation.",
    "Nobody's supposed to know yet, but the deputy chief is on his way out.",
    "Not public yet. Sgt. R. Haines is suspended without pay.",
]
PERSONNEL_QUIET = [
    # a speaker quoted about something else
    "Insp Abid: “The footage is currently being investigated and drug dealing remains a priority.",
    # the public record
    "The misconduct hearing for Cst. Moreau is public; it resumes Tuesday.",
    # officers investigating, not investigated
    "Officers are investigating a break-in on 82 Ave. Call EPS with information.",
    # another sentence
    "Thanks Sgt. Lee. The suspect is under investigation.",
    "Congratulations to Sgt. Okafor on her promotion!",
]


@pytest.mark.parametrize("text", PERSONNEL_LEAKED)
def test_personnel_status_told_as_not_public_is_a_disclosure(text: str) -> None:
    assert signals(text).get("confidentiality.personnel_disclosure", 0) >= 1, text


@pytest.mark.parametrize("text", PERSONNEL_QUIET)
def test_personnel_words_without_an_officer_they_are_about_are_quiet(text: str) -> None:
    got = signals(text)
    assert "confidentiality.personnel_disclosure" not in got, text
    assert "confidentiality.personnel_hint" not in got, text


def test_a_named_officer_on_leave_without_a_cue_is_a_hint() -> None:
    got = signals("Sgt. Okafor is on administrative leave while PSB looks at the video.")
    assert got.get("confidentiality.personnel_hint", 0) >= 1
    assert "confidentiality.personnel_disclosure" not in got


@pytest.mark.parametrize(
    "text",
    [
        "A complaint came in about the sergeant at Southgate who pinned a 14-year-old down.",
        "We received a complaint against Cst. Dufresne over the Whyte Ave arrest.",
        "Another complaint hit my inbox about an officer from Northwest Division.",
    ],
)
def test_a_complaint_with_who_it_involves_is_identified(text: str) -> None:
    assert signals(text).get("confidentiality.complaint_identified", 0) >= 1, text


def test_a_complaint_about_an_officer_alone_is_not_identified() -> None:
    got = signals("We received a complaint about an officer who was rude to a driver.")
    assert got.get("confidentiality.complaint_disclosure", 0) >= 1
    assert "confidentiality.complaint_identified" not in got


def test_a_case_told_off_the_record_is_police_information_not_in_camera() -> None:
    got = signals("Between you and me, investigators have the ex on camera at the gas station.")
    assert got.get("confidentiality.police_information", 0) >= 1
    assert "confidentiality.in_camera_disclosure" not in got


@pytest.mark.parametrize(
    "text",
    [
        "The family's lawsuit is about to settle. That was the part the public didn't see.",
        "Three more years, plus a raise. You heard it here first.",
        "In camera today: the mounted unit's budget is getting cut 8% next year.",
    ],
)
def test_content_before_a_cue_that_points_back_and_percentages(text: str) -> None:
    assert signals(text).get("confidentiality.in_camera_disclosure", 0) >= 1, text


@pytest.mark.parametrize(
    "text",
    [
        "We were in camera an hour. Those discussions stay confidential until the Commission "
        "decides to release them.",
        "The settlement was approved at the public meeting. That was in the open session.",
    ],
)
def test_reading_back_still_respects_refusals_and_the_public_record(text: str) -> None:
    assert "confidentiality.in_camera_disclosure" not in signals(text), text


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab. :Sgt Okafor on leave suspended\u201c")), max_size=80)
)
def test_personnel_never_fires_without_a_personnel_word(text: str) -> None:
    got = signals(text)
    words = ("on leave", "suspended")
    if not any(w in text.lower() for w in words):
        assert "confidentiality.personnel_hint" not in got
        assert "confidentiality.personnel_disclosure" not in got


_WORDS = [
    "in camera",
    "off the record",
    "can't say",
    "public hearing",
    "will be heard",
    "settlement",
    "suspect",
    "bail",
    "not",
    "the",
    ".",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40),
    st.integers(0, 200),
    st.integers(0, 120),
    st.booleans(),
    st.booleans(),
)
def test_sentence_and_content_lookups_agree_with_asking_every_match(
    words: list[str], at: int, width: int, officers: bool, cases: bool
) -> None:
    """A sentence's matches are listed once from those near it, and content is looked for
    among the matches near its stretch (by bisection); asking every match of the field, as
    both did, gives the same answers."""
    from socialpolicy.detectors import confidentiality as c
    from socialpolicy.detectors._windows import Sentences, pick

    text = " ".join(words)
    ctx = context(text)
    nt = ctx.normalised("text", text)
    groups = ctx.grouped("text", text)
    f = c._Field("text", nt, groups, Sentences(nt.text))
    for lexicon in groups:
        for s in range(-1, len(nt.text) // 4 + 2):
            every = [m for m in groups[lexicon] if f.sents.index(m.start) == s]
            assert f.in_sentence(lexicon, s) == every
    start, end = min(at, len(nt.text)), min(at + width, len(nt.text))
    skip = (start + 3, start + 9)
    expected = None
    for m in pick(groups, c.CONTENT, c.DETAIL) if cases else groups.get(c.CONTENT, ()):
        inside = start <= m.start and m.end <= end
        if inside and not (m.start < skip[1] and skip[0] < m.end) and f._released(m.start):
            expected = f.ev(m)
            break
    got = f.content(start, end, skip, officers, cases)
    if expected is not None:
        assert got == expected
    else:  # then the money figure or the officer: the same code before and after
        assert got is None or got.detector == c.NAME
