"""The lexicons the respect detector reads: rude terms that trigger it, and the cues it
weighs them with. The word lists themselves are pack data (`policies/<pack>/lexicons/`)."""

from __future__ import annotations

INSULTS = "insults"
INSULT_ADJECTIVES = "insult_adjectives"
PROFANITY = "profanity"
SLURS = "slurs"
DEHUMANISING = "dehumanising"
ELIMINATIONIST = "eliminationist"
EXCLUSION = "exclusion_phrases"
DISMISSIVE = "dismissive"
EPITHETS = "sarcastic_epithets"
HOSTILITY = "hostility"
THREATS = "violent_wishes"
SECOND_PERSON = "second_person"
PROTECTED_GROUPS = "protected_groups"
GROUP_REFERENTS = "group_referents"
TARGET_PHRASES = "target_phrases"
REPORTING = "reporting_verbs"
NAMING = "naming_verbs"
SPEECH = "speech_verbs"
COUNTER = "counter_speech"
OFFENCE = "offence_terms"

# Lexicons whose terms can be abuse by themselves; a field without any of them is skipped.
TRIGGERS = frozenset(
    {
        INSULTS,
        INSULT_ADJECTIVES,
        PROFANITY,
        SLURS,
        DEHUMANISING,
        ELIMINATIONIST,
        EXCLUSION,
        DISMISSIVE,
        EPITHETS,
        HOSTILITY,
        THREATS,
    }
)
CUES = frozenset(
    {
        SECOND_PERSON,
        PROTECTED_GROUPS,
        GROUP_REFERENTS,
        TARGET_PHRASES,
        REPORTING,
        NAMING,
        SPEECH,
        COUNTER,
        OFFENCE,
    }
)
