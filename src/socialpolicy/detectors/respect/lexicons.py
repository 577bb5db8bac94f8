"""The lexicons the respect detector reads: rude terms that trigger it, and the cues it
weighs them with. The word lists themselves are pack data (`policies/<pack>/lexicons/`)."""

from __future__ import annotations

# Abuse and rudeness (triggers).
INSULTS = "insults"
INSULT_ADJECTIVES = "insult_adjectives"
ABUSIVE_COMMANDS = "abusive_commands"
PROFANITY = "profanity"
SLURS = "slurs"
DEHUMANISING = "dehumanising"
ELIMINATIONIST = "eliminationist"
EXCLUSION = "exclusion_phrases"
BELONGING = "belonging_phrases"
HOSTILITY = "hostility"
THREATS = "violent_wishes"
DISMISSIVE = "dismissive"
IMPATIENCE = "impatience"
TAUNTS = "taunts"
SNEERING = "sneering_labels"
SARCASM = "sarcasm_cues"
RETORTS = "sarcastic_retorts"
EPITHETS = "sarcastic_epithets"
EPITHET_NAMES = "epithet_names"
CONTEMPT_EMOJI = "contempt_emoji"
WRY_EMOJI = "wry_emoji"
CONDESCENDING_ADDRESS = "condescending_address"
PATRONISING = "patronising"
# Belittling a person's competence or diligence, said of them ("reading is optional").
BELITTLING = "belittling_remarks"
HARASSMENT = "harassment"
PILE_ON = "pile_on"
CUSTODY = "custody_persons"
PILE_ON_CONTACT = "pile_on_contact"
OTHERING = "othering"
# Judgements of behaviour or worth ("have no respect for anyone"): said of a group set apart.
GROUP_JUDGEMENTS = "group_judgements"
# Brushing off a complaint or a hurt ("join the club"): counted only in a reply to one.
BRUSH_OFFS = "brush_offs"
# Praise made mockery by an irony mark ("another masterpiece 👏👏"), and people named by
# what they think, laughed at ("folks who think ... 😂").
SARCASTIC_PRAISE = "sarcastic_praise"
IRONY_MARKS = "irony_marks"
SINCERITY = "sincerity"  # "congratulations", "thank you": the praise is meant
VIEW_HOLDERS = "view_holders"
# A meme (`meme_cues`, in an image's alt text or caption) likening the people its label names
# to a crying toddler or a clown (`ridicule_images`).
RIDICULE_IMAGES = "ridicule_images"
MEME_CUES = "meme_cues"
# Words that are rude only in a reply: alone as a sentence, or laughing at quoted words.
CURT = "curt_replies"
LAUGHTER = "laughter"
# In the text replied to: a complaint or a hurt, which a laughing reply mocks.
GRIEVANCE = "grievance"

# Cues: who is addressed or spoken of, and whose words these are.
SECOND_PERSON = "second_person"
PROTECTED_GROUPS = "protected_groups"
GROUP_REFERENTS = "group_referents"
TARGET_PHRASES = "target_phrases"
PERSON_NOUNS = "person_nouns"
# What people say they are; in scare quotes, a sneer ("the 'victim'").
CLAIMED_STATUS = "claimed_status"
REPORTING = "reporting_verbs"
NAMING = "naming_verbs"
SPEECH = "speech_verbs"
COUNTER = "counter_speech"
# A denouncing predicate and a reference to hateful talk in one sentence: counter-speech too.
DENOUNCING = "denouncing_frames"
HATE_REFERENCES = "hate_references"
OFFENCE = "offence_terms"
JUSTICE = "justice_outcomes"  # read by the offensive-language detector's crime reports

# Lexicons whose terms can be abuse by themselves; a field without any of them is skipped.
TRIGGERS = frozenset(
    {
        INSULTS,
        INSULT_ADJECTIVES,
        ABUSIVE_COMMANDS,
        PROFANITY,
        SLURS,
        DEHUMANISING,
        ELIMINATIONIST,
        EXCLUSION,
        BELONGING,
        HOSTILITY,
        THREATS,
        DISMISSIVE,
        IMPATIENCE,
        TAUNTS,
        SNEERING,
        SARCASM,
        RETORTS,
        EPITHETS,
        EPITHET_NAMES,
        CONTEMPT_EMOJI,
        CONDESCENDING_ADDRESS,
        PATRONISING,
        BELITTLING,
        HARASSMENT,
        PILE_ON,
        CUSTODY,
        OTHERING,
        GROUP_JUDGEMENTS,
        BRUSH_OFFS,
        SARCASTIC_PRAISE,
        VIEW_HOLDERS,
        RIDICULE_IMAGES,
    }
)
# Triggers only in a reply (common words and emoji: "next", "and", "lol", "😴").
REPLY_TRIGGERS = frozenset({CURT, LAUGHTER, WRY_EMOJI})
CUES = frozenset(
    {
        SECOND_PERSON,
        PROTECTED_GROUPS,
        GROUP_REFERENTS,
        TARGET_PHRASES,
        PERSON_NOUNS,
        REPORTING,
        NAMING,
        SPEECH,
        COUNTER,
        DENOUNCING,
        HATE_REFERENCES,
        OFFENCE,
        JUSTICE,
    }
)
# In the text replied to, views that constitute a criminal offence (a threat, a slur, an
# attack on a group): Toronto allows intolerance of those, so a dismissive or mocking answer
# to them is not the breach.
CRIMINAL_VIEWS = frozenset({THREATS, SLURS, DEHUMANISING, ELIMINATIONIST, EXCLUSION})
