"""Identity detector: private persons identified in a post (Toronto privacy).

What it finds, beyond the contact details the personal_data detector reads (phone, email,
full street address, date of birth, plate, SIN):

- who called the police or complained: a complainant cue ("the complainant", "it was your
  neighbour") with a name or a locator ("in 42", "the one with the blue door", "upstairs"),
  or any such answer to a reply target asking "who called the cops?";
- a young person accused: a name with a youth cue (an age under 18, "teen", "high school")
  and an accused cue ("picked up", "arrested", "charged"); the Youth Criminal Justice Act
  protects their identity, so this is information protected by law;
- a named suspect in informal words ("suspect is ...", "we picked up ...");
- a named private person with two identifying details (age, street, where they live, study
  or work): a heuristic, to confirm.

Names are capitalised word runs read from the original text (case matters), after a cheap
pre-check that a relevant lexicon matched; formal public updates (charged, sentenced,
missing, wanted: `identity_public_record`) keep the suspect and private-person signals
quiet, never the youth signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from socialpolicy.citations import Span
from socialpolicy.detectors._windows import Groups
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.operational import Sentences
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText, plain

COMPLAINANT = "identity_complainant"
WHO_CALLED = "identity_who_called"
PERSON_REF = "identity_person_ref"
REFUSAL = "identity_refusal"
ACCUSED = "identity_accused"
SUSPECT = "identity_suspect_named"
YOUTH = "identity_youth"
VICTIM = "identity_victim"
VICTIM_AFTER = "identity_victim_after"
PUBLIC = "identity_public_record"
STREET = "identity_street"
DETAIL = "identity_detail"
NOT_NAME = "identity_not_name"

LEXICONS = frozenset(
    {
        COMPLAINANT,
        PERSON_REF,
        REFUSAL,
        ACCUSED,
        SUSPECT,
        YOUTH,
        VICTIM,
        VICTIM_AFTER,
        PUBLIC,
        STREET,
        DETAIL,
        NOT_NAME,
    }
)
# A name never contains one of these cue words ("Teenager Arrested Following Assault").
_CUES_IN_NAME = (NOT_NAME, STREET, ACCUSED, SUSPECT, YOUTH, PUBLIC, VICTIM, VICTIM_AFTER)

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_WORD = rf"[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:['’\-][{_UP}{_LO}]+)?"
# Two or three capitalised words ("Jayden Reyes"), or an honorific and a surname ("Mr. Alvarez").
_NAME = re.compile(
    rf"(?<![\w@#])(?:(?:Mr|Mrs|Ms|Miss|Mx)\.? {_WORD}|{_WORD}(?: {_WORD}){{1,2}})(?![\w@])"
)
# A place or a thing, not a person: a capitalised run right after a locative preposition or
# an article ("in Muswell Hill", "the Aston Villa player").
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|on|into|outside|inside|around|across|along|towards|via|the|a|an)"
    r"\s+(?:the\s+)?#?|#)$",
    re.IGNORECASE,
)
# Ages: "16yo", "16 y/o", "16-year-old", "aged 16"; and ", 87," or "(16)" right after a name.
_AGE = re.compile(
    r"\b(\d{1,2})\s*-?\s*(?:yo|y/o|y\.o\.|yrs?\.?\s*old|years?[\s-]old)\b"
    r"|\bage[d]?\s+(\d{1,2})\b",
    re.IGNORECASE,
)
_AGE_AFTER_NAME = re.compile(r"\s*(?:,|\()\s*(\d{1,3})\s*(?:,|\)|\.(?!\d)|$|\s)")
_DOB_AFTER_NAME = re.compile(r"\s*\(\s*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\s*\)")
# A neighbour or unit with a number: "neighbour in 42", "unit 5", "apt 3B", "#42", "in 42".
_LOCATOR = re.compile(
    r"\b(?:neighbou?rs?|unit|apt|apartment|suite|house|number|no\.?)\s*(?:in|at|from)?\s*#?\d+[a-z]?\b"
    r"|(?<!\w)#\d+[a-z]?\b"
    r"|\bin\s+(?:number\s+|no\.?\s*)?\d{1,3}[a-z]?\b"
    r"(?!\s*(?:am|pm|min|mins|minutes|hours?|hrs?|days?|weeks?|months?|years?|%|km|k\b|m\b))",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_ARTICLE = re.compile(r"\b(?:the|a|an)\b", re.IGNORECASE)

NAME_WINDOW = 60  # characters between a name and a detail describing it
SUSPECT_GAP = 12  # characters from "suspect is" / "we picked up" to the name it introduces
BEFORE_NAME = 40  # "the murder of 16-year-old ..." reaches this far before a name
AFTER_NAME = 30  # "... died on Friday" this far after it


def _orig(nt: NormalisedText, m: LexiconMatch) -> tuple[int, int]:
    return nt.original_offsets(m.start, m.end)


def _ev(field: str, raw: str, a: int, b: int) -> Evidence:
    return Evidence(detector="identity", field=field, text=raw[a:b], span=Span(start=a, end=b))


def _close(a: tuple[int, int], b: tuple[int, int], chars: int) -> bool:
    return b[0] - a[1] <= chars and a[0] - b[1] <= chars


class _Field:
    """Per-field work, in original-text coordinates (names need the author's capitals)."""

    def __init__(self, field: str, nt: NormalisedText, g: Groups) -> None:
        self.field = field
        self.nt = nt
        self.raw = nt.original
        self.g = g
        self._spans: dict[str, list[tuple[int, int]]] = {}
        self._names: list[tuple[int, int]] | None = None
        self._sents: Sentences | None = None
        self._view: NormalisedText | None = None

    def spans(self, lexicon: str) -> list[tuple[int, int]]:
        got = self._spans.get(lexicon)
        if got is None:
            got = self._spans[lexicon] = [_orig(self.nt, m) for m in self.g.get(lexicon, [])]
        return got

    def view(self) -> NormalisedText:
        """The text as written, invisible characters dropped ("Jay\u200bden" reads "Jayden")."""
        if self._view is None:
            self._view = plain(self.raw)
        return self._view

    def sentence(self, pos: int) -> int:
        if self._sents is None:
            self._sents = Sentences.of_text(self.raw)
        return self._sents.of(pos)

    def names(self) -> list[tuple[int, int]]:
        """Capitalised runs that look like a person's name (not ranks, places, cue words)."""
        if self._names is None:
            blocked = [s for lex in _CUES_IN_NAME for s in self.spans(lex)]
            titles = self.spans(NOT_NAME)
            out = []
            view = self.view()
            for m in _NAME.finditer(view.text):
                a, b = view.original_offsets(*m.span())
                if any(s < b and a < e for s, e in blocked):
                    continue
                if any(0 <= a - e <= 2 and self.raw[e:a].strip() in ("", ".") for s, e in titles):
                    # A rank or title just before: "Sgt. Lee", "Constable Jane Doe"; not a
                    # word that ends a question before it: "... the robbery? Marcus Doyle".
                    continue
                if _PLACE_BEFORE.search(self.raw, max(0, a - 12), a):
                    continue
                out.append((a, b))
            self._names = out
        return self._names

    def age_after(self, name: tuple[int, int]) -> tuple[int, tuple[int, int]] | None:
        """The age given right after a name (", 87," or "(16)") and its span; -1 for a date
        of birth ("(22/08/1997)")."""
        m = _AGE_AFTER_NAME.match(self.raw, name[1])
        if m:
            return int(m.group(1)), m.span(1)
        m = _DOB_AFTER_NAME.match(self.raw, name[1])
        if m:
            return -1, m.span()
        return None

    def ages(self) -> list[tuple[int, int, int]]:
        """(start, end, age) of each age given in the text."""
        out = []
        view = self.view()
        for m in _AGE.finditer(view.text):
            value = m.group(1) or m.group(2)
            out.append((*view.original_offsets(*m.span()), int(value)))
        for name in self.names():
            after = _AGE_AFTER_NAME.match(self.raw, name[1])
            if after:
                out.append((after.start(1), after.end(1), int(after.group(1))))
        return out

    def streets(self) -> list[tuple[int, int]]:
        """Street names: a street-type word after a capitalised word ("Birchmount Rd")."""
        out = []
        titles = self.spans(NOT_NAME)  # "Magistrates Court" is not a street
        for a, b in self.spans(STREET):
            if not self.raw[a : a + 1].isupper():
                continue
            j = a - 1
            while j >= 0 and self.raw[j] == " ":
                j -= 1
            k = j
            while k >= 0 and self.raw[k].isalpha():
                k -= 1
            if k < j and self.raw[k + 1].isupper() and not any(x <= k + 1 < y for x, y in titles):
                out.append((k + 1, b))
        return out

    def victim(self, name: tuple[int, int]) -> bool:
        """Is the person named (or described) here the victim ("the murder of 16-year-old X",
        "X died", "a teenager died")?"""
        a, b = name
        here = self.sentence(a)
        return any(
            a - BEFORE_NAME <= e <= a and self.sentence(s) == here for s, e in self.spans(VICTIM)
        ) or any(
            b <= s <= b + AFTER_NAME and self.sentence(s) == here
            for s, e in self.spans(VICTIM_AFTER)
        )


class IdentityDetector:
    """Complainants, accused youths, named suspects and identifiable private persons."""

    name: str = "identity"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "identity.complainant",
            "count",
            "Reveals who called the police or complained (a name or a locator such as a "
            "neighbour's house or unit), in the post or in answer to 'who called?'.",
        ),
        SignalSpec(
            "identity.youth_accused",
            "count",
            "Names a young person (under 18) who is a suspect or accused: protected by "
            "the Youth Criminal Justice Act.",
        ),
        SignalSpec(
            "identity.named_suspect",
            "count",
            "Names a suspect in informal words ('suspect is ...', 'we picked up ...') "
            "outside a formal public update: to confirm.",
        ),
        SignalSpec(
            "identity.private_person",
            "count",
            "Names a private person with two identifying details (age, street, where "
            "they live, study or work): to confirm.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        asked_who = False
        reply = ctx.post.in_reply_to
        if reply is not None and reply.text:
            asked_who = WHO_CALLED in ctx.grouped("in_reply_to.text", reply.text)
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            asked = asked_who and field == "text"
            # Cheap gates: each finding needs its own cue; a private person needs two kinds
            # of detail (an age needs a digit).
            complainant = asked or COMPLAINANT in g
            accused = ACCUSED in g or SUSPECT in g
            person = PUBLIC not in g and (
                (STREET in g) + (DETAIL in g) + (_DIGIT.search(raw) is not None) >= 2
            )
            if not (complainant or accused or person):
                continue
            f = _Field(field, ctx.normalised(field, raw), g)
            if complainant:
                yield from self._complainant(f, asked)
            if accused:
                yield from self._accused(f)
            if person:
                yield from self._private_person(f)

    # -- complainants --------------------------------------------------------------------

    def _identifiers(self, f: _Field) -> list[tuple[int, int]]:
        """Names and locators that single out a person."""
        out = list(f.spans(PERSON_REF)) + f.names()
        out.extend(m.span() for m in _LOCATOR.finditer(f.raw))
        out.sort()
        return out

    def _complainant(self, f: _Field, asked_who: bool) -> Iterator[Hit]:
        cues = f.spans(COMPLAINANT)
        if not cues and not asked_who:
            return
        ids = self._identifiers(f)
        if not ids:
            return
        refusals = f.spans(REFUSAL)
        for cue in cues:
            who = next((i for i in ids if _close(cue, i, 80)), None)
            if who is None or any(_close(cue, r, 80) for r in refusals):
                continue
            yield Hit(
                "identity.complainant", (_ev(f.field, f.raw, *cue), _ev(f.field, f.raw, *who))
            )
            return
        # An answer to "who called?" that names or locates anyone reveals the complainant,
        # unless it declines to say.
        if asked_who and not refusals:
            yield Hit("identity.complainant", (_ev(f.field, f.raw, *ids[0]),))

    # -- accused and suspects --------------------------------------------------------------

    def _accused(self, f: _Field) -> Iterator[Hit]:
        accused = f.spans(ACCUSED) + f.spans(SUSPECT)
        if not accused:
            return
        names = f.names()
        if not names:
            return
        youth = [(a, b) for a, b, age in f.ages() if age < 18] + f.spans(YOUTH)
        # "a teenager died", "the murder of a 16-year-old": the youth is the victim
        youth = [y for y in youth if not f.victim(y)]
        if f.spans(REFUSAL):
            youth = []  # "a 17-year-old, who cannot be named for legal reasons, ..."
        for name in names:
            if f.victim(name):
                continue
            y = self._youth_of(f, name, youth)
            if y is None:
                continue
            s = f.sentence(name[0])
            acc = next((x for x in accused if s - 1 <= f.sentence(x[0]) <= s), None)
            if acc is not None:
                yield Hit(
                    "identity.youth_accused",
                    tuple(_ev(f.field, f.raw, *x) for x in sorted({name, acc, y})),
                )
                return
        if PUBLIC in f.g:
            return
        for name in names:
            for cue in f.spans(SUSPECT):
                gap = f.raw[cue[1] : name[0]]
                if (
                    0 <= name[0] - cue[1] <= SUSPECT_GAP
                    and not _ARTICLE.search(gap)
                    and not f.victim(name)
                ):
                    yield Hit(
                        "identity.named_suspect",
                        tuple(_ev(f.field, f.raw, *x) for x in (cue, name)),
                    )
                    return

    @staticmethod
    def _youth_of(
        f: _Field, name: tuple[int, int], youth: list[tuple[int, int]]
    ) -> tuple[int, int] | None:
        """The youth cue that describes this named person, if any."""
        given = f.age_after(name)
        if given is not None:
            # an age right after the name decides: "X, 16," is a youth, "X (19)" or a
            # date of birth an adult
            age, span = given
            return span if 0 <= age < 18 else None
        s = f.sentence(name[0])
        for y in youth:
            # "16-year-old X", a youth cue in X's sentence, or in the one before it ("The
            # 16yo picked up for the robbery? X, ...")
            if 0 <= name[0] - y[1] <= 3 or s - 1 <= f.sentence(y[0]) <= s:
                return y
        return None

    # -- identifiable private persons ----------------------------------------------------

    def _private_person(self, f: _Field) -> Iterator[Hit]:
        # Two kinds of detail are needed; the cheap kinds first (every age has a digit).
        streets = f.streets()
        details = f.spans(DETAIL)
        if bool(streets) + bool(details) + (_DIGIT.search(f.raw) is not None) < 2:
            return
        names = f.names()
        if not names:
            return
        ages = [(a, b) for a, b, _ in f.ages()]
        accused = f.spans(ACCUSED) + f.spans(SUSPECT)
        for name in names:
            if f.victim(name) or any(_close(x, name, NAME_WINDOW) for x in accused):
                continue  # victims and accused are judged by the rules above, not here
            found = []
            for kind in (ages, streets, details):
                d = next((s for s in kind if s != name and _close(s, name, NAME_WINDOW)), None)
                if d is not None:
                    found.append(d)
            if len(found) >= 2:
                yield Hit(
                    "identity.private_person",
                    tuple(_ev(f.field, f.raw, *s) for s in [name, *found]),
                )
                return
