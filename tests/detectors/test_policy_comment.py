"""Policy-comment detector: a member commenting on, explaining or announcing Service policy,
procedures and decisions, however they are named; working knowledge, other senses of
"policy", the law, redirects and official accounts are not such comments."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.policy_comment import PolicyCommentDetector
from socialpolicy.detectors.policy_refs import BARE, EXPLICIT, IMPLIED, references
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = PolicyCommentDetector()
JUDGEMENT = "policy_comment.judgement"
OPINION = "policy_comment.opinion"
HINT = "policy_comment.hint"
STATEMENT = "policy_comment.statement"
ANNOUNCEMENT = "policy_comment.announcement"
CLEAR = "policy_comment.clear_opinion"
CITED = "policy_comment.cited"
CHANGE = "policy_comment.change"
VOICE = "policy_comment.official_voice"
VERDICT = "policy_comment.verdict"
REVIEWED = {OPINION, HINT, STATEMENT, ANNOUNCEMENT, CLEAR, CITED, CHANGE, VOICE, VERDICT}
ELSEWHERE = "policy_comment.elsewhere"  # not a finding: vetoes the clause reader


@cache
def policy() -> Policy:
    return shared_policy("toronto")


def ctx_for(text: str, reply: str | None = None) -> Context:
    pol = policy()
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@resident", "text": reply}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(text: str, reply: str | None = None) -> dict[str, Any]:
    return dict(run_detectors(ctx_for(text, reply), policy()._catalogue, (DETECTOR,)).values)


def test_registered_and_declared() -> None:
    assert any(isinstance(d, PolicyCommentDetector) for d in DETECTORS)
    assert {s.name for s in DETECTOR.signals} == {JUDGEMENT, ELSEWHERE} | REVIEWED


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Whoever signed off on the new 10-hour rotation has clearly never worked one.", None),
        ("Our new dress code is a complete joke.", None),
        ("Honestly? A total waste of money.", "What do you think of the new body cam policy?"),
    ],
)
def test_clear_opinion_of_a_policy_named_by_its_subject(text: str, reply: str | None) -> None:
    assert signals(text, reply).get(CLEAR), text


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("The new 10-hour rotation starts Monday, see you all at parade.", None),
        ("Body cams: some love them, some don't. Ask Corporate Communications.", None),
        ("That parking job outside Tim's is a joke.", None),
        ("Good question, best to ask Corporate Communications.", "Thoughts on the new policy?"),
    ],
)
def test_no_clear_opinion_without_a_tied_subject_and_a_clear_judgement(
    text: str, reply: str | None
) -> None:
    assert not signals(text, reply).get(CLEAR), text


# --- references: policies named without the word "policy" ---------------------------------


def strengths(text: str) -> set[int]:
    ctx = ctx_for(text)
    g = ctx.grouped("text", text)
    return {r.strength for r in references(ctx.normalised("text", text), g)}


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("Our pursuit policy changed.", EXPLICIT),
        ("HQ's new directive landed.", EXPLICIT),
        ("The uniform policy landed.", EXPLICIT),
        ("The new shift schedule landed.", IMPLIED),
        ("The paid duty system again.", IMPLIED),
        ("Whoever signed off on six night shifts in a row.", IMPLIED),
        ("Management changed the overtime rules.", IMPLIED),
        ("The decision to cut the marine unit.", IMPLIED),
        ("We're changing how we respond to noise complaints.", IMPLIED),
        ("We've been told to stop writing warnings.", IMPLIED),
        ("Body cams on every officer.", BARE),
    ],
)
def test_references(text: str, strength: int) -> None:
    assert strength in strengths(text), text


# --- what the post does with the reference ------------------------------------------------

JUDGEMENTS = [
    "THE NEW UNIFORM POLICY IS A DISASTER 😤 whoever signed off on it never stood a winter post",
    "this new polcy on court time is honestly rediculous",
    "Honestly the service's new beard policy makes zero sense",
    "tps procedures on paid duty are so outdated it's embarrassing",
    "HQ's new overtime directive is a slap in the face to every officer on the road.",
    "Our procedure now is no follow-ups on minor thefts. Makes no sense.",
    "Starting this year our procedure is no warnings for phone-in-hand stops. I'd say it's "
    "long overdue.",
    "our new pursuit pol1cy is r1diculous",  # leetspeak
]


@pytest.mark.parametrize("text", JUDGEMENTS)
def test_judgements(text: str) -> None:
    assert signals(text).get(JUDGEMENT, 0) >= 1, text


OPINIONS = [
    "The promotion process for sergeant this year is an embarrassing mess.",
    "The new roster is garbage",
    "Love the new body-worn camera rollout, about time we had them",
    "Whoever came up with the new roster obviously never worked a night.",
    "The decision to scrap the marine unit is a huge mistake.",
    "Our new promotion process is so much fairer than the old one.",
    "I agree with the chief on ending street checks.",
    "Imagine thinking a two-hour video counts as de-escalation training",
    "We were told to stop doing traffic stops on the Gardiner. Absolutely ridiculous.",
]


@pytest.mark.parametrize("text", OPINIONS)
def test_opinions_are_reviewed_not_decided(text: str) -> None:
    got = signals(text)
    assert got.get(OPINION, 0) >= 1 and JUDGEMENT not in got, text


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
    "Because our procedure says any traffic blitz needs a staff sergeant's sign-off.",
]


def test_a_policy_only_cited_as_the_reason_is_its_own_signal() -> None:
    got = signals("Sorry, can't share that with you, it's against policy.")
    assert got.get(CITED, 0) >= 1 and STATEMENT not in got, got


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements(text: str) -> None:
    got = signals(text)
    assert got.get(STATEMENT, 0) >= 1 and JUDGEMENT not in got, text


ANNOUNCEMENTS = [
    "Heads up: the Service will be rolling out body cams to every platoon next month.",
    "Word is they're scrapping the K9 unit by the end of the year.",
    "HQ is about to announce a new promotion process.",
    "Can't say much, but TPS won't be releasing that video.",
]


@pytest.mark.parametrize("text", ANNOUNCEMENTS)
def test_announcements(text: str) -> None:
    got = signals(text)
    assert got.get(ANNOUNCEMENT, 0) >= 1 and JUDGEMENT not in got, text


# --- replies: the subject is in the post replied to ----------------------------------------


@pytest.mark.parametrize(
    ("reply", "text", "signal"),
    [
        ("Thoughts on the new body cam policy?", "Honestly? A waste of money.", OPINION),
        ("Thoughts on the new body cam policy?", "Love it, should've come years ago.", OPINION),
        (
            "Will the police release the footage from the crash?",
            "Yep, it'll be out Friday.",
            ANNOUNCEMENT,
        ),
        (
            "Why did TPS cancel the bike patrols downtown?",
            "Because the bosses want everyone in cars now.",
            STATEMENT,
        ),
    ],
)
def test_replies_answering_for_the_service(reply: str, text: str, signal: str) -> None:
    assert signals(text, reply).get(signal, 0) >= 1, text


@pytest.mark.parametrize(
    ("reply", "text"),
    [
        ("Why did TPS cancel the bike patrols downtown?", "No idea honestly, above my pay grade."),
        (
            "Will the police release the footage from the crash?",
            "Good question, best to ask Corporate Communications, they'll know.",
        ),
        ("Are you going to the police games this year?", "Wouldn't miss it, it will be fun!"),
        ("Thoughts on the new body cam policy?", "Great question, honestly no idea."),
        (
            "Thoughts on the new body cam policy?",
            "Good question! Corporate Communications are better placed to answer it.",
        ),
    ],
)
def test_replies_that_do_not_speak_for_the_service(reply: str, text: str) -> None:
    assert not REVIEWED & signals(text, reply).keys(), text


# --- not comments ----------------------------------------------------------------------------

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
    # redirects and working knowledge
    "For the new policy, our Corporate Communications team is the right place to ask.",
    "Great question! Best to check with Corporate Communications on the new policy.",
    "Our procedure for lost property: drop it at any division front desk.",
    "Ever pictured yourself in uniform? Learn about the hiring process at our recruiting night.",
    "We have a zero tolerance policy for impaired driving. Plan a safe ride home!",
    "Lock your car and hide your valuables, thieves love an easy target.",
    # ordinary member posts that mention Service matters
    "Congrats to Sgt. Patel on her promotion! Well deserved.",
    "Working a night shift tonight, stay safe everyone.",
    "The new cruisers look amazing, can't wait to drive one.",
    "Loved seeing so many families come out to 31 Division for the BBQ!",
    "Reminder: the marine unit will be patrolling the islands all weekend. Life jackets on.",
    "Great police work by our team tonight!",
    # someone else's words, quoted
    'Got a DM today calling me "a disgrace to the uniform" for a parking ticket. Have a nice day.',
]


@pytest.mark.parametrize("text", NOT_COMMENTS)
def test_not_policy_comments(text: str) -> None:
    found = {k: v for k, v in signals(text).items() if k != ELSEWHERE}
    assert found == {}, text


def test_evidence_names_the_policy_and_the_opinion() -> None:
    text = "this new polcy on court time is honestly rediculous"
    out = run_detectors(ctx_for(text), policy()._catalogue, (DETECTOR,))
    assert [e.text for e in out.evidence[JUDGEMENT]] == ["polcy", "rediculous"]


def test_reply_evidence_points_into_the_post_replied_to() -> None:
    parent = "Thoughts on the new body cam policy?"
    out = run_detectors(ctx_for("A waste of money.", parent), policy()._catalogue, (DETECTOR,))
    fields = {e.field: e for e in out.evidence[OPINION]}
    ref = fields["in_reply_to.text"]
    assert ref.span is not None and parent[ref.span.start : ref.span.end] == ref.text


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
    return {f.rule_id: f"{f.level.value}/{f.determinacy.value}" for f in decision.findings}


def test_rule_levels() -> None:
    judged = levels(JUDGEMENTS[0], MEMBER)
    assert judged["tps.accounts-represent-us.policy-judgement"] == "violation/deterministic"
    for text in ("The new shift schedule is brutal.", HINTS[0], "Sorry, it's against policy."):
        got = levels(text, MEMBER)
        assert got["tps.accounts-represent-us.policy-comment"] == "review/heuristic", text
    # stating or announcing a Service policy from a personal account speaks as its spokesperson
    for text in (STATEMENTS[0], ANNOUNCEMENTS[0]):
        got = levels(text, MEMBER)
        assert got["tps.accounts-represent-us.policy-statement"] == "violation/deterministic", text
    # a clear judgement of a policy named by its subject decides by itself
    got = levels(OPINIONS[0], MEMBER)
    assert got == {"tps.accounts-represent-us.policy-opinion": "violation/deterministic"}, got


def test_official_accounts_are_spokespersons() -> None:
    text = "How do we handle noise complaints? Our procedure is to prioritise calls by risk."
    assert levels(text, OFFICIAL) == {}
    assert levels(ANNOUNCEMENTS[0], OFFICIAL) == {}
    # the same explainer from a member's own account speaks for the Service
    assert levels(text, MEMBER) == {
        "tps.accounts-represent-us.policy-statement": "violation/deterministic"
    }


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(JUDGEMENTS + OPINIONS + HINTS + ANNOUNCEMENTS + NOT_COMMENTS), st.data())
def test_invariant_under_case_and_zero_width(text: str, data: st.DataObject) -> None:
    expected = signals(text)
    assert signals(text.upper()) == expected
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(inner))
    zw = data.draw(st.sampled_from(["\u200b", "\u200c", "\u2060", "\ufeff"]))
    assert signals(text[:i] + zw + text[i:]) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=200)))
def test_never_crashes(text: str, reply: str | None) -> None:
    out = run_detectors(ctx_for(text, reply), policy()._catalogue, (DETECTOR,))
    for evs in out.evidence.values():
        for e in evs:
            source = reply if e.field == "in_reply_to.text" else text
            assert e.span is not None and source is not None
            assert source[e.span.start : e.span.end] == e.text


# Issue 10: decisions beyond written policy, and the official voice. Our own sentences.
@pytest.mark.parametrize(
    "text",
    [
        "Command pulled officers from 31 Division for the marathon again. Genius move 🙄",
        "Professional Standards is out of touch: two weeks docked for a typo in a memo.",
        "Another budget cycle, shiny new drones while our laptops take ten minutes to boot.",
        "Skimmed the Chief's strategic plan at lunch. Lots of buzzwords, not one word about nights.",
        "TPS can confirm charges have been laid in the Danforth break-ins. More details to follow.",
    ],
)
def test_decisions_beyond_written_policy_and_the_official_voice(text: str) -> None:
    assert set(signals(text)) & {
        "policy_comment.opinion",
        "policy_comment.hint",
        "policy_comment.statement",
        "policy_comment.announcement",
        "policy_comment.official_voice",
        "policy_comment.clear_opinion",
    }


def test_the_members_own_future_does_not_answer_for_the_service() -> None:
    reply = "Are you lot ever going to do anything about the racing on Kingston Rd?"
    assert "policy_comment.announcement" not in signals(
        "I'll mention it at parade, promise.", reply
    )
    assert "policy_comment.announcement" in signals(
        "Yes, the Service will be adding a parking officer there next month.", reply
    )


# Issue 10 (represent): the clause read by concept. Our own sentences, none from a labelled set.
@pytest.mark.parametrize(
    "text",
    [
        # a duty imposed on members, then a short reaction that judges it
        "We got told to stop writing warnings for bald tires. Total nonsense.",
        # a unit brought back by command, then a reaction
        "Command brought back the bike patrols for the summer. About time!",
        # the maker of an equipment decision, judged in the sentence
        "Whoever picked the new cruisers has never sat in one for a full shift.",
    ],
)
def test_a_clear_judgement_of_a_decision_named_by_its_subject(text: str) -> None:
    assert CLEAR in signals(text)


@pytest.mark.parametrize(
    "text",
    [
        "The drone program is money well spent if you ask me.",
        "Putting tasers in every car was the right call by the Service.",
    ],
)
def test_praise_of_a_service_decision_is_a_comment(text: str) -> None:
    assert set(signals(text)) & {OPINION, CLEAR, JUDGEMENT}


@pytest.mark.parametrize(
    "text",
    [
        "Road is open again, thanks for bearing with us. -TPS",
        "Arrest made in the Danforth break-ins overnight ^TPS",
        "The Toronto Police Service would like to remind everyone the Gardiner closes Friday.",
        "As a Service, we will not tolerate that from anyone in uniform.",
        "A reminder from your Toronto Police: lock your car tonight.",
    ],
)
def test_speaking_or_signing_as_the_service(text: str) -> None:
    assert set(signals(text)) & {VOICE, ANNOUNCEMENT}


@pytest.mark.parametrize(
    "text",
    [
        # passing on the Service's own post, without comment
        "RT @TorontoPolice: The Toronto Police Service would like to remind everyone"
        " the Gardiner closes Friday.",
        # a signature that is not the Service's
        "Great night at the Raptors game with the crew -Sam",
        # the Service mentioned mid-post, not signing it
        "Proud of the TPS team at the food drive - you were amazing",
        # another body's schedule
        "The TTC's new weekend schedule is a joke, forty minutes for a streetcar.",
        # equipment and the drone in ordinary posts, no decision judged
        "Our drones helped find a missing hiker this morning, great work by the team.",
    ],
)
def test_not_the_services_voice_nor_a_comment(text: str) -> None:
    assert not set(signals(text)) & REVIEWED, signals(text)


def test_a_reply_judging_what_the_service_was_asked() -> None:
    asked = "Why did TPS stop the bike patrols on the waterfront?"
    assert OPINION in signals("Not my call, and honestly a huge mistake.", asked)
    assert not set(signals("Not my call, Corporate Communications would know.", asked)) & REVIEWED


# Issue 10 (represent2): concepts read wider, and where the clause does not reach.


@pytest.mark.parametrize(
    "text",
    [
        "My insurer's new claims policy is a joke.",
        "The province's latest bail rules make no sense to me.",
        "The RCMP's new pursuit policy is far stricter than it needs to be.",
    ],
)
def test_another_bodys_policy_is_elsewhere_and_no_comment(text: str) -> None:
    found = signals(text)
    assert found.get(ELSEWHERE), text
    assert REVIEWED.isdisjoint(found) and JUDGEMENT not in found, text


@pytest.mark.parametrize(
    "text",
    [
        "Our pursuit policy makes no sense at all. Bail is a separate story, that one is the province's.",
        "The Service's new bail-hearing procedure makes no sense, never mind the province.",
    ],
)
def test_a_service_policy_beside_another_body_is_not_elsewhere(text: str) -> None:
    found = signals(text)
    assert not found.get(ELSEWHERE), text
    assert found.get(JUDGEMENT) or found.get(CLEAR) or found.get(OPINION), text


@pytest.mark.parametrize(
    "text",
    [
        "The way TPS handles lost dogs is stuck in the past.",
        "Cancelling the citizen academy was a huge mistake by command.",
        "Whoever approved the new vest standard should try wearing it on a July night.",
    ],
)
def test_practices_cuts_and_dares_are_read(text: str) -> None:
    assert not REVIEWED.isdisjoint(signals(text)) or signals(text).get(JUDGEMENT), text


def test_we_voice_about_a_service_matter_is_the_official_voice() -> None:
    assert signals("We sincerely apologize for the response times downtown last night.").get(VOICE)
    # "we" about anything else is how teams talk: no Service matter, no voice
    assert not signals("We apologise for any inconvenience caused by the closure.").get(VOICE)


@given(st.sampled_from(["insurer's", "gym's", "province's", "landlord's"]), st.text(max_size=30))
@settings(max_examples=40, deadline=None)
def test_elsewhere_needs_no_service_body(owner: str, tail: str) -> None:
    """Naming the Service anywhere in the field takes `elsewhere` away."""
    text = f"My {owner} insurance policy changed. {tail} TPS"
    assert not signals(text).get(ELSEWHERE)


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        ("my landlord's new pet policy", None),  # another owner: no reference
        ("my gym's new rules policy", None),
        ("my division's new policy", EXPLICIT),  # the member's own unit: the Service's
        ("whoever approved this", IMPLIED),  # a decision named by its maker
        ("the decision to outsource the tow desk", IMPLIED),
    ],
)
def test_who_owns_a_policy_and_who_made_a_decision(text: str, strength: int | None) -> None:
    ctx = ctx_for(text)
    refs = references(ctx.normalised("text", text), ctx.grouped("text", text))
    best = max((r.strength for r in refs), default=None)
    assert best == strength, (text, refs)


def test_a_question_states_nothing_but_may_judge() -> None:
    assert CHANGE not in signals("Is HQ closing the front counter early today?")
    assert signals("HQ is closing the front counter early today.").get(CHANGE)
    # a rhetorical question still judges
    found = signals(
        "Why would HQ think scrapping the bike patrols was a good idea? Makes no sense."
    )
    assert not REVIEWED.isdisjoint(found) or found.get(JUDGEMENT)


def test_a_short_reaction_judges_a_matter_named_by_its_subject() -> None:
    assert signals("They put the dog handlers on a hiring freeze. Total nonsense.").get(OPINION)
    assert not signals("They put the dog handlers on a hiring freeze.").get(OPINION)


# -- levels: the member's own verdict (a violation) against hedged, reported, questioned or
# unattached judgements (review at most). Wording written for these tests.
@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # predicated of a Service matter named by its subject
        ("Staffing in this division is a slow disaster and nobody upstairs cares.", None),
        ("Paid duty makes zero sense the way we run it now.", None),
        # a stance that takes the Service's practice as its object
        ("Not a fan of how we handle noise complaints on weekends now.", None),
        # a short verdict on a decision right after it
        ("Mandatory overtime again this long weekend. Brilliant planning, management.", None),
        # a reply asked about the Service, judging what it answers
        (
            "Yep, gone since March. Bad move if you ask me.",
            "Does TPS still staff the lakeshore kiosk?",
        ),
    ],
)
def test_verdict_of_a_service_matter(text: str, reply: str | None) -> None:
    assert signals(text, reply).get(VERDICT), text


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # hedged or someone else's view reported
        ("Not saying the new shift schedule is a mess, just saying it crashed twice.", None),
        ("Some people think the new shift schedule is a joke. I'll reserve judgement.", None),
        # a question gives no verdict
        ("Is the new shift schedule a disaster or is it just my car?", None),
        # a Service body judged, not a decision it made
        ("The brass are out of touch.", None),
        # a matter nothing ties to the Service
        ("The staffing shortage is a mess for everyone in healthcare right now.", None),
        # another body's rule
        ("My landlord's new parking rule is absurd.", None),
        # the judgement is not predicated of the reference
        ("Body cams rolled out this week and the weather is a joke.", None),
        # pointing to Corporate Communications
        ("The new shift schedule? Ask Corporate Communications, it's a great question.", None),
        # a hedging reply
        ("No idea, not my call. Bad move maybe?", "Does TPS still staff the lakeshore kiosk?"),
    ],
)
def test_no_verdict_when_hedged_reported_or_unattached(text: str, reply: str | None) -> None:
    assert not signals(text, reply).get(VERDICT), text


def test_verdict_is_a_violation_and_hedged_opinion_a_review() -> None:
    pol = policy()
    account = {
        "handle": "@cst_example",
        "owner": {"organisation": "tps", "role": "officer"},
        "identifies_as_member": True,
    }
    post = {
        "id": "v",
        "text": "Procurement in this outfit is a disaster.",
        "created_at": "2025-06-01T12:00:00Z",
    }
    d = pol.evaluate(post, account=account)
    assert d.verdict.value == "violation"
    assert any(f.rule_id == "tps.accounts-represent-us.policy-verdict" for f in d.findings)
    hint = dict(post, text="New directive on court time came out today. We'll see how that goes.")
    d = pol.evaluate(hint, account=account)
    assert d.verdict.value == "review"


# -- issue 10 (hedged): a hedged, mild or indirect comment on a Service matter named without a
# policy word is a review; the same words about the member's own life or another body pass.
# Wording written for these tests.
REVIEW_ONLY = {OPINION, HINT, CHANGE, CITED, VOICE}
VIOLATING = {JUDGEMENT, CLEAR, VERDICT, STATEMENT, ANNOUNCEMENT}


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # a matter placed at the workplace ("here", "my platoon") with a worded hint
        ("Overtime approvals here have been... creative lately. I'll leave it at that.", None),
        # a practice named by how it is handled, with a puzzled hint
        ("The way we handle found bikes has me scratching my head, not gonna lie.", None),
        # a practice named with "they" and a wish for a different degree
        ("The way they pick people for the bike unit could be a little more open.", None),
        # judgement by degree: excess, in a sentence that hedges
        ("Maybe it's me, but the new leave request process is too rigid.", None),
        ("Two days' notice for lieu time feels a bit short for my platoon.", None),
        # a reply to a question about the Service, with a worded hint
        (
            "Fewer cars downtown than last year, and that was someone's choice.",
            "Why don't I see TPS cruisers downtown at night anymore?",
        ),
    ],
)
def test_hedged_comments_on_a_service_matter_are_reviews(text: str, reply: str | None) -> None:
    found = signals(text, reply)
    assert not REVIEW_ONLY.isdisjoint(found), (text, found)
    assert VIOLATING.isdisjoint(found), (text, found)


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        # a job advert praising the unit: a one-word hint and milder words about a bare matter
        ("My unit is hiring an analyst, great people and genuinely interesting work.", None),
        # the member's own plans, nothing the Service decided
        ("Might put in for nights next year so I can finish my degree. We'll see.", None),
        # another body's practice, named with "how they handle"
        ("My bank changed how they handle disputes and it's a little more painful now.", None),
        # a shrug answering a question about the Service is no answer
        ("No clue, off this week 🤷", "Why did TPS close the Bloor counter?"),
        # excess that is not a judgement of the matter ("too late", "too many")
        ("Staffing the parade took too many calls, but it came together now.", None),
    ],
)
def test_near_misses_of_the_hedged_reading_pass(text: str, reply: str | None) -> None:
    found = signals(text, reply)
    assert {OPINION, HINT}.isdisjoint(found), (text, found)


def test_another_owner_counts_only_in_the_references_sentence() -> None:
    # the member's kids are in the next sentence: the roster is still the Service's
    found = signals("Not saying the new roster is bad. Just saying my kids miss me.")
    assert not found.get(ELSEWHERE) and not REVIEW_ONLY.isdisjoint(found)
    # the school's schedule, owned in its own sentence, is not
    assert not signals("My kids' school changed the schedule again, maybe it's too rigid.").get(
        OPINION
    )


# --- levels (issue 10, levels9): sarcasm, procedures walked through, spending ---------------

OUTRIGHT = {JUDGEMENT, CLEAR, "policy_comment.verdict"}


@pytest.mark.parametrize(
    "text",
    [
        "Love the new court-scheduling directive 🙃 three days off, three subpoenas.",
        "Nothing says we trust the road like a new directive to phone a sergeant before every tow.",
        "Our new overtime policy is just great /s",
    ],
)
def test_a_judgement_sarcasm_carries_is_only_an_opinion(text: str) -> None:
    got = signals(text)
    assert not OUTRIGHT & set(got), text
    assert set(got) & {"policy_comment.opinion", "policy_comment.hint", "policy_comment.change"}


def test_a_plain_verdict_beside_an_eye_roll_still_decides() -> None:
    assert signals("Our new pursuit policy is absolutely ridiculous 🙄").get(JUDGEMENT)


@pytest.mark.parametrize(
    "text",
    [
        "What happens after a DUI stop with us: first the roadside test, then we take you in "
        "for a breath sample, then the sergeant decides on release.",
        "Step one, we put the cuffs on; step two, booking and prints; step three, a phone call "
        "to duty counsel.",
    ],
)
def test_a_procedure_walked_through_is_a_statement(text: str) -> None:
    assert signals(text).get("policy_comment.statement"), text


def test_a_procedure_announced_by_a_how_frame_needs_more_procedure_words() -> None:
    # No step markers: "how ... works with us" announces the walkthrough, with three
    # procedure words after it.
    told = (
        "How a stolen car report works with us: we take the report, an investigator is "
        "assigned, and we flag the plate for every cruiser."
    )
    assert signals(told).get("policy_comment.statement")
    assert not signals("How the food drive works: we collect at the division all week.").get(
        "policy_comment.statement"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Three steps to a safer bike: first lock the frame, then register the serial, finally "
        "snap a photo.",
        "First we grabbed coffee, then we hit the gym, then we napped. Great day off.",
    ],
)
def test_steps_without_a_procedure_are_not(text: str) -> None:
    assert not signals(text).get("policy_comment.statement"), text


def test_service_spending_judged_is_a_clear_opinion() -> None:
    got = signals("HQ keeps blowing money on shiny gadgets as the front counters close early.")
    assert got.get(CLEAR)
    assert signals("The chief's plan to move officers off foot patrol is a bad call.").get(
        "policy_comment.verdict"
    )
