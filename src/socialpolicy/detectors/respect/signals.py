"""The signals the respect detector raises (rule conditions name them)."""

from __future__ import annotations

from socialpolicy.detectors.base import SignalSpec

__all__ = ["SIGNALS"]

SIGNALS = (
    SignalSpec(
        "respect.insult_at_person",
        "count",
        "Insults aimed at a person or group by form: addressed to 'you' or an @mention, "
        "used as a form of address ('Learn to drive, idiot.'), said of someone the clause "
        "names as a person ('the guy who cut me off is a moron'), or an abusive command "
        "('f off', '🖕') said to someone. Not self-directed or negated ones.",
    ),
    SignalSpec(
        "respect.slur",
        "count",
        "Identity slurs in the author's own words (not quoted, reported or condemned).",
    ),
    SignalSpec(
        "respect.identity_attack",
        "count",
        "Attacks on a group: dehumanising words said of people, calls to get rid of "
        "a group, exclusion phrases ('go back where you came from', 'learn English') "
        "aimed at someone, belonging phrases said of people ('those people are not "
        "welcome here'), hatred of a protected group ('I hate immigrants'), or an "
        "aimed insult in a sentence naming a protected group.",
    ),
    SignalSpec(
        "respect.threat",
        "count",
        "Threats or wishes of violence aimed at a person or group ('they should all be "
        "shot', 'I know where you live'), not reported or quoted ones.",
    ),
    SignalSpec(
        "respect.possible_abuse",
        "count",
        "An insult, dehumanising word or belonging phrase aimed at a subject the form "
        "does not show to be a person ('this printer is an idiot', 'those clowns', "
        "'they're pests', 'Learn English or leave.'): a person should confirm.",
    ),
    SignalSpec(
        "respect.dismissive",
        "count",
        "Dismissing a person or shutting them out ('nobody asked', 'go away', 'unfollow "
        "if you don't like it', 'Blocked.'), or impatience with them ('for the last "
        "time'), said to someone.",
    ),
    SignalSpec(
        "respect.mockery",
        "count",
        "Mocking a person or their words: taunts ('cry harder', 'ok boomer'), sarcasm "
        "('because you'd know all about it', 'sure he is'), mocking epithets (', genius.', "
        "'ok Karen'), contempt emoji aimed at someone (🙄 🤡), mock case ('sPeEd "
        "CaMeRaS'), or the replied text's words quoted back with laughter.",
    ),
    SignalSpec(
        "respect.condescension",
        "count",
        "Talking down to a person: belittling terms of address ('sweetie', 'kiddo') and "
        "patronising instructions ('let the grown-ups handle it', 'educate yourself') "
        "said to someone.",
    ),
    SignalSpec(
        "respect.harassment",
        "count",
        "Pursuing or watching a person short of violence ('I'll keep asking every day "
        "until you answer', 'I know where you work'), aimed at someone.",
    ),
    SignalSpec(
        "respect.othering",
        "count",
        "Speaking of residents as a type set apart ('you people', 'people like you', "
        "'those people always ...'), without an insult.",
    ),
    SignalSpec(
        "respect.profanity",
        "count",
        "Strong swearing not accounted for by an aimed insult or slur in its sentence.",
    ),
    SignalSpec(
        "respect.targets",
        "tags",
        "Whom the aimed abuse targets: a person, or a group.",
        tags=("group", "person"),
    ),
    SignalSpec(
        "respect.self_directed",
        "count",
        "Insults the author aims at themselves ('I'm such an idiot', 'Clumsy idiot here', "
        "'feeling like a fool'): no one else is insulted.",
    ),
    SignalSpec(
        "respect.quoted",
        "count",
        "Abusive terms found only in quoted, reported or condemning words, about "
        "criminal conduct, or answering a view that constitutes a criminal offence (a "
        "threat, a slur): not the author's own abuse.",
    ),
)
