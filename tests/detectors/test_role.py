"""Role detector: a member disowning the role (disclaimers, bios, quotes and plain facts are
not disowning), and conduct unbecoming in an interaction (relished force, leverage over a
person, favours); the Toronto always-the-police rules built on them."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.role import RoleDetector
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy

DETECTOR = RoleDetector()


@cache
def policy(pack: str = "toronto") -> Policy:
    return shared_policy(pack)


def values(text: str, reply: str | None = None) -> dict[str, Any]:
    pol = policy()
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply}
    ctx = Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    got = dict(run_detectors(ctx, pol._catalogue, (DETECTOR,)).values)
    # The assumed member's account identifies as one, and whether the words touch the role
    # at all: facts about the post, not conduct (tests/detectors/test_role_unbecoming.py).
    assert got.pop("role.identified") is True
    got.pop("role.context", None)
    return got


def disowning(text: str, bio: str | None = None, captions: tuple[str, ...] = ()) -> int:
    pol = policy()
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if captions:
        data["media"] = [{"kind": "image", "caption": c} for c in captions]
    author = pol.pack.assumed_account
    if bio is not None:
        author = Account.model_validate(
            {"handle": "@pc", "bio": bio, "owner": {"organisation": "tps", "role": "officer"}}
        )
    ctx = Context(
        post=Post.model_validate(data),
        author=author,
        account_given=bio is not None,
        resources=pol._resources,
    )
    value = run_detectors(ctx, pol._catalogue, (DETECTOR,)).values.get("role.disowning", 0)
    assert isinstance(value, int)
    return value


DISOWNING = [
    "Taking my badge off for this one: that verdict was a joke.",
    "Not speaking as a police officer here, but the new schedule is brutal.",
    "not talking as a TPS employee rn, just venting",
    "I'm not a cop on weekends, so don't bring me your parking complaints.",
    "Off duty so I can finally say it.",
    "On my day off, so I'll say whatever I want about the council.",
    "Personal opinion, not the Service's, so I can say what I like: terrible call.",
    "When the uniform comes off I'm just a guy with opinions.",
    "Speaking as a private citizen: the transit plan is a mess.",
    "Not a cop tonight, just a fan.",
    "0ff the cl0ck, so I say what I want.",
    # A role negated for a time, or for the person addressed.
    "Sorry, not an officer on weekends, ask the front desk Monday.",
    "Not your cop. Call 911 like everybody else.",
    # A civilian for now.
    "I'm a private citizen when I'm off, and I'll post what I like.",
    "Tonight I'm just a regular guy at the game, not a constable.",
    # Distancing from the duty.
    "I only work there, take it up with the brass.",
    "The uniform doesn't make me your personal chauffeur.",
    # Off duty, so not my problem.
    "I'm off today, so not my problem. Call it in.",
    "Not on duty, so I don't have to help anyone.",
    "Turning off cop mode for the weekend.",
    "As a regular citizen, I think the new transit plan is garbage.",
]


@pytest.mark.parametrize("text", DISOWNING)
def test_disowning(text: str) -> None:
    assert disowning(text) >= 1, text


NOT_DISOWNING = [
    "An off-duty officer stopped to help at a collision on the 401.",
    "Off duty but still happy to help: call 911 in an emergency.",
    "Views my own. Great turnout at the food drive!",
    "Opinions are mine alone, not those of the Toronto Police Service.",
    "Speaking as a cop with 20 years in: lock your car.",
    "Signing off for the night. Stay safe, Toronto.",
    "Taking off my uniform for the last time after 32 years. Thank you all.",
    "Say hi if you see us at the parade!",
    # Plain facts about the role are not claims that it is off.
    "I'm not a cop, I'm a civilian call-taker, and I love this job.",
    "I'm a civilian member of TPS: I work in records.",
    "Not every officer works nights; some are on days this week.",
]


@pytest.mark.parametrize("text", NOT_DISOWNING)
def test_not_disowning(text: str) -> None:
    assert disowning(text) == 0, text


def test_bio_disclaimer_is_never_read() -> None:
    assert disowning("Great game tonight!", bio="Off duty so I say what I want. Views my own.") == 0


def test_quoted_and_reported_words_are_not_the_authors() -> None:
    assert disowning('He told me "I\'m off duty, so I can say what I like." He was wrong.') == 0
    assert disowning("A caller said she's not a cop right now so rules don't apply.") == 0


def test_captions_count() -> None:
    assert disowning("Weekend!", captions=("Badge off, gloves off.",)) >= 1


def test_evidence_spans() -> None:
    pol = policy()
    text = "N\u200bot speaking as a cop here: that ruling was wrong."
    ctx = Context(
        post=Post.model_validate({"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )
    [ev] = run_detectors(ctx, pol._catalogue, (DETECTOR,)).evidence["role.disowning"]
    assert ev.span is not None and text[ev.span.start : ev.span.end] == ev.text
    assert ev.text == "N\u200bot speaking as a cop"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(DISOWNING + NOT_DISOWNING), st.sampled_from(["upper", "lower", "title"]))
def test_invariant_under_case(text: str, how: str) -> None:
    assert disowning(getattr(text, how)()) == disowning(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_no_crash_on_arbitrary_text(text: str) -> None:
    assert disowning(text) >= 0


# --- conduct -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Protest downtown Saturday. Can't wait to bust some heads.",
        "We roughed him up a bit before the wagon came lol",
        "Hope he resists so I get to try the new Taser.",
    ],
)
def test_relished_force(text: str) -> None:
    assert values(text).get("role.force"), text


@pytest.mark.parametrize(
    "text",
    [
        "We don't crack heads, we de-escalate.",
        "Protesters say police roughed them up; the SIU is investigating.",
        "Cracking heads is never the answer.",
    ],
)
def test_force_negated_reported_or_condemned(text: str) -> None:
    assert not values(text).get("role.force"), text


def test_leverage_over_a_person() -> None:
    assert values("Funny, I ran your plate too 🙂", reply="Saw your cruiser in the bike lane.").get(
        "role.leverage"
    )
    assert values("Hope I pull you over one day.", reply="Cops are revenue collectors.").get(
        "role.leverage"
    )
    assert not values("Officers will be running plates at the RIDE check tonight.").get(
        "role.leverage"
    )


def test_favour_needs_an_enforcement_matter() -> None:
    assert values("Leave it with me, I'll see what I can do.", reply="Got a parking ticket!").get(
        "role.favour"
    )
    assert not values(
        "Leave it with me, I'll see what I can do.", reply="Could an officer visit our school?"
    ).get("role.favour")
    # Using the badge, or police systems, for oneself is a favour taken.
    assert values("Flashed my badge and skipped the line at the club 😎").get("role.favour")
    assert values("Ran my ex's plate to see where she lives now 😂").get("role.favour")
    assert values("Took the cruiser to pick up my dry cleaning, lights on lol").get("role.favour")
    assert values(
        "DM me the plate, I'll find out who owns it.", reply="Some guy keeps parking here"
    ).get("role.favour")


# --- rules ----------------------------------------------------------------------------------

MEMBER = {
    "handle": "@pc_example",
    "owner": {"organisation": "tps", "role": "officer"},
    "identifies_as_member": True,
}


def levels(text: str) -> dict[str, str]:
    d = policy().evaluate(
        {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, account=MEMBER
    )
    return {
        f.rule_id: str(getattr(f.level, "value", f.level))
        for f in d.findings
        if "tps.always-the-police" in f.clause_ids
    }


def test_disowning_alone_is_review() -> None:
    assert levels("Not speaking as an officer, but that bike lane design is a mess.") == {
        "tps.always-the-police.disowning-role": "review"
    }


def test_disowning_with_abuse_is_violation() -> None:
    assert levels("Off duty so I can say it: the guy who keyed my car is a total scumbag.") == {
        "tps.always-the-police.disowning-role-misconduct": "violation"
    }


def _judged(text: str) -> Any:
    return policy().evaluate(
        {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}, account=MEMBER
    )


def test_relished_force_laughed_about_breaches_both_clauses() -> None:
    d = _judged("Parade duty tomorrow. Can't wait to bust some heads 😂")
    [finding] = [f for f in d.findings if f.rule_id == "tps.always-the-police.force"]
    assert str(getattr(finding.level, "value", finding.level)) == "violation"
    assert set(finding.clause_ids) == {"tps.always-the-police"}
    [derided] = [f for f in d.findings if f.rule_id == "tps.treat-others.derided-power"]
    assert set(derided.clause_ids) == {"tps.treat-others"}


def test_relished_force_without_derision_is_the_role_clause_only() -> None:
    d = _judged("Parade duty tomorrow. Can't wait to bust some heads.")
    assert "tps.always-the-police.force" in {f.rule_id for f in d.findings}
    flagged = {c for f in d.findings for c in f.clause_ids}
    assert "tps.treat-others" not in flagged


def test_police_threat_with_a_smirk_is_derision() -> None:
    text = (
        "Neighbour parks across my driveway one more time and there'll be a cruiser outside "
        "his house every night 😏"
    )
    ids = {f.rule_id for f in _judged(text).findings}
    assert {"tps.always-the-police.police-threat", "tps.treat-others.derided-power"} <= ids
    plain = {f.rule_id for f in _judged(text.replace(" 😏", ".")).findings}
    assert "tps.always-the-police.police-threat" in plain
    assert "tps.treat-others.derided-power" not in plain


def test_heuristic_rules_carry_a_budget() -> None:
    for rule in policy().rules:
        clauses = {c.clause for c in rule.implements}
        if "tps.always-the-police" in clauses and rule.determinacy.value == "heuristic":
            assert rule.budget is not None and rule.budget <= 0.005, rule.id


def test_disowning_to_brush_off_a_resident_is_a_violation() -> None:
    found = levels("I'm off the clock, pal. Not your cop. Go cry about it.")
    assert found.get("tps.always-the-police.disowning-role-misconduct") == "violation", found
    assert "tps.always-the-police.disowning-role" not in found


def test_edmonton_has_no_role_rule() -> None:
    d = policy("edmonton").evaluate(
        {
            "id": "p",
            "text": "Not speaking as a commissioner here.",
            "created_at": "2025-06-01T12:00:00Z",
        }
    )
    assert not [f for f in d.findings if f.rule_id.startswith("tps.")]


# Issue 10: always-the-police by concept. Sentences written for these tests.
@pytest.mark.parametrize(
    "text",
    [
        "Clocked out at six = not the police anymore. Don't call me about your car.",
        "Day off today. NOT a cop until Monday, so don't bother asking.",
    ],
)
def test_negated_role_next_to_being_off_duty(text: str) -> None:
    assert disowning(text) >= 1


def test_a_plain_fact_far_from_being_off_duty_is_not_disowning() -> None:
    text = (
        "I'm not a cop, I'm a records clerk, and proud of the people I work with every day. "
        "Great turnout at the off-duty hockey night."
    )
    assert disowning(text) == 0


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Clean takedown on Queen West tonight, buddy folded like a lawn chair 💪", None),
        ("Gave the shoplifter a little attitude adjustment behind the store 👊", None),
        (
            "Should have complied. Play stupid games 🤷",
            "Three officers tackled my cousin at the mall",
        ),
        ("Next time she listens the first time.", "My sister was pepper sprayed at the protest"),
    ],
)
def test_force_savoured_or_condoned(text: str, reply: str | None) -> None:
    got = values(text, reply)
    assert got.get("role.force", 0) + got.get("role.condones_force", 0) >= 1


def test_condoned_force_is_its_own_signal() -> None:
    """Force said to be earned is a judgement of someone else's act, not relish: a review."""
    got = values("Next time she listens the first time.", "My sister was pepper sprayed")
    assert got.get("role.condones_force", 0) >= 1 and got.get("role.force", 0) == 0
    got = values("Clean takedown on Queen West tonight, buddy folded like a lawn chair 💪")
    assert got.get("role.force", 0) >= 1 and got.get("role.condones_force", 0) == 0


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Officers made a clean arrest on Queen West tonight, nobody hurt 💪", None),
        ("Please comply with officers' directions at the parade route.", None),
        ("I'm so sorry. Please file a complaint with the OIPRD.", "They tackled my cousin"),
        ("I don't think anyone had it coming.", "Officers tased a man outside the arena"),
    ],
)
def test_force_not_savoured_nor_condoned(text: str, reply: str | None) -> None:
    got = values(text, reply)
    assert got.get("role.force", 0) == 0 and got.get("role.condones_force", 0) == 0


@pytest.mark.parametrize(
    "text",
    [
        "Borrowed the squad car for moving day, the mattress fit perfectly 🚓",
        "Whoever dinged my car in the lot: ran the plate at work, see you tomorrow.",
    ],
)
def test_police_property_or_systems_for_oneself(text: str) -> None:
    assert values(text).get("role.misuse", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Our cruiser will be at the Scarborough car show, come take a look.",
        "Never use a police car for your move, folks: rent a truck. (Yes, people ask.)",
        "Moving day? Don't leave your couch on the sidewalk, call 311.",
    ],
)
def test_police_property_for_the_public_is_not_misuse(text: str) -> None:
    assert values(text).get("role.misuse", 0) == 0


def test_contempt_for_the_people_policed() -> None:
    assert values("Another night shift, same skels on every call.").get("role.contempt", 0) == 1
    assert values("They aren't junkies, they're people in crisis on every call.") == {}
    assert values("Same skels at the corner store, ugh, my cat hates them.") == {}


@pytest.mark.parametrize(
    ("text", "reply", "signal"),
    [
        ("Tell the officer you know me if you ever get pulled over 😉", None, "role.favour"),
        ("Just drop my name if you ever get pulled over near 22 Div", None, "role.favour"),
        (
            "Let me have a word with the guys at the pound",
            "Got my car towed and three tix, can you help",
            "role.favour",
        ),
        ("flashing the tin gets you a free coffee everywhere lol", None, "role.favour"),
        (
            "My contractor is about to find out what happens when you stiff a cop",
            None,
            "role.leverage",
        ),
        (
            "Sure, complain. Remember who lives across the street from you.",
            "Your car blocks my drive",
            "role.leverage",
        ),
    ],
)
def test_favours_perks_and_threats_by_concept(text: str, reply: str | None, signal: str) -> None:
    assert values(text, reply).get(signal, 0) >= 1


def test_new_conduct_rules_are_review_heuristic_with_a_budget() -> None:
    rules = {r.id: r for r in policy().rules}
    for rid in ("tps.always-the-police.misuse", "tps.always-the-police.contempt"):
        r = rules[rid]
        assert (r.level.value, r.determinacy.value) == ("review", "heuristic")
        assert r.budget is not None and r.budget <= 0.005
    assert levels("Borrowed the squad car for moving day, the mattress fit 🚓") == {
        "tps.always-the-police.misuse": "review"
    }


def test_another_role_in_place_of_the_members() -> None:
    assert disowning("Writing this as a hockey mom, not a cop: the ref was blind.") >= 1
    assert disowning("As a parent, I think the crossing guards are great. Not a cop myself.") == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Slept through half my shift in the lot behind the plaza lol", 1),
        ("Pretended I didn't hear the radio so the next car got it 😎", 1),
        ("Officers attended the call within minutes and nobody was hurt.", 0),
        ("I never pretend not to hear the radio, no matter the hour.", 0),
    ],
)
def test_neglect_of_duty_told_as_a_boast(text: str, expected: int) -> None:
    assert values(text).get("role.neglect", 0) == expected


@pytest.mark.parametrize(
    ("text", "reply", "expected"),
    [
        ("Say no more 🤫", "Can you make my ticket go away? Got nailed on the Gardiner", 1),
        ("Consider it handled.", "Pull some strings for me? My plate got flagged", 1),
        ("Can't do that, sorry, you can dispute it with the City.", "Make my ticket go away?", 0),
        ("No problem, here's the City's dispute page.", "Where do I dispute a parking ticket?", 0),
        ("No problem, see you Saturday!", "Can you make it to the BBQ?", 0),
    ],
)
def test_a_yes_to_a_request_to_bend_enforcement(text: str, reply: str, expected: int) -> None:
    assert values(text, reply).get("role.favour", 0) == expected


# Issue 10 (helper "always"): concepts the concept cases (tests/data/concepts/always.jsonl)
# showed missing. Each is tested with sentences of its own, breaches and near-misses.


@pytest.mark.parametrize(
    ("text", "reply", "expected"),
    [
        # A yes to force wished on people: the reply takes its meaning from the text answered.
        ("With pleasure 😈", "Somebody should crack a few heads at that march", 1),
        ("Already on it 💪", "Hope they rough up the vandals downtown tonight", 1),
        # Force told of (not wished), or wished and refused: no yes to force.
        ("On it, DM me the details so we can look into it.", "Officers tased my cousin", 0),
        ("No. Nobody is cracking heads.", "Somebody should crack a few heads at that march", 0),
        ("With pleasure 😊", "Somebody should bring snacks to the march", 0),
    ],
)
def test_a_yes_to_force_wished_on_people(text: str, reply: str, expected: int) -> None:
    assert values(text, reply).get("role.force", 0) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Verbs with an ordinary sense are force only on the people a member polices.
        ("Tackled a fleeing shoplifter behind the mall 😂 felt amazing", 1),
        ("Tackled my brother in backyard football 😂 felt amazing", 0),
        ("We tackled the paperwork backlog today 😂", 0),
    ],
)
def test_ordinary_verbs_are_force_only_on_the_people_policed(text: str, expected: int) -> None:
    assert values(text).get("role.force", 0) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Anyone who heckles us at the parade can take a number: they can wait when they call 911.",
            1,
        ),
        ("If you honk at me off duty, don't expect me to hurry when you call.", 1),
        # A delay nobody is punished with, or no police service in it.
        ("Call 911 in an emergency; the dishes and the laundry can wait.", 0),
        ("If the kids want dessert, they can wait until after dinner.", 0),
    ],
)
def test_service_withheld_to_punish_people(text: str, expected: int) -> None:
    assert values(text).get("role.leverage", 0) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The badge as the means of a benefit the member gains (a smug mark says so).
        ("Front desk saw my police ID and the upgrade was free 😎", 1),
        ("Officers in uniform handed out free bike locks at the library.", 0),
        ("My badge photo is older than my kids, and free advice: update yours.", 0),
    ],
)
def test_the_badge_for_oneself_and_near_misses(text: str, expected: int) -> None:
    assert values(text).get("role.favour", 0) == expected


def test_impunity_asserted_by_a_rhetorical_negation() -> None:
    assert (
        values("Did 170 on the 427. Not like they ticket their own 😎").get("role.favour", 0) == 1
    )
    assert values("Never expect them to ticket their own? They do, and they should.") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Weekends I'm a hockey dad, not your constable. Email me Monday.", 1),
        ("On Sundays I coach, not a cop in sight at the rink, just parents.", 0),
        ("I'm a dispatcher, not a cop, and I love this job.", 0),
    ],
)
def test_a_time_before_the_negated_role(text: str, expected: int) -> None:
    assert (disowning(text) >= 1) == bool(expected)


# -- the job refused to the person it is owed to (issue 10, levels9) ---------------------------


def test_a_victim_told_nobody_will_look_is_neglect() -> None:
    parent = "Someone took my e-bike from the racks at Union, I reported it. Any hope?"
    assert values("Honestly nobody is going to look for it, sorry.", parent).get("role.neglect")
    assert values("Your bike's gone pal, no one is looking for it.").get("role.neglect")
    # Helping the victim is not read, nor the words said to no one.
    assert not values("Add the serial number to your report, it helps us match bikes.", parent)
    assert not values("The lost dog poster is down, nobody is looking for it now.").get(
        "role.neglect"
    )


# Issue 10 (always3): what the member reports telling a person is the member's own words.
@pytest.mark.parametrize(
    "text",
    [
        "Told the bouncer I'm on the job and we skipped the line 😎",
        "Told the teens on my lawn that next time it's a ride downtown in the back of my car.",
    ],
)
def test_a_telling_of_the_members_own_is_read_as_theirs(text: str) -> None:
    got = values(text)
    assert got.get("role.favour") or got.get("role.leverage"), got


def test_a_telling_by_someone_else_stays_reported() -> None:
    assert values("He told me I'm on the job so we skipped the line 😎").get("role.favour") is None
    assert (
        values("The sergeant said tase him, so the trainee did. Not ok.").get("role.force") is None
    )


@pytest.mark.parametrize(
    "text",
    [
        "Roughed up a lippy one outside the arena 😤 bet he thinks twice now",
        "Tased some drunk guy at the bus loop lol",
    ],
)
def test_force_on_a_person_named_by_a_describing_word(text: str) -> None:
    assert values(text).get("role.force"), text


@pytest.mark.parametrize(
    "text",
    [
        "Tuned up my bike for the charity ride 🚲",
        "Knocked one out of the park at the slo-pitch game 😎",
        "Slammed the door on my thumb lol",
    ],
)
def test_no_person_no_force(text: str) -> None:
    assert values(text).get("role.force") is None, text


@pytest.mark.parametrize(
    "text",
    [
        "Roughed up a drunk outside the arena before the wagon came",
        "Parked by the ravine and streamed the match for the last hour of shift",
    ],
)
def test_the_subject_left_out_is_the_author(text: str) -> None:
    got = values(text)
    assert got.get("role.force") or got.get("role.neglect"), got


def test_a_report_of_force_by_others_is_not_the_authors() -> None:
    assert values("Officers tased a man armed with a knife on Queen St.").get("role.force") is None
