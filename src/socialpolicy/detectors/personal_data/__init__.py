"""Personal data detector: phone numbers, emails, addresses, birth dates, plates, SINs.

It reads the author's own words only (the post text, then each media caption and alt text),
on a light view of each field (`normalise.plain`: NFKC per character, invisible characters
dropped) so that digits, letter case and postal codes read as written, fullwidth digits
become ASCII and zero-width characters cannot split a number. Evidence spans index the
field as given.

One module per kind of data (`phones`, `emails`, `addresses`, `birth_dates`, `plates`,
`sin`); `_scan` runs them over one field behind cheap gates. The organisation's own public
contacts (`allowlist`, from `ctx.resources.contacts`) are never personal data: they raise
`personal_data.allowlisted_contact` instead. Neither are phone numbers and emails the post
itself presents as the organisation's (`org_contacts`). See docs/detectors/personal-data.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.citations import Span
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.personal_data._scan import PersonalDataFinding, find_personal_data
from socialpolicy.detectors.personal_data.addresses import address_key
from socialpolicy.detectors.personal_data.allowlist import Allowlist
from socialpolicy.detectors.personal_data.org_contacts import (
    CHAIN_GAP,
    CUE_REACH,
    IMPERATIVE_REACH,
    ORG_CUES,
    ORG_IMPERATIVE,
    ORG_RELAY,
    ORG_UNITS,
    RELAY_REACH,
    UNIT_REACH,
    OrgContacts,
)
from socialpolicy.detectors.personal_data.ownership import Owner, Ownership
from socialpolicy.detectors.personal_data.phones import phone_key
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import plain_of

__all__ = [
    "CHAIN_GAP",
    "CUE_REACH",
    "IMPERATIVE_REACH",
    "KINDS",
    "ORG_CUES",
    "ORG_IMPERATIVE",
    "ORG_RELAY",
    "ORG_UNITS",
    "RELAY_REACH",
    "UNIT_REACH",
    "Allowlist",
    "PersonalDataDetector",
    "PersonalDataFinding",
    "address_key",
    "find_personal_data",
    "phone_key",
]

KINDS: tuple[str, ...] = ("phone", "email", "address", "birth_date", "licence_plate", "sin")

_SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "personal_data.phone",
        "count",
        "Phone numbers (Canadian/US formats, vanity numbers like 416-222-TIPS, "
        "international numbers with +), other than the organisation's own.",
    ),
    SignalSpec(
        "personal_data.email", "count", "Valid email addresses other than the organisation's own."
    ),
    SignalSpec(
        "personal_data.address",
        "count",
        "Street addresses ('123 Main St', '1700, 10235 101 St NW') and Canadian "
        "postal codes, other than the organisation's own.",
    ),
    SignalSpec(
        "personal_data.birth_date",
        "count",
        "Full dates introduced as a birth date ('DOB 1990-04-12', 'born on "
        "March 3, 1988'); a bare date is not one.",
    ),
    SignalSpec(
        "personal_data.licence_plate",
        "count",
        "Licence plates introduced by a cue word ('plate ABC-1234').",
    ),
    SignalSpec(
        "personal_data.sin",
        "count",
        "Canadian social insurance numbers: 9 digits passing the Luhn check, "
        "grouped 3-3-3 or introduced by 'SIN' / 'social insurance'.",
    ),
    SignalSpec(
        "personal_data.any",
        "count",
        "All personal data found, every kind together (allowlisted contacts, public places' "
        "addresses, role mailboxes and public-record birth dates excluded).",
    ),
    SignalSpec(
        "personal_data.private",
        "count",
        "Personal data the post shows to be a private person's: tied to a person (a "
        "pronoun, a name, where they live, a relative, a party to a case), a birth date, a "
        "SIN, or a valid phone number or email that nothing says is an organisation's.",
    ),
    SignalSpec(
        "personal_data.uncertain",
        "count",
        "Personal-data shapes whose owner the post does not settle: an address no one is "
        "said to live at, a number an organisation named before it may own, the author's "
        "own, a plate in a formal appeal. To confirm.",
    ),
    SignalSpec("personal_data.kinds", "tags", "The kinds of personal data found.", tags=KINDS),
    SignalSpec(
        "personal_data.allowlisted_contact",
        "count",
        "The organisation's own public contacts seen in the text (never personal data).",
    ),
)


class PersonalDataDetector:
    """Raises `personal_data.*` signals for the author's own text, captions and alt texts.

    `flag_toll_free`: also count toll-free and premium numbers (1-800 ...) as personal
    data; by default they are business lines and only count when allowlisted.
    """

    name: str = "personal_data"
    signals: Sequence[SignalSpec] = _SIGNALS

    def __init__(self, *, flag_toll_free: bool = False) -> None:
        self.flag_toll_free = flag_toll_free

    def detect(self, ctx: Context) -> Iterator[Hit]:
        allow = Allowlist.from_contacts(ctx.resources.contacts)
        org: OrgContacts | None = None  # built at the first phone or email: most posts have none
        by_kind: dict[str, list[Evidence]] = {}
        owners: Ownership | None = None
        for field, raw in own_text_fields(ctx):
            org_end = -1  # end of the last contact read as the organisation's, for chains
            view = plain_of(ctx.normalised(field, raw))  # shared with identity, police info
            for f in find_personal_data(raw, allow, flag_toll_free=self.flag_toll_free, view=view):
                ev = Evidence(
                    detector=self.name,
                    field=field,
                    text=raw[f.start : f.end],
                    span=Span(start=f.start, end=f.end),
                )
                if not f.allowlisted and f.kind in ("phone", "email") and org is None:
                    org = OrgContacts(ctx)
                if (
                    org is not None
                    and not f.allowlisted
                    and f.kind in ("phone", "email")
                    and (org.chained(raw, org_end, f.start) or org.is_org_contact(field, raw, f))
                ):
                    org_end = f.end
                    yield Hit("personal_data.allowlisted_contact", (ev,))
                    continue
                if f.allowlisted:
                    org_end = f.end
                    yield Hit("personal_data.allowlisted_contact", (ev,))
                    continue
                if owners is None or owners.field != field:
                    owners = Ownership(ctx, field, raw)
                owner = owners.judge(f)
                if owner is Owner.NOT_PERSONAL:
                    continue
                yield Hit(f"personal_data.{f.kind}", (ev,))
                yield Hit("personal_data.any", (ev,))
                yield Hit(f"personal_data.{owner.value}", (ev,))
                by_kind.setdefault(f.kind, []).append(ev)
        for kind in KINDS:
            if kind in by_kind:
                yield Hit("personal_data.kinds", tuple(by_kind[kind]), tag=kind)
