"""Ids of the pack lexicons the identity detector reads (policies/<pack>/lexicons/identity_*)."""

from __future__ import annotations

# Roles a person plays in the post
COMPLAINANT = "identity_complainant"  # who called, complained, witnessed, tipped off
WHO_CALLED = "identity_who_called"  # a question, in the post replied to
ACCUSED = "identity_accused"
SUSPECT = "identity_suspect_named"
YOUTH = "identity_youth"
TEEN = "identity_teen"  # "teenager": also 18 and 19, so not a youth in a formal update
VICTIM = "identity_victim"
VICTIM_AFTER = "identity_victim_after"
HARMED = "identity_harmed"  # "assaulted", "robbed": a living person suffered an offence
DECEASED = "identity_deceased"  # updates name people who died, with their family's agreement
# Who is referred to, and how
PERSON_REF = "identity_person_ref"  # "your neighbour", "upstairs", "the one with the"
PERSON_NOUN = "identity_person_noun"  # "the cashier", "that guy", "our ED's assistant"
NOT_NAME = "identity_not_name"
OFFICER = "identity_officer"  # "one of ours", "undercover": an officer, not a private person
# Details that identify a person (quasi-identifiers), by kind
STREET = "identity_street"
RESIDENCE = "identity_residence"
WORKPLACE = "identity_workplace"
SCHOOL = "identity_school"
SCHOOL_NAME = "identity_school_name"
FAMILY = "identity_family"
APPEARANCE = "identity_appearance"
# Particulars of a young accused: part of a name ("first name"), a prior involvement ("same kid from")
NAME_PART = "identity_name_part"
PRIOR = "identity_prior"
SENSITIVE = "identity_sensitive"
# People made known without a full name: met on duty, made guessable by hints
MET_ON_DUTY = "identity_met_on_duty"
GUESS = "identity_guess"
DUTY_ACT = "identity_duty_act"
# Contexts
PUBLIC = "identity_public_record"
REFUSAL = "identity_refusal"

# A name never contains one of these cue words ("Teenager Arrested Following Assault").
CUES_IN_NAME = (
    NOT_NAME,
    STREET,
    ACCUSED,
    SUSPECT,
    YOUTH,
    TEEN,
    PUBLIC,
    VICTIM,
    VICTIM_AFTER,
    SCHOOL_NAME,
)
