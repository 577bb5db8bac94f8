"""Closed-class words and shapes the respect checks read: grammar, not policy vocabulary.

Policy vocabulary (what counts as an insult, a dismissal, a threat) lives in the pack
lexicons; these sets say who a phrase is aimed at (pronouns, copulas, negators, articles)
and where a noun phrase or clause ends.
"""

from __future__ import annotations

import re

from socialpolicy.detectors.matching import masked_fits

SELF = frozenset(
    {"i", "i'm", "im", "me", "myself", "we", "we're", "us", "ourselves", "i've", "i'd", "i'll"}
)
YOU = frozenset(
    {
        "you",
        "your",
        "you're",
        "youre",
        "u",
        "ur",
        "ya",
        "yourself",
        "yourselves",
        "yall",
        "y'all",
        "you've",
        "you'd",
        "you'll",
    }
)
# Forms of "you" that are the subject of a verb that follows ("you'll see a clown").
YOU_SUBJECT = frozenset({"you'll", "you'd", "you've", "youll", "youd", "youve"})
# "you" that may be the subject or object of a verb (not "you're", which is a copula).
YOU_PLAIN = YOU_SUBJECT | {"you", "u", "ya", "yall", "y'all"}
NEG = frozenset(
    {
        "not",
        "never",
        "no",
        "don't",
        "dont",
        "doesn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "ain't",
        "won't",
        "can't",
        "cannot",
        "nobody",
        "noone",
        "opposite",
    }
)
COPULA = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "am",
        "been",
        "being",
        "r",
        "seem",
        "seems",
        "seemed",
        "look",
        "looks",
        "looked",
        "sound",
        "sounds",
        "act",
        "acts",
        "acted",
        "acting",
        "behave",
        "behaves",
        "behaved",
        "behaving",
        "breed",
        "breeds",
        "breeding",
    }
)
# Words that end the noun phrase or clause a rude term sits in, and quantifiers that make it
# generic: nothing before them aims it ("thank you to the clowns at the fair", "@user any
# animal found on the road").
BREAK = frozenset(
    {
        "to",
        "for",
        "with",
        "at",
        "in",
        "on",
        "by",
        "from",
        "about",
        "into",
        "than",
        "who",
        "which",
        "because",
        "if",
        "when",
        "while",
        "but",
        "or",
        "whether",
        "any",
        "every",
        "each",
        "all",
        "most",
        "many",
        "treat",
        "treats",
        "treated",
        "treating",
    }
)
# "be" is mostly imperative or modal ("don't be an idiot", "could be a clown"): it aims an
# insult only when "you" is its subject.
BE = "be"
# Words around a given name that make it a label for a kind of person ("a Karen", "ok Karen",
# "Karen here"), not the name of someone.
LABEL_BEFORE = frozenset(
    {
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "such",
        "typical",
        "another",
        "ok",
        "okay",
        "total",
        "classic",
        "peak",
        "full",
        "major",
        "entitled",
        "some",
    }
)
LABEL_AFTER = frozenset(
    {"energy", "behaviour", "behavior", "vibes", "move", "mode", "logic", "antics", "mentality"}
)


def conduct_word(token: str) -> bool:
    """`token` is one of `LABEL_AFTER`'s words for conduct, also when a letter or two of it are
    hidden by `*` ("b*haviour", read as the lexicon pass reads a masked term): masking the word
    after an insult noun must not turn ridicule of an act into name-calling."""
    token = token.lower()
    if token in LABEL_AFTER:
        return True
    return "*" in token and any(len(w) == len(token) and masked_fits(token, w) for w in LABEL_AFTER)


# Words that may follow a word for people in a fragment of its own, after the sentence naming
# them: "Animals, honestly.", "Vermin, the lot of them.", "Savages, every one of them."
FRAGMENT_TAIL = frozenset(
    {"honestly", "seriously", "frankly", "literally", "truly", "really", "just", "all", "of",
     "them", "the", "lot", "every", "one", "each", "whole", "bunch", "plain", "and", "simple",
     "lol", "smh", "tbh", "ngl", "fr", "period", "though"}
)  # fmt: skip
# Words that may open such a fragment before the noun: "Absolute animals.", "Bunch of savages."
FRAGMENT_LEAD = frozenset({"bunch", "of", "pack", "such", "just", "complete"})
MAX_FRAGMENT_TAIL = 5
# Interjections that may come before a sarcastic retort opening a sentence ("Oh, sure he is").
INTERJECTIONS = frozenset(
    {
        "oh",
        "ohh",
        "yeah",
        "yea",
        "ya",
        "yep",
        "well",
        "ah",
        "uh",
        "um",
        "lol",
        "lmao",
        "ok",
        "okay",
        "and",
        "wow",
        "haha",
        "ha",
    }
)
# Pronouns that may stand for things as well as people ("they're pests" of squirrels).
PRONOUNS = frozenset({"they", "them", "their", "they're", "theyre", "theirs"})
DEMONSTRATIVE = frozenset({"this", "that", "these", "those", "what"})
# Articles proper: after "you", they begin the object of a verb ("you'll see a clown").
DETERMINERS = frozenset({"a", "an", "the", "some"})
ARTICLE = frozenset(
    {
        "a",
        "an",
        "the",
        "one",
        "some",
        "such",
        "bunch",
        "pack",
        "load",
        "lot",
        "of",
        "couple",
        "gang",
        "group",
        "crowd",
        "herd",
    }
)
INTENSIFIER = frozenset(
    {
        "so",
        "just",
        "really",
        "truly",
        "literally",
        "clearly",
        "obviously",
        "basically",
        "honestly",
        "absolute",
        "absolutely",
        "total",
        "totally",
        "complete",
        "completely",
        "utter",
        "utterly",
        "real",
        "proper",
        "right",
        "massive",
        "huge",
        "big",
        "little",
        "old",
        "stupid",
        "dumb",
        "pathetic",
        "useless",
        "worthless",
        "clueless",
        "ignorant",
        "brainless",
        "lazy",
        "fat",
        "ugly",
        "dirty",
        "filthy",
        "disgusting",
        "bloody",
        "damn",
        "goddamn",
        "freaking",
        "frigging",
        "friggin",
        "effing",
        "fucking",
        "fuckin",
        "fking",
        "fkn",
        "and",
        "nothing",
        "but",
    }
)
MAX_FREE_WORDS = 2  # content words allowed between a target cue and the insult
# Words allowed between a hostility phrase and the group it targets ("sick of all these ...").
HOSTILITY_GAP = frozenset(
    {
        "all",
        "the",
        "these",
        "those",
        "every",
        "single",
        "one",
        "of",
        "any",
        "most",
        "other",
        "so",
        "many",
        "fucking",
        "damn",
        "bloody",
    }
)
MAX_HOSTILITY_GAP = 3
YOU_REACH = 60  # characters before an exclusion phrase in which "you" addresses it
# Between a protected group and an exclusion phrase, a word of obligation or a copula makes the
# group the one told to leave or conform ("immigrants should learn English", "Muslims are not
# welcome here"), unlike "newcomers can learn English at the library".
OBLIGATION = frozenset(
    {
        "should",
        "need",
        "needs",
        "must",
        "better",
        "ought",
        "gotta",
        "have",
        "has",
        "is",
        "are",
        "were",
        "was",
    }
)


TOKEN = re.compile(r"@?[\w*][\w*'\-]*")
WORDISH = re.compile(r"[^\W_]")
# An @mention: "@" led, what comes before it looked behind at from past it, so that `re`
# skips from "@" to "@" (led by the lookbehind it tried every position: 24 ns per character).
MENTION = re.compile(r"@(?<![\w@]@)\w")
CLAUSE_END = re.compile(r"[,:;()\[\]\"]| - ")  # searched in reversed text
AFTER_SELF = re.compile(r"\W*(?:i am|i was|i've been|am i)\b")
# A sentence that opens with the term and "here" names the author: "Clumsy idiot here, ..."
AFTER_HERE = re.compile(r" here\b")
# A subjectless feeling opens the clause about the author: "Feeling like a complete fool."
FEEL = frozenset({"feel", "feeling", "felt", "feels"})
# After a negated term, the person it is turned on: "I'm not the idiot here, you are."
AFTER_NOT_ME_YOU = re.compile(r"\W*(?:here\b\W*)?(?:you are|you're|youre|u are)\W*\Z")
AFTER_YOU = re.compile(r"\W*(?:is what you are|like (?:you|u|ya|yourself|yourselves)\b)")
SWEAR_AT = re.compile(r"\s+(?:you|u|ya|yourself|yourselves|off)\b")  # "f*ck you", "f off"
F_MASK = re.compile(r"f\*+\w*|f\w*\*\w*")
