"""Where the author speaks in their own voice: quotation, reported speech, counter-speech.

Shared by the respect, role and offensive-language detectors: quoted stretches, and per
sentence whether a reporting cue, a naming verb ("called the officer a loser") or
counter-speech makes the words someone else's. A sentence is counter-speech when it has a
`counter_speech` cue ("calling people vermin is not okay"), or when it denounces hate it
refers to: a `denouncing_frames` predicate ("... has to stop", "... is wrong", "shame on")
and a `hate_references` word ("your contempt for", "saying that ...") in the same sentence.
A term in the scope of a declarative negation ("I would never say they are animals", "no
one deserves to be hurt") is denied, not said: see `SpeechLayout.denied`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

from socialpolicy.detectors._windows import Sentences
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.grammar import MENTION, NEG, TOKEN, YOU
from socialpolicy.detectors.respect.lexicons import (
    COUNTER,
    CUES,
    DENOUNCING,
    HATE_REFERENCES,
    NAMING,
    REPORTING,
    SECOND_PERSON,
    SPEECH,
)
from socialpolicy.normalise import NormalisedText

__all__ = ["SpeechLayout", "dedupe"]

# Speakers whose reported words still count: the author ("like I said, ..."), or a relative
# clause naming the target ("whoever said that is a moron").
_OWN_SPEAKER = frozenset({"i", "i'm", "im", "we", "we're", "who", "whoever", "that"})
# A relative clause's speaker ("anyone who says ..."): the words its verb reports are someone
# else's until the main clause's verb ("whoever said that IS a moron"), after which they are
# the author's again.
_RELATIVE_SPEAKER = frozenset({"who", "whoever", "that"})
_MAIN_VERBS = frozenset(
    {
        "is", "are", "was", "were", "isn't", "aren't", "wasn't", "weren't", "has", "have",
        "hasn't", "haven't", "had", "should", "must", "needs", "need", "can", "will", "deserves",
        "ought", "gets",
    }
)  # fmt: skip
_MAX_REPORTED_GAP = 6  # words between a relative speech verb and the words it reports
_MAX_NAMING_GAP = 4  # words between "called" and the name: "called the officer a loser"
# Negations that deny what follows them in their clause ("opposite" is a negator of aim only).
_DENYING = (NEG - {"opposite"}) | {"nor", "none", "neither", "without", "didn't", "wouldn't"}
# Open a clause and deny it: "no one deserves ...", "not all of them are ...".
_QUANTIFIERS = frozenset({"no", "nobody", "noone", "none", "neither", "not"})
# Before a negation, a question ("why don't you ...") does not deny.
_QUESTION = frozenset({"why", "how", "what", "who", "when", "where", "whats", "what's"})
# After a negation, a comparison keeps the insult: "no better than animals", "nothing but".
_COMPARISON = frozenset({"better", "more", "less", "different", "much", "only", "even", "but"})
# A denial ends before a conjunction or a subordinate clause, and within a few words.
_SCOPE_END = frozenset(
    {"and", "because", "cause", "cuz", "bc", "since", "so", "if", "when", "while", "although",
     "though", "unless", "until", "which", "then"}
)  # fmt: skip
_MAX_DENIED = 8
# How far back a denial's clause is read: far longer than any clause people write without a
# comma, short enough that a text of repeated terms is read in linear time.
_CLAUSE_REACH = 500
# Words that point back to what was said ("That's disgusting.", "How can you say that?").
_BACK = frozenset({"that", "that's", "thats", "this", "such", "these", "those"})
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\bbut\b")
# Quoted stretches of normalised text (curly quotes are straight there): double quotes,
# guillemets, and single quotes that open after a non-word and close before one (so the
# apostrophes of "don't" and "kids'" neither open nor close a quote). Every form opens with
# its mark, the single quote's "after a non-word" looked behind at from past it: so `re`
# skips from mark to mark (with the lookbehind first it tried every position: 32 ns per
# character of a long post, now 4.5).
_QUOTED = re.compile(
    r'"[^"]{1,600}"|«[^»]{1,600}»|\'(?<![\w\']\')(?:[^\']|(?<=\w)\'(?=\w)){1,400}\'(?![\w\'])'
)


# An @handle or a #hashtag: a name, whose words ("@kel_writes", "#SheSaid") report nothing.
# Led by the "@" or "#", what comes before it looked behind at from past it, so that `re`
# skips from mark to mark (led by the lookbehind it tried every position: 110 ns per
# character of a long post).
_HANDLE = re.compile(r"[@#](?<![\w@#][@#])\w+")
# The cues that make words someone else's (a report, a naming verb, counter-speech): inside a
# handle they are part of a name. Cues for people ("#gay", "@cst_smith") still name people.
_VOICE_CUES = frozenset({REPORTING, NAMING, SPEECH, COUNTER, DENOUNCING, HATE_REFERENCES})


def _outside_handles(
    text: str, cues: dict[str, list[LexiconMatch]]
) -> dict[str, list[LexiconMatch]]:
    """The voice cues that do not lie inside an @handle or a hashtag: "@kel_writes still
    waiting on that apology" is said to Kel, not a report of what Kel writes."""
    spans = [h.span() for h in _HANDLE.finditer(text)]
    if not spans:
        return cues
    opens = [a for a, _ in spans]

    def inside(m: LexiconMatch) -> bool:
        i = bisect_right(opens, m.start) - 1
        return i >= 0 and spans[i][0] < m.start < spans[i][1]

    kept = {k: [m for m in v if not inside(m)] if k in _VOICE_CUES else v for k, v in cues.items()}
    return {k: v for k, v in kept.items() if v}


@dataclass(frozen=True, slots=True)
class SpeechLayout:
    """Where in one normalised field the author speaks in their own voice.

    Shared with the role detector: quoted stretches, and per sentence whether a reporting
    cue or counter-speech cue makes later words someone else's.
    """

    text: str
    sentences: Sentences
    quotes: tuple[tuple[int, int], ...]
    cues: dict[str, list[LexiconMatch]]  # per cue lexicon, sorted by start
    starts: dict[str, list[int]]  # the same matches' starts, for bisection
    # Starts of the @mentions under "mentions", found on the first question (not once per
    # question: a search per match through a long sentence was quadratic).
    found: dict[str, list[int]]
    # Whether each sentence asked about is counter-speech: asked once per sentence, not once
    # per match in it (each asking read every denouncing cue of the sentence: quadratic in a
    # run-on sentence of them).
    countering: dict[tuple[int, int], bool] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        nt: NormalisedText,
        matches: Sequence[LexiconMatch],
        grouped: Mapping[str, Sequence[LexiconMatch]] | None = None,
    ) -> SpeechLayout:
        """The layout of one field from its matches, or from the same matches by lexicon
        (`grouped`, a `Context.grouped`: then only the cue lexicons' lists are read, not every
        match of a long field)."""
        text = nt.text
        quotes = tuple(m.span() for m in _QUOTED.finditer(text)) if may_quote(text) else ()
        cues: dict[str, list[LexiconMatch]] = {}
        if grouped is not None:
            for lexicon in CUES:
                got = grouped.get(lexicon)
                if got:
                    cues[lexicon] = list(got)
        else:
            for m in matches:  # the matcher returns them sorted by position
                if m.lexicon_id in CUES:
                    cues.setdefault(m.lexicon_id, []).append(m)
        if cues and ("@" in text or "#" in text):
            cues = _outside_handles(text, cues)
        starts = {k: [m.start for m in v] for k, v in cues.items()}
        return cls(text, Sentences.of(nt), quotes, cues, starts, {})

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences.bounds(self.sentences.index(pos))

    def quoted(self, start: int, end: int) -> bool:
        return self.enclosing_quote(start, end) is not None

    def enclosing_quote(self, start: int, end: int) -> tuple[int, int] | None:
        """The quotation that holds `[start, end)`, if one does. Only the last one opening by
        `start` can (quotations do not overlap), found by bisection: asking each one was
        quadratic in a text of many quotations."""
        opens = self.found.get("quote_starts")
        if opens is None:
            opens = self.found["quote_starts"] = [a for a, _ in self.quotes]
        i = bisect_right(opens, start) - 1
        return self.quotes[i] if i >= 0 and end <= self.quotes[i][1] else None

    def quote_overlaps(self, start: int, end: int) -> bool:
        """Does a quotation share a character with `[start, end)`? The first one closing after
        `start` is the only one that can open before `end`."""
        ends = self.found.get("quote_ends")
        if ends is None:
            ends = self.found["quote_ends"] = [b for _, b in self.quotes]
        i = bisect_right(ends, start)
        return i < len(self.quotes) and self.quotes[i][0] < end

    def cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The first match of a cue lexicon lying within `[start, end)`."""
        return next(self.cues_in(lexicon_id, start, end), None)

    def cues_in(self, lexicon_id: str, start: int, end: int) -> Iterator[LexiconMatch]:
        """The matches of a cue lexicon lying within `[start, end)`, in order."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return
        for i in range(bisect_left(self.starts[lexicon_id], start), len(pool)):
            c = pool[i]
            if c.start >= end:
                return
            if c.end <= end:
                yield c

    def last_cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The last match of a cue lexicon lying within `[start, end)`."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return None
        i = bisect_left(self.starts[lexicon_id], end) - 1
        while i >= 0 and pool[i].start >= start:
            if pool[i].end <= end:
                return pool[i]
            i -= 1
        return None

    def reported(self, m: LexiconMatch, quotes: bool = True) -> bool:
        """Quoted, or after a reporting cue in its sentence ("was told ...", "called me ...").
        With `quotes=False`, only the reporting cues are asked about.

        A report whose words are in quotation marks ends with them: in 'I'm told I'm "a
        disgrace" because I gave Karen here a ticket', the words after the quote are the
        author's again.
        """
        if quotes and self.quotes and self.quoted(m.start, m.end):
            return True
        s_start, _ = self.sentence(m.start)
        # A cue is closed by a quote before m when it ends at or before the start of the last
        # quotation that closes by m.start: so only the cues ending after that start are
        # asked about, found by bisection (asking every cue of a long sentence, and every
        # quotation for each, was quadratic in a run-on text of cues).
        reach = self._quote_reach(m.start)
        if self._open_cue(REPORTING, s_start, m.start, reach):
            return True
        if self._open_cue(SPEECH, s_start, m.start, reach):
            return True
        if self._relative_report(s_start, m.start, reach):
            return True
        naming = self.last_cue(NAMING, s_start, m.start)
        if naming is None:
            return False
        # The words between, counted up to one past the limit (not the whole gap: a naming
        # verb early in a long sentence would be re-read for every later match).
        gap = islice(TOKEN.finditer(self.text, naming.end, m.start), _MAX_NAMING_GAP + 1)
        return sum(1 for _ in gap) <= _MAX_NAMING_GAP

    def _quote_reach(self, end: int) -> int:
        """The start of the last quotation that closes by `end` (-1 when none): a quotation
        opens and closes between a cue ending at or before it and `end`, and none does for a
        cue ending after it (the quotations do not overlap: their starts and ends are both in
        order)."""
        ends = self.found.get("quote_ends")
        if ends is None:
            ends = self.found["quote_ends"] = [b for _, b in self.quotes]
        i = bisect_right(ends, end) - 1
        return self.quotes[i][0] if i >= 0 else -1

    def _open_cue(self, lexicon_id: str, start: int, end: int, reach: int) -> bool:
        """Is there a cue of `lexicon_id` within `[start, end)` that ends after `reach` (not
        closed by a quote) and, for a speech cue, is not said by the author ("like I said")?

        Only cues starting at most the longest cue's length before `reach` can end after
        it: the search starts there. Speech cues said by the author are set aside once per
        field (whether one is depends only on the words just before it in its sentence)."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return False
        key = f"open:{lexicon_id}"
        keep = self.found.get(key)
        if keep is None:
            keep = self.found[key] = [
                i for i, c in enumerate(pool) if lexicon_id != SPEECH or not self._own_speech(c)
            ]
            self.found[key + ":starts"] = [pool[i].start for i in keep]
            self.found[key + ":longest"] = [max((c.end - c.start for c in pool), default=0)]
        starts = self.found[key + ":starts"]
        longest = self.found[key + ":longest"][0]
        for j in range(bisect_left(starts, max(start, reach + 1 - longest)), len(keep)):
            c = pool[keep[j]]
            if c.start >= end:
                return False
            if reach < c.end <= end:
                return True
        return False

    def _relative_report(self, start: int, end: int, reach: int) -> bool:
        """The words just before `end` are what a relative clause's speech verb reports:
        "anyone who says [newcomers don't belong here] hasn't met them". A main-clause verb
        between them ends the report ("whoever said that is [a moron]"), and so does a quote."""
        c = self.last_cue(SPEECH, start, end)
        if c is None or c.end <= reach:
            return False
        before = TOKEN.findall(self.text, max(start, c.start - 12), c.start)
        if not before or before[-1] not in _RELATIVE_SPEAKER:
            return False
        # The words between, read up to one past the limit (a long run-on sentence is not
        # re-read whole for each match).
        gap = [
            t.group() for t in islice(TOKEN.finditer(self.text, c.end, end), _MAX_REPORTED_GAP + 1)
        ]
        return len(gap) <= _MAX_REPORTED_GAP and not any(w in _MAIN_VERBS for w in gap)

    def _own_speech(self, c: LexiconMatch) -> bool:
        """A speech cue the author or a relative clause speaks ("like I said", "whoever
        said that"): its words still count."""
        s_start, _ = self.sentence(c.start)
        before = TOKEN.findall(self.text, max(s_start, c.start - 12), c.start)
        return bool(before) and before[-1] in _OWN_SPEAKER

    def not_own(self, m: LexiconMatch, denial: bool = True) -> bool:
        """Quoted, reported, or condemned in its sentence: not the author's own abuse; with
        `denial`, also denied by a declarative negation (swearing is not: "I don't give a
        damn" swears all the same)."""
        if self.reported(m) or (denial and self.denied(m)):
            return True
        return self.counter_speech(*self.sentence(m.start))

    def denied(self, m: LexiconMatch) -> bool:
        """A declarative negation before the term in its clause: the author states that it is
        not so ("I don't think they are vermin", "I would never say women are stupid", "no one
        deserves to be hurt"). Not a command ("don't be stupid"), a question ("why don't you
        ..."), words to or about "you" ("you don't deserve ...", "nobody wants your garbage"),
        or a comparison ("no better than animals")."""
        s_start, _ = self.sentence(m.start)
        # A clause read back at most _CLAUSE_REACH characters: a run-on "sentence" of
        # repeated terms would otherwise be re-read whole for each of them (quadratic).
        a = lo = max(s_start, m.start - _CLAUSE_REACH)
        if lo > s_start:  # start on a word, not inside one
            space = self.text.find(" ", lo, m.start)
            a = lo = space + 1 if space >= 0 else m.start
        for b in _CLAUSE_BREAK.finditer(self.text, lo, m.start):
            a = b.end()
        words = TOKEN.findall(self.text, a, m.start)
        for i, w in enumerate(words):
            if w not in _DENYING and not w.endswith("n't"):
                continue
            after = words[i + 1] if i + 1 < len(words) else ""
            scope = words[i + 1 :]
            if (
                after in _COMPARISON
                or len(scope) > _MAX_DENIED
                or any(x in YOU or x[0] == "@" or x in _SCOPE_END for x in scope)
            ):
                continue
            head = words[:i]
            while head and head[0][0] == "@":  # the handles a reply opens with
                head = head[1:]
            if not head:
                if w in _QUANTIFIERS:
                    return True
            elif head[0] not in _QUESTION and not any(h in YOU or h[0] == "@" for h in head):
                return True
        return False

    def counter_speech(self, start: int, end: int) -> bool:
        """The sentence `[start, end)` condemns abuse: a `counter_speech` cue, a denouncing
        predicate with a reference to hateful talk ("your contempt for them has to stop") or
        with a demonstrative subject ("That's disgusting."); or, when it says nothing to
        "you", the next sentence denounces it ("They are vermin? How can you say that?")."""
        known = self.countering.get((start, end))
        if known is None:
            known = self.countering[start, end] = self._counter_speech(start, end)
        return known

    def _counter_speech(self, start: int, end: int) -> bool:
        if self.cue(COUNTER, start, end) is not None or self._denounces(start, end):
            return True
        if end >= len(self.text) or DENOUNCING not in self.cues:
            return False
        a, e = self.sentence(end)
        return a >= end and self._denounces(a, e, pointing=True) and not self.has_you(start, end)

    def _denounces(self, start: int, end: int, pointing: bool = False) -> bool:
        """A denouncing predicate with what it denounces: a reference to hateful talk, a
        demonstrative subject ("that's wrong", "this has to stop"), or (with `pointing`) a
        word anywhere pointing back to what was said ("how can you say that")."""
        frames = list(self.cues_in(DENOUNCING, start, end))
        if not frames:
            return False
        if self.cue(HATE_REFERENCES, start, end) is not None:
            return True
        if any(f.term.split()[0] in _BACK for f in frames):
            return True
        return pointing and any(w in _BACK for w in TOKEN.findall(self.text, start, end))

    def has_you(self, start: int, end: int) -> bool:
        """A second-person word or an @mention within `[start, end)`."""
        if self.cue(SECOND_PERSON, start, end) is not None:
            return True
        return self.has_mention(start, end)

    def has_mention(self, start: int, end: int) -> bool:
        """An @mention (an "@" and a word character) within `[start, end)`."""
        if "@" not in self.text:
            return False
        mentions = self.found.get("mentions")
        if mentions is None:
            mentions = self.found["mentions"] = [m.start() for m in MENTION.finditer(self.text)]
        i = bisect_left(mentions, start)
        return i < len(mentions) and mentions[i] + 2 <= end


def may_quote(text: str) -> bool:
    """Whether `_QUOTED` may find a quotation in `text`; False only where it cannot. Its
    apostrophe form opens at an apostrophe after neither a word character (`\\w`) nor another
    apostrophe; most tweets hold apostrophes only inside words ("it's", "we're"), and a look at
    each one costs less than the pattern's search, which tries its three forms everywhere."""
    if '"' in text or "«" in text:
        return True
    i = text.find("'")
    while i >= 0:
        if i == 0:
            return True
        c = text[i - 1]
        if not (c.isalnum() or c == "_" or c == "'"):
            return True
        i = text.find("'", i + 1)
    return False


def dedupe(hits: list[LexiconMatch]) -> list[LexiconMatch]:
    """Longest first among overlapping hits ("son of a bitch" over "bitch")."""
    hits = sorted(hits, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[LexiconMatch] = []
    last_end = -1
    for m in hits:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
        elif m.end > last_end:
            last_end = m.end
    return out
