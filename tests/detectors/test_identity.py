"""Identity detector: complainants, accused youths, named suspects, identifiable private
persons; formal public updates, victims, officers and places are not them."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from _policies import shared_policy
from socialpolicy.detectors import DETECTORS, run_detectors
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.identity import IdentityDetector
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = IdentityDetector()
COMPLAINANT = "identity.complainant"
YOUTH = "identity.youth_accused"
SUSPECT = "identity.named_suspect"
PERSON = "identity.private_person"
PROTECTED = "identity.protected_youth"
SENSITIVE = "identity.sensitive"
GUESSABLE = "identity.guessable_person"
VICTIM = "identity.named_victim"


@cache
def policy(pack: str = "toronto") -> Policy:
    return shared_policy(pack)


def ctx_for(text: str, reply: str | None = None, pack: str = "toronto") -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@someone", "text": reply}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,
    )


def signals(text: str, reply: str | None = None, pack: str = "toronto") -> dict[str, Any]:
    pol = policy(pack)
    return dict(run_detectors(ctx_for(text, reply, pack), pol._catalogue, (DETECTOR,)).values)


def test_registered_and_declared() -> None:
    assert any(isinstance(d, IdentityDetector) for d in DETECTORS)
    assert {s.name for s in DETECTOR.signals} == {
        COMPLAINANT,
        YOUTH,
        SUSPECT,
        PERSON,
        PROTECTED,
        SENSITIVE,
        GUESSABLE,
        VICTIM,
    }


# --- who called the police -------------------------------------------------------------------

COMPLAINANT_REPLIES = [
    (
        "lol it was the couple downstairs, the ones with the red truck",
        "who called the cops about our music??",
    ),
    (
        "the guy across the hall, unit 6. he complains every weekend",
        "which neighbour keeps calling the cops on us??",
    ),
    ("lol ask Mrs. Patel next door", "who called 911 on my party"),
    ("it was the lady upstairs, turn the music down", "who called the cops on us last night??"),
]


@pytest.mark.parametrize(("text", "reply"), COMPLAINANT_REPLIES)
def test_answering_who_called(text: str, reply: str) -> None:
    assert signals(text, reply).get(COMPLAINANT) == 1


COMPLAINANT_POSTS = [
    "The caller was your landlord, just so you know.",
    "Your neighbours called it in, the ones in 3B.",
    "The complainant, Mr. Alvarez, lives upstairs from you.",
    "Honestly it was your neighbour in unit 12 who called it in.",
]


@pytest.mark.parametrize("text", COMPLAINANT_POSTS)
def test_revealing_the_complainant(text: str) -> None:
    assert signals(text).get(COMPLAINANT) == 1


NOT_COMPLAINANT = [
    ("Sorry, I can't tell you that. Calls are confidential.", "who called the police on me?"),
    ("Can't share who called. Please keep the noise down after 11.", "who called the cops on us??"),
    (
        "Noise complaints go to 311 unless someone is in danger.",
        "Who do I call about a noise complaint?",
    ),
    ("Thanks to the caller who reported the fire so quickly.", None),
    ("Witnesses called us on Friday but we could not trace the victim.", None),
]


@pytest.mark.parametrize(("text", "reply"), NOT_COMPLAINANT)
def test_not_revealing_the_complainant(text: str, reply: str | None) -> None:
    assert COMPLAINANT not in signals(text, reply)


# --- young persons accused -------------------------------------------------------------------

YOUTHS = [
    "That 15yo we nabbed for the phone store break-in last weekend? Marcus Doyle, attends a "
    "school off Jane St. Parents, keep an eye out",
    "Tyler Grant, 15, was arrested for the Eaton Centre swarming yesterday.",
    "That 14yo we booked last night for the car thefts? Name's Devon Price.",
    "The teenager charged in the Yorkdale robbery is Ethan Clarke, a grade 11 student.",
    "Kayla Brooks (15) got picked up for the convenience store robbery last night.",
    "Tyler Gr\u200bant, 15, was arrested for the swarming yesterday.",  # zero-width inside the name
]


@pytest.mark.parametrize("text", YOUTHS)
def test_youth_accused(text: str) -> None:
    assert signals(text).get(YOUTH) == 1, text


NOT_YOUTHS = [
    # victims are named by public updates; the accused here is not named
    "Detectives investigating the murder of 16-year-old Alex Smith have arrested two people.",
    "Sohail Ali died on Friday after being stabbed. A 17-year-old was arrested.",
    "Investigators looking into a crash in which a teen died have charged a driver. Brian "
    "Walsh, of Oakville, has been charged.",
    # formal updates that keep a youth anonymous
    "A 15-year-old boy was arrested in connection with the robbery. He cannot be identified "
    "under the YCJA.",
    "A teenager has been charged after a robbery in Oldham Town Centre.",
    # adults (an adult age or a date of birth right after the name)
    "We've charged a teenager with assault. Shamraz Ali (19) from Tanfield Rd is accused of it.",
    "Zak Eko (22/08/1997) has been charged with murder after a baby boy died.",
    # no accused cue
    "MISSING: Jordan Tate, 15, last seen near Finch Station. Call 416-808-4200.",
    "Congrats to Emily Chen, 16, on winning the youth citizenship award!",
    # places and things are not names
    "Police have arrested a teenager following an assault in Leyhill Park.",
    "The 17-year-old boy is accused of sending an offensive message to the Aston Villa player.",
]


@pytest.mark.parametrize("text", NOT_YOUTHS)
def test_not_youth_accused(text: str) -> None:
    assert YOUTH not in signals(text), text


# --- named suspects --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Suspect is Ricky Bowen, he's a regular. Stay tuned.",
        "We picked up Marcus Lee for the Queen West stabbing last night.",
    ],
)
def test_named_suspect(text: str) -> None:
    assert signals(text).get(SUSPECT) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "Dwayne Carter, 34, of Toronto has been charged with robbery and appeared in court today.",
        "PD Ellis picked up the scent within minutes, leading his handler to the man.",
        "Our officer just picked up the Colin Cramphorn Trophy for neighbourhood policing!",
    ],
)
def test_not_named_suspect(text: str) -> None:
    assert SUSPECT not in signals(text), text


# --- identifiable private persons --------------------------------------------------------------

PERSONS = [
    "Big thanks to Harold Mitchum, 81, of Pharmacy Ave, who refused to hand cash to a fake courier.",
    "Shoutout to Maria Gonzalez, 68, of Dufferin St who chased off the scammer.",
    "Big thanks to Priya Raman, who lives on Dunn Ave and works at the Parkdale library, for "
    "the tip.",
    "Lena Kowalczyk, 34, who lives near Coxwell, found the stolen bike and called us.",
]


@pytest.mark.parametrize("text", PERSONS)
def test_private_person(text: str) -> None:
    assert signals(text).get(PERSON) == 1, text


NOT_PERSONS = [
    "MISSING: Daniel Reyes, 72, last seen on Danforth Ave wearing a grey coat. Have you seen him?",
    "Congratulations to Cst. Maria Lopez, 51 Division, on 25 years of service!",
    "Thank you Sgt. Paul Ross and PC Amy Lin for organising the toy drive.",
    "Jim Carter, 45, of Lawrence Ave has been charged with fraud over $5000.",
    "Thanks to the resident on Pharmacy Ave who spotted a fake courier and called us.",
    "Officers were called to Beehive Walk where the body of Philip Ashley, 62, was found.",
    "Mohammed Banaras, 29, is due to appear at Birmingham Magistrates Court today.",
    "Were you in Weston Rd, Long Ashton, 2.30 to 3pm on Tuesday when a man was robbed?",
]


@pytest.mark.parametrize("text", NOT_PERSONS)
def test_not_private_person(text: str) -> None:
    assert PERSON not in signals(text), text


def test_evidence_spans_point_at_what_the_author_wrote() -> None:
    text = "Shoutout to Har\u200cold Mitchum, 81, of Pharmacy Ave, who called us."
    pol = policy()
    out = run_detectors(ctx_for(text), pol._catalogue, (DETECTOR,))
    texts = [e.text for e in out.evidence[PERSON]]
    assert texts == ["Har\u200cold Mitchum", "81", "Pharmacy Ave"]
    for e in out.evidence[PERSON]:
        assert e.span is not None and text[e.span.start : e.span.end] == e.text


def test_edmonton_has_the_lexicons_too() -> None:
    assert signals(YOUTHS[1], pack="edmonton").get(YOUTH) == 1


# --- private persons without a name ---------------------------------------------------------

DESCRIBED = [
    "The 70-year-old retiree on Manning Ave who got scammed out of his savings is devastated.",
    "Shame about the guy in unit 7C, third noise call this month.",
    "Say hi to the cashier at the Metro on Queen & Bathurst, 64 and still working doubles.",
    "Guy who runs the bike shop on Roncesvalles, drives the orange van, saw the whole thing.",
    "That nurse who works at St. Mike's and lives on Shaw St keeps parking in the fire lane.",
]


@pytest.mark.parametrize("text", DESCRIBED)
def test_private_person_described_without_a_name(text: str) -> None:
    assert signals(text).get(PERSON) == 1 or signals(text).get(COMPLAINANT) == 1, text


NOT_DESCRIBED = [
    # indefinite: the Service's usual way of describing people in an update
    "A 45-year-old man was hurt in a crash on Steeles Ave on Tuesday.",
    # one detail only
    "Thanks to the cashier at the Metro who called us so quickly.",
    # an officer pointed out is an officer-safety matter, not a private person
    "The man in the green jacket by the bar on King St is one of ours, undercover, 50ish.",
    # a death: public updates and tributes name people
    "Our thoughts are with the family of the 80-year-old cyclist who died on Bloor St W.",
    # formal release register
    "Detectives investigating have arrested a 19-year-old man on suspicion of robbery in Oak Rd.",
    # title case headlines: capitals are no sign of a name
    "Latest News : Residents Advised To Stay Indoors Over Fire At Old Mill School, Mill Lane.",
]


@pytest.mark.parametrize("text", NOT_DESCRIBED)
def test_not_a_private_person(text: str) -> None:
    got = signals(text)
    assert PERSON not in got and PROTECTED not in got and YOUTH not in got, (text, got)


# --- young persons without a name --------------------------------------------------------------

YOUTHS_DESCRIBED = [
    ("That teen we booked for the bus shelter smash-ups goes to Riverdale Collegiate.", None),
    ("The kid we charged for the arson? Grade 9, plays for the Leaside Flames.", None),
    (
        "yep a 15 year old from the Kipling co-op, Dion R. not his first time",
        "who got arrested at the mall today??",
    ),
]


@pytest.mark.parametrize(("text", "reply"), YOUTHS_DESCRIBED)
def test_youth_accused_identified_without_a_name(text: str, reply: str | None) -> None:
    assert signals(text, reply).get(YOUTH) == 1, text


# Particulars: part of a name, or a prior involvement people around the youth know.
YOUTHS_BY_PARTICULARS = [
    "The kid we collared for the garage break-ins is 15, first name Andre.",
    "Youth we brought in for the transit fights goes by Spider, you all know him.",
    "Juvenile we cuffed at the plaza today. Same kid from the library fire in March.",
]


@pytest.mark.parametrize("text", YOUTHS_BY_PARTICULARS)
def test_youth_accused_identified_by_particulars(text: str) -> None:
    assert signals(text).get(YOUTH) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        # "first name" without a name after it is no particular
        "We arrested a kid for shoplifting. On a first name basis with the store staff now.",
        # a prior involvement of a youth nobody arrested
        "Same kid from the spelling bee won the science fair too, so proud of our cadets.",
    ],
)
def test_particulars_without_a_name_or_an_arrest_are_not_a_youth_accused(text: str) -> None:
    assert YOUTH not in signals(text), text


def test_an_arrest_question_alone_does_not_make_an_adult_a_youth() -> None:
    assert YOUTH not in signals("yep, a 35 year old from the co-op", "who got arrested today??")


PROTECTED_YOUTHS = [
    "So sad, the 13-year-old boy hurt in the hit-and-run goes to Earl Haig Secondary School.",
    "That 12-year-old who saw the carjacking lives in the Regent Park co-op, brave kid.",
]


@pytest.mark.parametrize("text", PROTECTED_YOUTHS)
def test_young_victim_or_witness_identified(text: str) -> None:
    assert signals(text).get(PROTECTED) == 1, text


NOT_PROTECTED = [
    "A 13-year-old boy was hurt in a hit-and-run on Tuesday. He is expected to recover.",
    "Tributes to 15-year-old Amir Shah, who died after the crash, from Westview Secondary School.",
    "Detectives investigating the murder of 16-year-old Alex Smith have arrested a man.",
]


@pytest.mark.parametrize("text", NOT_PROTECTED)
def test_young_victim_not_identified(text: str) -> None:
    assert PROTECTED not in signals(text), text


# --- complainants and witnesses, by what they do -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The 911 caller on that one works the deli counter at the Metro on Gerrard.",
        "Our key witness in the laneway shooting goes to Central Tech, so she's nervous.",
    ],
)
def test_complainant_by_workplace_or_school(text: str) -> None:
    assert signals(text).get(COMPLAINANT) == 1, text


def test_an_appeal_to_witnesses_reveals_no_one() -> None:
    text = "We are appealing for the witness who stopped to help on Lake Shore Blvd to contact us."
    assert COMPLAINANT not in signals(text)


# --- sensitive facts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Sandra Kowal from the front counter is on medical leave for a while.",
        "Replies will be slow: the director's assistant is on stress leave again.",
        "The officer in the video is Cst. R. Moreau. He's had 3 prior complaints.",
        "My neighbour is undocumented and scared to call us.",
    ],
)
def test_sensitive_fact_about_someone(text: str) -> None:
    assert signals(text).get(SENSITIVE) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "I'm back from stress leave and feeling great, thanks for the messages.",
        "A man with mental health issues was taken to hospital and is safe.",
        "Mental health calls are up this year; here is where to find help.",
    ],
)
def test_no_sensitive_fact_about_someone(text: str) -> None:
    assert SENSITIVE not in signals(text), text


# --- rules ------------------------------------------------------------------------------------


def levels(text: str, reply: str | None = None) -> dict[str, str]:
    data: dict[str, Any] = {"id": "p", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply:
        data["in_reply_to"] = {"text": reply}
    return {f.rule_id: f.level.value for f in policy().evaluate(data).findings}


def test_rule_levels() -> None:
    assert levels(*COMPLAINANT_REPLIES[0])["tps.privacy.complainant"] == "violation"
    assert levels(YOUTHS[0])["tps.privacy.youth-accused"] == "violation"
    assert levels(PERSONS[0]) == {"tps.privacy.private-person": "review"}
    assert (
        levels("Suspect is Ricky Bowen, everyone knows him.")["tps.privacy.investigation-hint"]
        == "review"
    )


# --- properties -------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(COMPLAINANT_POSTS), st.sampled_from(["\u200b", "\u2060", "\ufeff"]), st.data()
)
def test_complainant_cues_survive_case_and_zero_width(
    text: str, zw: str, data: st.DataObject
) -> None:
    # Names need the author's capitals, so only the lexicon-based findings are case-invariant.
    assert signals(text.lower()).get(COMPLAINANT) == 1
    inner = [i for i in range(1, len(text)) if text[i - 1].isalpha() and text[i].isalpha()]
    i = data.draw(st.sampled_from(inner))
    assert signals(text[:i] + zw + text[i:]).get(COMPLAINANT) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.one_of(st.none(), st.text(max_size=100)))
def test_never_crashes_and_spans_in_bounds(text: str, reply: str | None) -> None:
    pol = policy()
    out = run_detectors(ctx_for(text, reply), pol._catalogue, (DETECTOR,))
    for evs in out.evidence.values():
        for e in evs:
            assert e.span is not None and text[e.span.start : e.span.end] == e.text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Jayden",
                "Reyes",
                "16yo",
                "picked up",
                ",",
                "?",
                "15",
                "(",
                ")",
                "arrested",
                "Mr.",
                "Rd",
                "lives on",
                "the",
                "\u200b",
            ]
        ),
        max_size=30,
    )
)
def test_never_crashes_on_cue_soup(words: list[str]) -> None:
    signals(" ".join(words))


def test_name_after_a_question_is_still_a_name() -> None:

    pol = sp.load_policy("toronto")
    acc = {"handle": "@PCX", "owner": {"organisation": "tps", "role": "officer"}}
    text = "The 15yo picked up for the robbery? Marcus Doyle. Goes to school near Jane and Finch."
    d = pol.evaluate(
        {"id": "1", "text": text, "created_at": "2025-05-01T10:00:00-04:00"}, account=acc
    )
    assert "tps.privacy" in d.clause_ids
    quiet = pol.evaluate(
        {
            "id": "2",
            "text": "Thanks to Sgt. Lee for the talk today!",
            "created_at": "2025-05-01T10:00:00-04:00",
        },
        account=acc,
    )
    assert quiet.findings == ()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DESCRIBED[:3]), st.sampled_from(["\u200b", "\u2060", "\ufeff"]))
def test_described_persons_survive_zero_width_in_cue_words(text: str, zw: str) -> None:
    # a zero-width character inside a lowercase cue word ("retiree", "guy", "cashier")
    for cue in ("retiree", "guy", "cashier"):
        if cue in text:
            i = text.index(cue) + 2
            assert signals(text[:i] + zw + text[i:]).get(PERSON) == 1, text


# --- people described by an age, a family tie or a job on a route -------------------------------


@pytest.mark.parametrize("pack", ["toronto", "edmonton"])
@pytest.mark.parametrize(
    "text",
    [
        "The 64-year-old who lives alone above the laundromat on Dundas St got conned out of $9,000.",
        "The imam's daughter from the mosque on Eglinton Ave was in a bad crash on the 401 today.",
    ],
)
def test_described_by_age_or_family_and_place(text: str, pack: str) -> None:
    assert signals(text, pack=pack).get(PERSON), text


@pytest.mark.parametrize(
    "text",
    [
        "The 50-year-old building on King St comes down next month; expect lane closures.",
        "A 64-year-old man was charged with fraud. He will appear in court on Dundas St.",
        "Proud mom moment: my daughter graduated from Humber today!",
    ],
)
def test_ages_and_family_words_that_point_at_no_one(text: str) -> None:
    assert not signals(text).get(PERSON), text


def test_a_witness_singled_out_by_job_and_route() -> None:
    got = signals(
        "Big thanks to the bus driver on the 29 who came forward after the plaza shooting."
    )
    assert got.get(COMPLAINANT)
    assert not signals("Thanks to everyone who came forward with information in this case.").get(
        COMPLAINANT
    )


def test_an_overdose_is_a_health_fact() -> None:
    assert signals("Heard the landlord's nephew OD'd in the stairwell on Jane St last night.").get(
        SENSITIVE
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Ann Lee", "Jon Reyes", "died", "murder of", "passed away", "the", "of", ".", "?"]
        ),
        max_size=30,
    )
)
def test_victim_by_bisection_agrees_with_asking_every_cue(words: list[str]) -> None:
    """`Field.victim` asks only the victim cues near a name (by bisection); asking every cue
    of the field, as it did, gives the same answer for every span."""
    from socialpolicy.detectors.identity.field import AFTER_NAME, BEFORE_NAME, Field
    from socialpolicy.detectors.identity.lexicons import VICTIM, VICTIM_AFTER

    text = " ".join(words)
    ctx = ctx_for(text)
    f = Field("text", ctx.normalised("text", text), ctx.grouped("text", text))
    spans = {(p.start, p.end) for p in f.persons()}
    spans |= {(a, b) for a in range(0, len(text) + 1, 3) for b in (a, a + 4)}
    for a, b in sorted(spans):
        here = f.sentence(a)
        asked_each = any(
            a - BEFORE_NAME <= e <= a and f.sentence(s) == here for s, e in f.spans(VICTIM)
        ) or any(
            b <= s <= b + AFTER_NAME and f.sentence(s) == here for s, e in f.spans(VICTIM_AFTER)
        )
        assert f.victim((a, b)) == asked_each


# --- people made known without a full name (hints) ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Stopped for a coffee on foot patrol with Bea and Sal from Corso Italia, lovely folks.",
        "On the beat this morning we met Hana from Regent Park, who bakes for the whole block.",
    ],
)
def test_people_met_on_duty_named_with_their_neighbourhood(text: str) -> None:
    assert signals(text).get(PERSON), text


@pytest.mark.parametrize(
    "text",
    [
        # colleagues from a unit, an officer by rank
        "On patrol today with Jo and Ravi from Traffic Services, great crew.",
        "On patrol with Sgt. Lee from the marine unit all afternoon.",
        # a place with no one named
        "Out on bike patrol in Leslieville today, gorgeous weather.",
    ],
)
def test_met_on_duty_without_a_private_person(text: str) -> None:
    assert PERSON not in signals(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Guess which hockey captain we had to drive home from the club district last night 🏒",
        "No names but a famous chef got pulled over on the Gardiner again this week.",
    ],
)
def test_person_made_guessable_by_hints_about_a_call(text: str) -> None:
    assert signals(text).get(GUESSABLE) == 1, text


@pytest.mark.parametrize(
    "text",
    [
        "Guess which division raised the most for the food drive? Hint: it's us.",
        "We pulled over 30 drivers at last night's RIDE check.",
    ],
)
def test_no_guessing_game_about_a_person(text: str) -> None:
    assert GUESSABLE not in signals(text), text
