"""The Toronto lexicons the role detector reads (`policies/toronto/lexicons/role_*.yaml`)."""

from __future__ import annotations

DISOWNING = "role_disowning"
NEGATORS = "role_negators"
NOUNS = "role_nouns"
STATE = "role_state"
LICENCE = "role_licence"
TIME = "role_time"
DISTANCING = "role_distancing"
FORCE = "role_force"
FORCE_VERBS = "role_force_verbs"
FORCE_VERBS_POLICED = "role_force_verbs_policed"
FORCE_PARTICLE_VERBS = "role_force_particle_verbs"
FORCE_TARGETS = "role_force_targets"
CREDENTIALS = "role_credentials"
BENEFITS = "role_benefits"
COLLEAGUES_SENT = "role_colleagues_sent"
AT_DOOR = "role_at_door"
THREAT_FRAME = "role_threat_frame"
RELISH = "role_relish"
LEVERAGE = "role_leverage"
FAVOUR = "role_favour"
ENFORCEMENT = "role_enforcement"
PERKS = "role_perks"
CIVILIAN = "role_civilian"
LAUGHTER = "laughter"
OFF = "role_off"
SAVOUR = "role_savour"
CONDONE = "role_condone"
FORCE_DONE = "role_force_done"
RESOURCES = "role_resources"
PERSONAL_USE = "role_personal_use"
CONTEMPT = "role_contempt"
JOB = "role_job"
NEGLECT = "role_neglect"
ACCEPT = "role_accept"
ASK = "role_ask"
WITHHOLD = "role_withhold"
SERVICE = "role_service"
CONDUCT = "role_conduct"
IMPUNITY = "role_impunity"
EXEMPT = "role_exempt"
PRESSURE = "role_pressure"
POLICING_FRAME = "role_policing_frame"
SELF_CLAIM = "role_self_claim"
OTHERS = "role_others"
POWER_TRIP = "role_power_trip"
DEHUMANISING = "dehumanising"  # the respect detector's lexicon, read near words of the job

# A field without any of these has nothing for the role detector (a reply is also read when it
# says yes, `ACCEPT`, to what it answers). A role noun alone ("police")
# is in nearly every post: it counts only with a negation in the field ("not a cop today").
TRIGGERS = frozenset(
    {
        DISOWNING,
        NEGATORS,
        STATE,
        DISTANCING,
        CIVILIAN,
        FORCE,
        FORCE_VERBS,
        FORCE_VERBS_POLICED,
        FORCE_PARTICLE_VERBS,
        LEVERAGE,
        FAVOUR,
        PERKS,
        CREDENTIALS,
        COLLEAGUES_SENT,
        CONDONE,
        RESOURCES,
        CONTEMPT,
        NEGLECT,
        WITHHOLD,
        CONDUCT,
        IMPUNITY,
        EXEMPT,
        PRESSURE,
        POWER_TRIP,
        DEHUMANISING,
    }
)
