"""Political detector: campaign solicitation, opinions on elected officials, partisan posts."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors import run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.political import LEXICONS, PoliticalDetector
from socialpolicy.inputs import Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = PoliticalDetector()


@cache
def policy(pack: str = "edmonton") -> Policy:
    return shared_policy(pack)


def context(
    text: str,
    reply: str | None = None,
    author: str | None = None,
    captions: tuple[str, ...] = (),
    pack: str = "edmonton",
) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"text": reply, "author": author}
    if captions:
        data["media"] = [{"kind": "image", "caption": c} for c in captions]
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(
    text: str,
    reply: str | None = None,
    author: str | None = None,
    captions: tuple[str, ...] = (),
    pack: str = "edmonton",
) -> dict[str, Any]:
    pol = policy(pack)
    out = run_detectors(context(text, reply, author, captions, pack), pol._catalogue, (DETECTOR,))
    return out.values


# -- solicitation (3e): an ask, and a beneficiary that is clearly political ------------------

SOLICITATIONS = [
    "Pls d0nate to my cousin's run for council, every $ counts!",
    "Looking for volunteers to help re-elect Councillor Obi. Sign up at example.org/obi",
    "Door knocking in Ward Nakota Isga every Saturday, bring a friend.",
    "Chip in $25 before the FEC deadline so Democrats hold the Senate.",
    "Sign up to phone bank for the Alberta NDP this week.",
    "Can you make a contribution to keep our campaign for city council going?",
    "Please pitch in whatever you can so Tom can win this seat for the UCP.",
    # helpers named after a need, the candidate's own campaign
    "Lena Brooks's campaign is short on drivers for Saturday. Text me.",
    # tickets for a candidate's fundraiser
    "Last few seats for the dinner supporting mayoral hopeful Ivan Petrov, $120 per person.",
    # lawn signs offered, with the ward that makes them a race
    "Yard signs for Ward 12 just arrived! Who wants one?",
    # the ask and the beneficiary in two sentences
    "So proud of Lena Brooks for running for council. Every little bit helps, link in bio.",
    # an election word with an electoral area is a race
    "Help get Lena elected in Ward 4! E-transfer anything you can.",
    # canvassing for a person named is their campaign
    "We need a few more door-knockers for Lena this weekend, DM me.",
]
HINTS = [
    # a campaign-only helper, but whose campaign is not said
    "We need a few more door-knockers this weekend, DM me.",
    # an invitation to a clearly political place: no money or helpers named
    "Swing by the campaign office on 124 St any evening.",
    # an ambiguous campaign word beside a money ask
    "Our campaign is almost at its goal. Chip in if you can!",
]
NOT_SOLICITATIONS = [
    "Helped out at the food bank warehouse today. They're short on volunteers, sign up online.",
    "Please donate blood this Saturday at the rec centre.",
    "My son's ringette team has a bottle drive Sunday to raise funds for nationals. Drop-offs welcome!",
    "The Commission wants volunteers for its new youth advisory group. Apply online.",
    "Reminder: municipal voting day is coming up. Make sure you're on the voters list!",
    "Elections Edmonton is recruiting election workers. Sign up online.",
    "Huge thanks to the volunteers who set up chairs at Tuesday's forum.",
    "Volunteers needed for the Ward 8 river valley cleanup on Saturday.",
    # police and public-safety campaigns, police volunteering, consultations
    "Impairment can contribute to deadly crashes. Support our holiday drink-driving campaign.",
    "We need volunteers for Citizens on Patrol in the northeast. Sign up at any division.",
    "The Commission wants to hear from you: sign up for our community safety survey.",
    "Cops for Cancer riders are collecting pledges all month. Every dollar helps!",
    "The Coats for Kids campaign needs volunteers to sort donations. Sign up at the station.",
    "Vote for PC Dhillon and her dog Juno in the national police dog awards!",
    # days are not people
    "Phone banking for Saturday's food drive? Sign up at the hall.",
]


@pytest.mark.parametrize(
    "text",
    [
        "Help keep Okonkwo on council: any donation helps, link in bio.",
        "Send Ana Silva to city council this fall! Chip in what you can.",
        "Let's put Priya back on council. Donate through the site.",
    ],
)
def test_a_named_person_kept_on_council_is_the_campaign(text: str) -> None:
    assert signals(text).get("political.solicitation", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Help keep the ravine trails on council's agenda: donate to the Friends of the Ravine.",
        "Please keep Transit on council agenda. Donations to the food bank welcome.",
        "We need to keep an eye on council spending; donate to the library fund.",
    ],
)
def test_council_business_is_not_a_seat(text: str) -> None:
    assert not signals(text).get("political.solicitation")


@pytest.mark.parametrize("text", SOLICITATIONS)
def test_solicitation_fires(text: str) -> None:
    assert signals(text).get("political.solicitation", 0) >= 1


@pytest.mark.parametrize("text", HINTS)
def test_probable_solicitation_is_a_hint(text: str) -> None:
    got = signals(text)
    assert got.get("political.solicitation_hint", 0) >= 1
    assert not got.get("political.solicitation")


@pytest.mark.parametrize("text", NOT_SOLICITATIONS)
def test_not_solicitation(text: str) -> None:
    got = signals(text)
    assert not got.get("political.solicitation")
    assert not got.get("political.solicitation_hint")


def test_reply_supplies_the_campaign() -> None:
    reply = "Where do I sign up for Okafor's council campaign?"
    assert (
        signals("Message me, we need door knockers and folks to pitch in $25", reply)[
            "political.solicitation"
        ]
        >= 1
    )
    assert not signals("Message me, we need door knockers and folks to pitch in $25").get(
        "political.solicitation"
    )
    # The reply's own asks are not the author's.
    assert not signals("Sounds great.", "Donate to Kim's campaign for mayor!").get(
        "political.solicitation"
    )


def test_the_author_of_the_post_replied_to_supplies_the_campaign() -> None:
    got = signals(
        "Everyone go donate, link below 👇", "Our campaign launches today!", "@LiForCouncil"
    )
    assert got["political.solicitation"] >= 1
    assert not signals("Everyone go donate, link below 👇", "Launch day!", "@yeg_bakery").get(
        "political.solicitation"
    )


def test_caption_supplies_the_campaign() -> None:
    assert (
        signals("Every dollar helps! Link below.", captions=("Jane Roe for City Council",))[
            "political.solicitation"
        ]
        == 1
    )


def test_a_link_carries_the_campaign() -> None:
    assert (
        signals("Anything helps: https://brooks4council.example.ca/give")["political.solicitation"]
        >= 1
    )
    assert signals("Anything helps: brooks4council.example.ca/give")["political.solicitation"] >= 1
    assert not signals("Anything helps: https://foodbank.example.ca/give").get(
        "political.solicitation"
    )


def test_an_email_domain_carries_the_campaign() -> None:
    # The mailbox's domain names whose it is, as a link's does.
    got = signals("Please e-transfer your donation to give@okafor4council.example.ca by Friday.")
    assert got["political.solicitation"] >= 1
    assert not signals("E-transfer a donation to donations@foodbank.example.ca, thank you!").get(
        "political.solicitation"
    )
    # An address's local part is a mailbox, not the organisation: only the domain is read.
    assert not signals("Donations welcome: mayor.fan@example.ca, thank you!").get(
        "political.solicitation"
    )


def test_evidence_points_at_what_the_author_wrote() -> None:
    text = "Pls d\u200b0nate to Priya's council campaign"
    ctx = context(text)
    hits = [h for h in DETECTOR.detect(ctx) if h.signal == "political.solicitation"]
    ask = hits[0].evidence[0]
    assert ask.span is not None
    assert text[ask.span.start : ask.span.end] == ask.text == "d\u200b0nate"


# -- weighing in on an elected official (3a) ------------------------------------------------------

EXPLICIT_OPINIONS = [
    "Honestly, the Mayor's proposal to cut transit security is short-sighted.",
    "Totally behind the Justice Minister's rural crime plan, at last somebody in Ottawa gets it.",
    "I fully support Councillor Ibarra's motion on transit safety.",
    "Our MP flip-flopped again on the firearms bill.",
    "Couldn't agree more with Premier Smith on bail reform.",
    # colloquial and sarcastic verdicts
    "Our MLA has no clue what frontline policing looks like.",
    "The Minister's youth justice bill is a total joke.",
    "Love what the Mayor is doing on transit safety!",
    # a name that a title introduced earlier in the post
    "Councillor Mbeki tabled the camera levy today. Mbeki nailed it and deserves the credit.",
    # an elected body's position judged outright
    "City council's vote on the camera levy was a joke.",
    "The province's new bail plan is ridiculous.",
    # a position judged by what it will not do (issue 10)
    "The Minister's plan won't make anyone safer.",
]
PROBABLE_OPINIONS = [
    "Disappointed in the Minister's bill on rural policing.",
    # an elected body judged, no position named (it may be the body's services)
    "Ottawa is being naive again.",
    # a milder word about a named position
    "So proud of our MLA for standing up on bail reform.",
    # a sarcastic verdict a sentence away from the official
    "Great job, Councillor. Another brilliant idea \U0001f644",
    # a question, and someone's words reported
    "Is the Premier's bail plan really this reckless?",
    "The Mayor said the province's plan is reckless.",
    # praise formulas for advocacy, gladness about a vote (issue 10)
    "Good on the Mayor for holding the line on the police budget.",
    "So glad our MLA voted against Bill 11.",
]
NOT_OPINIONS = [
    "Grateful to the Mayor and Councillor Tanaka for dropping by our community forum.",
    "Kudos to the Mayor for coming out to the river valley cleanup!",
    "Council votes down the Mayor's motion 8-5.",
    "Councillor Ng will step down at the end of her term.",
    "Council will support the Commission's budget request on Tuesday.",
    "As a Commissioner I won't weigh in on the Premier's plan.",
    "The Minister of Public Safety visited HQ today and met with the Chief.",
    "Please follow the direction the Prime Minister gave tonight and stay home.",
    "Councillor Adair gives the city budget briefing at the joint session on Monday.",
    # praise formulas for attending, gladness about a visit
    "Credit to the Mayor for coming out to the parade.",
    "So glad the Mayor could join us at the gala.",
]


@pytest.mark.parametrize("text", EXPLICIT_OPINIONS)
def test_explicit_official_opinion(text: str) -> None:
    got = signals(text)
    assert got.get("political.official_opinion_explicit", 0) >= 1
    assert got["political.official_opinion"] >= got["political.official_opinion_explicit"]


@pytest.mark.parametrize("text", PROBABLE_OPINIONS)
def test_probable_official_opinion(text: str) -> None:
    got = signals(text)
    assert got.get("political.official_opinion", 0) >= 1
    assert not got.get("political.official_opinion_explicit")


@pytest.mark.parametrize("text", NOT_OPINIONS)
def test_not_official_opinion(text: str) -> None:
    assert not signals(text).get("political.official_opinion")


def test_opinion_in_reply_to_a_question_about_an_official() -> None:
    reply = "Thoughts on Councillor Marchetti's push to shrink the traffic unit?"
    got = signals("He's dead wrong and I hope people remember it.", reply)
    assert got["political.official_opinion"] == 1
    assert got["political.official_opinion_explicit"] == 1  # "he" is the councillor
    assert not signals("Thanks for asking, see the minutes.", reply).get(
        "political.official_opinion"
    )


def test_reply_to_an_officials_own_post() -> None:
    position = "Next spring I'll be moving to cap the police budget at this year's level."
    author = "@CouncillorRinaMbeki"
    # A bare reaction answers the official's stated position, but what it backs is only in
    # that post: probable, a person reads it (issue 10, levels9).
    got = signals("This. \U0001f4af", position, author)
    assert got["political.official_opinion"] >= 1
    assert not got.get("political.official_opinion_explicit")
    got = signals("Finally someone said it \U0001f64c", position, author)
    assert got["political.official_opinion"] >= 1
    assert not got.get("political.official_opinion_explicit")
    got = signals("Respectfully, this is the wrong call.", position, author)
    assert got["political.official_opinion_explicit"] >= 1
    # The same reaction to a resident, or to an official's greeting, weighs in on nothing.
    assert not signals("This. \U0001f4af", position, "@yeg_resident").get(
        "political.official_opinion"
    )
    assert not signals("\U0001f44f\U0001f44f", "Happy Canada Day, Edmonton!", author).get(
        "political.official_opinion"
    )


# -- vote calls and endorsements aimed at an elected official (3a, issue 10) ---------------------

VOTE_CALLS_AT_OFFICIALS = [
    "Re-elect Councillor Obi this fall.",
    "Deputy Mayor Tran has my vote again.",
    "We endorse MLA Kaur for another term.",
    "Never vote for the Premier again, folks.",
]
VOTE_WISHES = [
    "Time for a new MLA in Edmonton-Riverview.",
    "Proud to support Councillor Lin in this election.",
]
NOT_VOTES_AT_OFFICIALS = [
    # a candidate who holds no office: the NOTE's partisan advice, not 3a
    "Kai Brennan has my vote for council in Ward 3.",
    # council reporting its own vote; an official's re-election reported
    "Council will vote for the Mayor's motion on Tuesday.",
    "The Mayor was re-elected in 2021.",
    # backing words beside an official, no election in view
    "Proud to support the Mayor's Christmas food drive.",
    # an ask for helpers is 3e's solicitation
    "Volunteers needed to help re-elect Councillor Obi, sign up at example.org/obi",
    "Time for a new phone, any recommendations?",
]


@pytest.mark.parametrize("text", VOTE_CALLS_AT_OFFICIALS)
def test_a_vote_call_at_an_official_weighs_in(text: str) -> None:
    got = signals(text)
    assert got.get("political.official_opinion_explicit", 0) >= 1


@pytest.mark.parametrize("text", VOTE_WISHES)
def test_a_softer_wish_about_an_official_is_probable(text: str) -> None:
    got = signals(text)
    assert got.get("political.official_opinion", 0) >= 1
    assert not got.get("political.official_opinion_explicit")


@pytest.mark.parametrize("text", NOT_VOTES_AT_OFFICIALS)
def test_not_a_vote_call_at_an_official(text: str) -> None:
    assert not signals(text).get("political.official_opinion")


def test_a_vote_call_takes_its_official_from_the_post_replied_to() -> None:
    reply = "Councillor Dunn just voted to scrap the safe-transit teams."
    got = signals("Vote him out.", reply)
    assert got.get("political.official_opinion_explicit", 0) >= 1
    # The same words about a resident's neighbour name no official.
    assert not signals("Vote him out.", "My neighbour runs the condo board.").get(
        "political.official_opinion"
    )
    # A question is not the author's call.
    assert not signals("Should we re-elect Councillor Obi?").get(
        "political.official_opinion_explicit"
    )


def test_a_title_in_the_post_replied_to_introduces_the_name() -> None:
    got = signals("Mbeki is spot on.", "Councillor Rina Mbeki wants a transit safety levy.")
    assert got["political.official_opinion_explicit"] == 1
    # A capitalised name never introduced by a title is nobody official.
    assert not signals("Mbeki is spot on.").get("political.official_opinion")


def test_thanks_weigh_in_only_for_advocacy() -> None:
    got = signals("Thank you, Councillor Haines, for standing up for our frontline officers.")
    assert got["political.official_opinion"] == 1
    assert not got.get("political.official_opinion_explicit")
    assert not signals("Thanks to the Mayor for presenting the budget at tonight's forum.").get(
        "political.official_opinion"
    )


def test_a_judging_word_in_the_officials_sentence_is_probable() -> None:
    got = signals("The Mayor is being naive about downtown.")
    assert got["political.official_opinion"] == 1
    assert not got.get("political.official_opinion_explicit")
    # Without an official or body in view, the same word judges nothing political.
    assert not signals("The weather is being naive about spring.").get("political.official_opinion")


def test_a_handle_names_the_official() -> None:
    got = signals("@CllrHaines you've got my full support on the transit safety motion!")
    assert got["political.official_opinion_explicit"] == 1
    # Short titles are not read from camel case: "@MPSontheStreet" is a police account.
    assert not signals("Great job today! @MPSontheStreet nailed it.").get(
        "political.official_opinion"
    )


def test_a_handle_names_the_campaign() -> None:
    assert signals("Chip in for @LiForCouncil if you can!")["political.solicitation"] == 1


def test_an_election_word_with_a_ward_is_a_race() -> None:
    assert signals("Our candidate in Ward 9 could use a few bucks.")["political.solicitation"] >= 1
    got = signals("Our candidate could use a few bucks.")
    assert not got.get("political.solicitation")
    assert got["political.solicitation_hint"] >= 1


def test_names_need_a_capital() -> None:
    # "Young" after a title is a name; "young" in the text is the word.
    text = "Mayor Young visited. The young cadets' plan is spot on."
    got = signals(text)
    assert not got.get("political.official_opinion_explicit")


@pytest.mark.parametrize(
    "text",
    [
        "Just planted a yard sign for Nguyen out front. Strongest candidate in the ward!",
        "Proud to endorse Ahmed Ali for Ward Metis council.",
        "Sarah Chen has my vote for council.",
    ],
)
def test_partisan(text: str) -> None:
    assert signals(text).get("political.partisan", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Whoever you vote for, please vote on Monday.",
        "Find your voting station for the election at example.org/vote.",
        "The Commission voted for the new policy today.",
        "Vote for our K9 unit in the national police dog awards!",
    ],
)
def test_not_partisan(text: str) -> None:
    assert not signals(text).get("political.partisan")


def test_campaign_context_flag() -> None:
    assert signals("The mayoral race is heating up.")["political.campaign_context"] is True
    assert "political.campaign_context" not in signals("Great turnout tonight.")


def test_pack_without_the_lexicons_gets_no_hits() -> None:
    assert signals("Pls donate to my friend's campaign for mayor", pack="toronto") == {}


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


# Names are read from capitals ("Councillor Mbeki ... Mbeki", "Lena Brooks's campaign"): a
# text whose case is changed loses them, so those samples are checked for zero-width
# characters only.
NAMED = frozenset(
    {
        "Lena Brooks's campaign is short on drivers for Saturday. Text me.",
        "Councillor Mbeki tabled the camera levy today. Mbeki nailed it and deserves the credit.",
        "We need a few more door-knockers for Lena this weekend, DM me.",
    }
)
SAMPLES = SOLICITATIONS + HINTS + EXPLICIT_OPINIONS + PROBABLE_OPINIONS + NOT_SOLICITATIONS[:3]


def _insert_zero_width(text: str, seed: int) -> str:
    """A zero-width space inside every third word (between its first two letters)."""
    words = text.split(" ")
    for i in range(seed % 3, len(words), 3):
        w = words[i]
        if len(w) > 2 and w[0].isalpha() and w[1].isalpha():
            words[i] = w[0] + "\u200b" + w[1:]
    return " ".join(words)


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(SAMPLES),
    st.sampled_from(["upper", "lower", "swapcase", "keep"]),
    st.integers(min_value=0, max_value=2),
)
def test_invariant_under_case_and_zero_width(text: str, case: str, seed: int) -> None:
    expected = signals(text)
    if case != "keep" and text not in NAMED:
        text = getattr(text, case)()
    assert signals(_insert_zero_width(text, seed)) == expected


def test_named_samples_lose_their_names_without_case() -> None:
    for text in NAMED:
        assert signals(text.lower()) != signals(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_no_crash_on_arbitrary_text(text: str, reply: str | None) -> None:
    values = signals(text, reply)
    assert all(k.startswith("political.") for k in values)


# -- issue 10 (political2): verdicts by concept, bare reactions to an official's own opinion,
# and a verdict fragment after the sentence that states a position ---------------------------

NEW_EXPLICIT = [
    "The Premier's plan for rural policing is pure theatre.",
    "Our MLA is 100% wrong on bail.",
    "Councillor Park's curfew bylaw is a gift to criminals.",
    # a fragment with no other subject judges the position stated just before it
    "Council voted to close the downtown beat office. Shameful.",
    "Our MP wants to scrap the gun registry again. Hard pass.",
]


@pytest.mark.parametrize("text", NEW_EXPLICIT)
def test_verdicts_by_concept_are_explicit(text: str) -> None:
    assert signals(text).get("political.official_opinion_explicit", 0) >= 1


def test_a_fragment_needs_a_position_just_before() -> None:
    # No position stated (a visit), and a fragment two sentences away, are not explicit.
    assert not signals("The Mayor visited the station today. Shameful.").get(
        "political.official_opinion_explicit"
    )
    far = "Our MP wants to scrap the gun registry. The vote is in May. Hard pass."
    assert not signals(far).get("political.official_opinion_explicit")


@pytest.mark.parametrize("reaction", ["Agree 100%.", "👆 this", "Nope."])
def test_a_bare_reaction_to_an_officials_stated_opinion_is_probable(reaction: str) -> None:
    # It weighs in, but what it backs or rejects is only in the post replied to: a person
    # reads it (issue 10, levels9; the labelling conventions give such replies review).
    opinion = "Transit safety teams should ride every LRT line at night, not just downtown."
    got = signals(reaction, opinion, "@CllrMonaHill")
    assert got.get("political.official_opinion", 0) >= 1
    assert not got.get("political.official_opinion_explicit")
    # The same words under the same post by someone who holds no office say nothing of an
    # elected official's position.
    assert not signals(reaction, opinion, "@yeg_resident").get("political.official_opinion")


@pytest.mark.parametrize("reaction", ["🔥🔥🔥", "🙌🙌", "👏👏👏"])
def test_an_emoji_only_reaction_to_an_officials_opinion_is_probable(reaction: str) -> None:
    # Emoji alone may praise or mock: the post weighs in, but a person reads which way.
    opinion = "Transit safety teams should ride every LRT line at night, not just downtown."
    got = signals(reaction, opinion, "@CllrMonaHill")
    assert got.get("political.official_opinion", 0) >= 1
    assert not got.get("political.official_opinion_explicit")


@pytest.mark.parametrize(
    "text",
    [
        "Our MLA's plan for the courthouse is completely wrong for this city.",
        "Council's motion on the transit levy was a terrible idea.",
    ],
)
def test_a_judging_word_predicated_of_a_named_position_is_outright(text: str) -> None:
    assert signals(text).get("political.official_opinion_explicit", 0) >= 1, text


@pytest.mark.parametrize(
    "text",
    [
        # sarcasm turns the words around: a person reads it
        "Oh sure, the Mayor's downtown plan is brilliant. What could possibly go wrong.",
        # the verdict has its own subject after a new clause
        "Our MLA's plan for the courthouse came out and the weather is terrible.",
        # a judging word about the person, no position named
        "The Mayor is being naive.",
    ],
)
def test_sarcasm_or_an_unattached_judging_word_is_not_outright(text: str) -> None:
    assert not signals(text).get("political.official_opinion_explicit"), text


def test_a_reaction_to_an_officials_notice_is_not_an_opinion() -> None:
    notice = "Join me Tuesday at 7 at the Highlands library for a community town hall."
    assert not signals("🔥🔥🔥", notice, "@CllrMonaHill").get("political.official_opinion")


@pytest.mark.parametrize(
    "text",
    [
        "Our MLA is on the right track with the new bail proposal.",
        "The Premier's police act rewrite is a non-starter.",
        "Nobody asked for the Mayor's take on our staffing levels.",
    ],
)
def test_direction_and_sarcasm_verdicts_are_explicit(text: str) -> None:
    assert signals(text).get("political.official_opinion_explicit", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Love to see council prioritizing transit safety in this budget.",
        "Another ill-informed take from the Minister on rural crime.",
        "Thank you, Councillor, for having the courage to say it about the police budget.",
    ],
)
def test_gladness_and_courage_are_probable(text: str) -> None:
    assert signals(text).get("political.official_opinion", 0) >= 1


@pytest.mark.parametrize(
    "text",
    [
        "Good to see Councillor Salvador at our community league AGM tonight.",
        "Great to see the Mayor and so many neighbours at the Heritage Days parade!",
        "Nobody asked, but here's my favourite lunch spot downtown.",
        "This is a step in the right direction for our neighbourhood: the new station opens Monday.",
    ],
)
def test_gladness_at_a_visit_is_not_an_opinion(text: str) -> None:
    assert not signals(text).get("political.official_opinion")


@pytest.mark.parametrize(
    "text",
    [
        "The Premier's position on photo radar is idiotic.",
        "Councillor Oduya's motion on the levy is asinine.",
    ],
)
def test_a_contemptuous_verdict_of_a_named_position_is_explicit(text: str) -> None:
    # Issue 10, levels9: as plain as "ridiculous".
    assert signals(text).get("political.official_opinion_explicit", 0) >= 1, text


@pytest.mark.parametrize(
    "text",
    [
        "Councillor Lin's curfew motion is the wrong fix, but what do I know 🤷",
        "The Premier's bail plan is misguided. I could be wrong.",
    ],
)
def test_a_hedged_stance_is_probable_not_outright(text: str) -> None:
    got = signals(text)
    assert got.get("political.official_opinion", 0) >= 1
    assert not got.get("political.official_opinion_explicit")


def test_what_an_official_thinks_is_their_opinion() -> None:
    assert signals("Our MLA thinks more officers fix everything. Wrong.").get(
        "political.official_opinion"
    )
    # an announcement is an event, not a view
    assert not signals("The Mayor announced the rink opens Monday. Great news!").get(
        "political.official_opinion"
    )


def test_siding_outright_and_disbelief_by_question() -> None:
    explicit = signals("Hard agree with Councillor Obi that the rink needs lights.")
    assert explicit.get("political.official_opinion_explicit")
    asked = signals("Does anyone really believe the Premier's pledge on wait times?")
    assert asked.get("political.official_opinion")
    assert not asked.get("political.official_opinion_explicit")
    assert not signals("Does anyone actually believe the weather forecast anymore?").get(
        "political.official_opinion"
    )
    assert not signals("Totally with the volunteers at the food bank on this one.").get(
        "political.official_opinion"
    )
