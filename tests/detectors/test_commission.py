"""Commission detector, and the Edmonton rules built on the judgement detectors (3a-3e, 4, NOTE,
guidance): applicability, levels, and the hard negatives."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.commission import LEXICONS, CommissionDetector
from socialpolicy.detectors.context import Context
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = CommissionDetector()


@cache
def policy(pack: str = "edmonton") -> Policy:
    return shared_policy(pack)


def post(text: str, reply: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    return data


def signals(text: str, reply: str | None = None, pack: str = "edmonton") -> dict[str, Any]:
    pol = policy(pack)
    ctx = Context(
        post=Post.model_validate(post(text, reply)),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    return run_detectors(ctx, pol._catalogue, (DETECTOR,)).values


def test_activity_references() -> None:
    assert (
        signals("The police commission meeting ran late again tonight.")["commission.activity"] >= 1
    )
    assert "commission.activity" not in signals("Out for a run in the river valley.")


@pytest.mark.parametrize(
    "text,reply",
    [
        (
            "Another marathon commission meeting, and half the delegations obviously never opened "
            "the report \U0001f644",
            None,
        ),
        ("Frankly, our budget request was reasonable and the Mayor knows it.", None),
        ("EPS's new patrol model is a mess.", None),
        ("Lol what a joke.", "The Commission approved the EPS strategic plan today."),
    ],
)
def test_critical_comment(text: str, reply: str | None) -> None:
    assert signals(text, reply)["commission.critical_comment"] == 1


@pytest.mark.parametrize(
    "text,reply",
    [
        ("Great public meeting tonight. Thanks to everyone who came out.", None),
        ("What a joke of a referee at the Oilers game.", None),
        ("Congrats!", "The Commission approved the EPS strategic plan today."),
    ],
)
def test_not_critical_comment(text: str, reply: str | None) -> None:
    assert not signals(text, reply).get("commission.critical_comment")


@pytest.mark.parametrize(
    "text,reply",
    [
        ("The Commission basically voted to gut community policing today.", None),
        (
            "Don't believe the spin: what really passed at the Commission is a cut, not a freeze.",
            None,
        ),
        (
            "In reality the budget they approved has the youth outreach funding gutted.",
            "This afternoon the Commission approved the 2027 policing budget without amendment.",
        ),
    ],
)
def test_misreported_decision(text: str, reply: str | None) -> None:
    assert signals(text, reply)["commission.misreported_decision"] == 1


@pytest.mark.parametrize(
    "text,reply",
    [
        # a decision word in scare quotes, the process recast, members' views claimed
        ("The Commission didn't really 'approve' the drone pilot, it got rammed through.", None),
        # settled before the Commission decides
        ("Trust me, it's already decided: the chief's contract is getting renewed.", None),
        # a decision not yet taken announced as made
        ("Don't worry, the Commission will approve the new station next week.", None),
        (
            "Consider it done, we're approving the foot patrol at the next meeting.",
            "Will the Commission ever fund foot patrols on Whyte Ave?",
        ),
    ],
)
def test_misreported_decision_concepts(text: str, reply: str | None) -> None:
    got = signals(text, reply)
    assert got["commission.misreported_decision"] == 1
    assert not got.get("commission.contradicted_decision")


@pytest.mark.parametrize(
    "text",
    [
        "This morning the Commission adopted the 2027 budget unchanged, 5-2. Vote: example.org/m",
        "The Commission voted to renew the body camera pilot. Details at example.org/epc",
        "Council basically voted to repave every road in my ward, love it.",
        "The Commission will vote on the foot patrol proposal next week; comments are open.",
        "Thanks for the note, we'll pass this on to the team.",
    ],
)
def test_not_misreported_decision(text: str) -> None:
    got = signals(text)
    assert not got.get("commission.misreported_decision")
    assert not got.get("commission.contradicted_decision")


@pytest.mark.parametrize(
    "text,reply",
    [
        # the opposite outcome of the announcement replied to, for the same thing
        (
            "So basically we've scrapped the drone pilot.",
            "The Commission approved changes to the drone pilot; the pilot continues.",
        ),
        (
            "Great, so the Commission has decided to close the Whyte Ave station.",
            "Commission defers its decision on the Whyte Ave station to June.",
        ),
        (
            "Body cameras are no longer allowed on patrol, period.",
            "The Commission amended the camera policy. Body cameras remain permitted on patrol.",
        ),
        # unanimity over a split vote, across two posts or in one
        (
            "Proud that the Commission unanimously backed the patrol model.",
            "The Commission approved the new patrol model, 4-3.",
        ),
        ("We all agreed the patrol model is the way forward (the vote was 4-3).", None),
    ],
)
def test_contradicted_decision(text: str, reply: str | None) -> None:
    assert signals(text, reply)["commission.contradicted_decision"] == 1


@pytest.mark.parametrize(
    "text,reply",
    [
        (
            "Glad we kept the drone pilot going.",
            "The Commission approved changes to the drone pilot; the pilot continues.",
        ),
        # opposite outcomes about different things
        (
            "And the Commission rejected the overtime cuts, too.",
            "The Commission approved the 2027 budget today.",
        ),
        ("The Commission approved the plan unanimously, 7-0.", None),
        ("All of us had a great time at the 5-2 Oilers game.", None),
    ],
)
def test_not_contradicted_decision(text: str, reply: str | None) -> None:
    assert not signals(text, reply).get("commission.contradicted_decision")


@pytest.mark.parametrize(
    "text",
    [
        "Make no mistake, our Commission stands behind this bylaw all the way.",
        "Speaking for the Commission, we oppose the province's bail changes.",
    ],
)
def test_a_position_claimed_for_the_commission(text: str) -> None:
    assert signals(text)["commission.misreported_decision"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "The Chief supports the new patrol model.",
        "The Edmonton Police Commission wants to hear from you: take our survey.",
    ],
)
def test_not_a_position_claimed_for_the_commission(text: str) -> None:
    assert not signals(text).get("commission.misreported_decision")


def test_a_figure_given_otherwise() -> None:
    record = "Today the Commission approved a 4% increase to the EPS operating budget."
    got = signals("Heads up: the Commission approved a 10% budget increase for EPS.", record)
    assert got["commission.contradicted_decision"] == 1
    assert not signals("Thrilled the Commission approved the 4% increase!", record).get(
        "commission.contradicted_decision"
    )


def test_a_critical_comment_needs_the_commission_or_service_in_view() -> None:
    text = "That was the worst Commission meeting I've sat through. Nobody was prepared."
    assert signals(text)["commission.critical_comment"] == 1
    assert not signals("That was the worst hockey game I've sat through.").get(
        "commission.critical_comment"
    )


def _insert_zero_width(text: str, seed: int) -> str:
    words = text.split(" ")
    for i in range(seed % 3, len(words), 3):
        w = words[i]
        if len(w) > 2 and w[0].isalpha() and w[1].isalpha():
            words[i] = w[0] + "\u200b" + w[1:]
    return " ".join(words)


CASE_SAMPLES = [
    "The Commission basically voted to gut community policing today.",
    "Trust me, it's already decided: the chief's contract is getting renewed.",
    "Don't worry, the Commission will approve the new station next week.",
    "We all agreed the patrol model is the way forward (the vote was 4-3).",
    "That was the worst Commission meeting I've sat through. Nobody was prepared.",
    "This morning the Commission adopted the 2027 budget unchanged, 5-2.",
]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(CASE_SAMPLES),
    st.sampled_from(["upper", "lower", "swapcase"]),
    st.integers(min_value=0, max_value=2),
)
def test_invariant_under_case_and_zero_width(text: str, case: str, seed: int) -> None:
    expected = signals(text)
    assert signals(_insert_zero_width(getattr(text, case)(), seed)) == expected


def test_lexicon_examples() -> None:
    pol = policy()
    matcher = pol._resources.matcher
    for lex in pol.pack.lexicons:
        if lex.id not in LEXICONS and lex.id != "unsure_to_post":
            continue
        for ex in lex.examples_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id in ids, (lex.id, ex)
        for ex in lex.examples_no_match:
            ids = {m.lexicon_id for m in matcher.find(normalise(ex))}
            assert lex.id not in ids, (lex.id, ex)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_no_crash_on_arbitrary_text(text: str, reply: str | None) -> None:
    assert all(k.startswith("commission.") for k in signals(text, reply))


# -- the rules, through policy.evaluate ----------------------------------------------------------


def account(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "handle": "@someone",
        "owner": {"organisation": "epc", "role": "commissioner"},
    }
    base.update(kw)
    return base


MEMBER = account(
    handle="@CommrPat",
    bio="Commissioner, Edmonton Police Commission",
    disclaimer="Contact: pat@example.org. Comments moderated; views my own.",
)
PERSONAL = account(handle="@pat.gardens", bio="Gardener. Grandma.", identifies_as_member=False)
RENAMED = account(
    handle="@pat.gardens",
    identifies_as_member=False,
    previous_handles=["@CommrPat"],
    disclaimer="Contact: pat@example.org. Comments moderated; views my own.",
)
STAFF = account(
    handle="@kay.staff",
    bio="Staff, Edmonton Police Commission office",
    owner={"organisation": "epc", "role": "commission_staff"},
)


def findings(text: str, acc: dict[str, Any] | None, reply: str | None = None) -> dict[str, str]:
    """clause id -> highest level of the findings from the rules of this module's clauses (a
    review-level reading, e.g. the clause reader's, may sit beside a violation)."""
    d = policy().evaluate(post(text, reply), account=acc)
    out: dict[str, str] = {}
    rank = {"advice": 0, "review": 1, "violation": 2}
    for f in d.findings:
        for c in f.clause_ids:
            if c in ("epc.3a", "epc.3e", "epc.4", "epc.note", "epc.guidance") and (
                c not in out or rank[f.level.value] > rank[out[c]]
            ):
                out[c] = f.level.value
    return out


def test_solicitation_binds_members_not_staff() -> None:
    text = "Looking for volunteers to help re-elect Councillor Obi, door knocking Saturdays."
    # Beside a 3 e) finding the NOTE's caution would repeat it: not given.
    assert findings(text, MEMBER) == {"epc.3e": "violation"}
    assert findings(text, None) == {"epc.3e": "violation"}
    assert findings(text, STAFF) == {}
    # A personal account that does not identify: not 3e, but the NOTE's caution.
    assert findings(text, PERSONAL) == {"epc.note": "advice"}
    # A renamed account is still bound, and the rename is flagged beside the breach.
    assert findings(text, RENAMED) == {"epc.3e": "violation", "epc.4": "review"}


def test_probable_solicitation_is_review() -> None:
    text = "We need a few more door-knockers this weekend, DM me."
    assert findings(text, MEMBER) == {"epc.3e": "review"}
    text = "We need a few more door-knockers for Lena this weekend, DM me."
    assert findings(text, MEMBER) == {"epc.3e": "violation"}
    assert findings(text, STAFF) == {}


def test_partisan_post_is_note_advice() -> None:
    text = "Put a yard sign for Okafor on my lawn today. Strongest candidate in the ward!"
    assert findings(text, PERSONAL) == {"epc.note": "advice"}
    assert findings(text, MEMBER) == {"epc.note": "advice"}


def test_official_opinion_levels() -> None:
    text = "The Premier's bail plan is misguided, plain and simple."
    assert findings(text, MEMBER) == {"epc.3a": "violation"}
    assert findings(text, STAFF) == {}
    # not bound by 3 a): the NOTE's caution instead
    assert findings(text, PERSONAL) == {"epc.note": "advice"}
    text = "City council's vote on the camera levy was a joke."
    assert findings(text, MEMBER) == {"epc.3a": "violation"}
    text = "So proud of our MLA for standing up on bail reform."
    assert findings(text, MEMBER) == {"epc.3a": "review"}
    # an insult aimed at a person is not a stance on a body named nearby (a place)
    text = "@rob_yeg honestly you are a pathetic troll, ask anyone at city hall"
    assert "epc.3a" not in findings(text, MEMBER)


def test_contradicted_decision_is_a_violation() -> None:
    got = findings(
        "Proud that the Commission unanimously backed the patrol model.",
        MEMBER,
        reply="The Commission approved the new patrol model, 4-3.",
    )
    assert got == {"epc.3a": "violation"}


def test_misreported_decision_is_review() -> None:
    assert findings("The Commission basically voted to gut community policing.", MEMBER) == {
        "epc.3a": "review"
    }


def test_personal_account_comment_on_commission_is_review() -> None:
    text = "Four hours of police commission meeting. What a waste of time."
    assert findings(text, PERSONAL) == {"epc.4": "review"}
    assert findings(text, STAFF) == {}
    assert findings("Great public meeting tonight, thanks all.", PERSONAL) == {}
    # Renamed: a critical comment or a breach of 3 a)-e) is flagged beside it; a neutral
    # mention of the Commission breaches nothing.
    assert findings(text, RENAMED) == {"epc.4": "review"}
    opinion = "The Premier's bail plan is misguided, plain and simple."
    assert findings(opinion, RENAMED) == {"epc.3a": "violation", "epc.4": "review"}
    assert findings("Long police commission meeting tonight.", RENAMED) == {}


def test_unsure_to_post_is_guidance_advice() -> None:
    text = "Unsure if I can share this yet, but big news is coming next month."
    assert findings(text, MEMBER) == {"epc.guidance": "advice"}
    assert findings(text, PERSONAL) == {"epc.guidance": "advice"}
    assert findings(text, STAFF) == {}


def test_personal_account_misstating_a_decision_is_3a_and_4() -> None:
    reply = "The Commission voted 5-2 to approve the drone pilot program."
    text = "The drone pilot got shot down, thank goodness."
    # Clause 4 puts the comment under the Code of Conduct, whose duty 3 a) restates.
    assert findings(text, PERSONAL, reply=reply) == {"epc.3a": "review", "epc.4": "review"}
    assert findings("The drone pilot went through.", PERSONAL, reply=reply) == {}
    assert findings(text, STAFF, reply=reply) == {}


def test_renamed_account_divulging_police_information_flags_clause_4() -> None:
    text = "Heads up, only two cars are covering the whole north side tonight."
    got = findings(text, RENAMED)
    assert got.get("epc.4") == "review"


def test_guidance_before_posting_is_advice() -> None:
    text = (
        "First time running a Commissioner account, so I'll check with our ED before I post much."
    )
    assert findings(text, MEMBER) == {"epc.guidance": "advice"}
    assert findings("Our Executive Director presented the annual report today.", MEMBER) == {}


# -- issue 10 (political2): settled beforehand, decisions to come, outcomes by concept -------


@pytest.mark.parametrize(
    "text",
    [
        "The Commission has already made up its mind on the new station; the hearing is just for show.",
        "Heads up: we'll be approving the new patrol zones at next month's meeting.",
        "The Commission 'reviewed' the use-of-force policy today. Translation: nothing changes.",
    ],
)
def test_misreported_by_concept(text: str) -> None:
    assert signals(text).get("commission.misreported_decision", 0) >= 1


def test_bare_outcome_verbs_and_defunding_read_against_the_record() -> None:
    record = "The Commission voted to extend the school liaison contract by one year."
    assert signals("So the Commission killed the school liaison contract.", record).get(
        "commission.contradicted_decision"
    )
    assert not signals("Glad the school liaison contract continues.", record).get(
        "commission.contradicted_decision"
    )
    funded = "The Commission voted to keep funding the mounted unit on a seasonal schedule."
    assert signals("We decided to defund the mounted unit.", funded).get(
        "commission.contradicted_decision"
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Commission believes street checks should be banned.",
        "Tonight's Commission vote was a rubber stamp for whatever the Chief wanted.",
        "The Commission signed off on the budget without even reading it.",
        "The Commission chose to ignore the community's voice tonight.",
    ],
)
def test_claims_and_recasts_by_concept(text: str) -> None:
    assert signals(text).get("commission.misreported_decision", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "The Commission wants to hear from you: the safety survey closes Friday.",
        "The Commission is committed to transparency; our minutes are online.",
        "The Commission's decision on the downtown division was 5-2 and I voted with the majority.",
    ],
)
def test_invitations_and_accurate_reports_are_not_misreported(text: str) -> None:
    assert not signals(text).get("commission.misreported_decision")
