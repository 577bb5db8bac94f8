"""One compiled multi-pattern matcher over every lexicon of a pack.

Terms are normalised exactly like post text (`normalise(term).text`) and compiled into a
single Aho-Corasick automaton when the pack loads, so finding every term of every lexicon
in a post is one linear scan of its normalised text.

Matching rules, in positions of `NormalisedText.text`:

- `word` terms need a word boundary on both sides (no letter, digit or mask `*` next to them);
  a term may be a phrase ("go back where you came from"), matched with single spaces; an
  edge that is an emoji or other symbol needs no boundary ("vote🗳" matches "🗳");
- `prefix` terms need a boundary before them; the match then runs to the end of the word and
  the whole word is reported ("donat" reports "donations");
- elongated words: normalisation cuts runs of 3+ identical letters to two and records where;
  for texts that have such runs the matcher also scans a squeezed form (every run of identical
  letters cut to one) against the squeezed terms, and keeps a hit only if it covers an
  elongated run (`fuuuuck` → `fuuck` → `fuck`; `good` never reads as `god`);
- masked words: a word with `*` inside (normalisation turns `#`, `*` and symbol runs between
  letters into `*`) is read as each word of the lexicons it can spell, one `*` per hidden
  letter (`f*ck`, `f**k`, `a**hole`), provided at least two letters are shown and no more
  letters are hidden than shown; the text is then scanned again with that reading, so masked
  words also count inside phrases (`f*cking moron`). A prefix term is read over its own
  length (`f*cking` reads as prefix `fuck` + `ing`). When a reading completes a term that
  runs past the masked word, the context has chosen it and the other readings are dropped
  (`i know wh*re you work` reads `where`, not the insult).

Overlapping hits of different lexicons are all reported; one lexicon reports a span once.
"""

from __future__ import annotations

import bisect
import functools
import operator
import os
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import NamedTuple, Protocol

import ahocorasick  # type: ignore[import-untyped,unused-ignore]

from socialpolicy.citations import Span
from socialpolicy.lexicons import Lexicon, MatchMode
from socialpolicy.normalise import _SPACED_HINT, _TRIPLE, NormalisedText, normalise

__all__ = ["LexiconMatch", "LexiconMatcher", "masked_fits"]


class LexiconMatch(NamedTuple):
    """A term of a lexicon found at `text[start:end]` of a `NormalisedText`.

    A named tuple, not a dataclass: posts make several each, and tuples are built in C.
    """

    lexicon_id: str
    term: str  # as the lexicon lists it
    start: int
    end: int

    def span_in(self, nt: NormalisedText) -> Span:
        """The span of what the author wrote (indexes `nt.original`)."""
        return nt.to_original(self.start, self.end)


_BY_POSITION = operator.itemgetter(2, 3, 0)  # (start, end, lexicon_id) of a LexiconMatch
# Builds a LexiconMatch from its field tuple in C (the generated __new__ is Python).
_new_match = tuple.__new__


def _holds(plain: list[LexiconMatch], key: tuple[str, int, int]) -> bool:
    """`plain` (sorted by position, each (lexicon, span) once) has a match of `key`."""
    lexicon_id, start, end = key
    want = (start, end, lexicon_id)
    i = bisect.bisect_left(plain, want, key=_BY_POSITION)
    return i < len(plain) and _BY_POSITION(plain[i]) == want


# (key length, boundary needed before, boundary needed after (word entries only), the word
# entries' (lexicon id, term), the prefix entries' (lexicon id, term)). Plain tuples, split by
# mode when the pack loads, so that a hit costs no attribute look-up or mode test per entry.
_Pairs = tuple[tuple[str, str], ...]
_Payload = tuple[int, bool, bool, _Pairs, _Pairs]
# While a pack loads: per key, the (lexicon id, term) pairs of its word and prefix entries.
_Group = tuple[list[tuple[str, str]], list[tuple[str, str]]]

_WORD_TAIL = re.compile(r"(?:[^\W_]|\*)*")
_STARS = re.compile(r"\*+")
_RUNS = re.compile(r"([^\W\d_])\1+")
_PLAIN_WORD = re.compile(r"[^\W_]+")
# A term in this form, with no run of three letters and no spaced-out letters (the
# normaliser's own hints), is its own normal form (`_normal_key`): most lexicon terms are.
_NORMAL_TERM = re.compile(r"[a-z'\-]+(?: [a-z'\-]+)*")
# What may follow a masked prefix term: inflections, not other words.
_MASKED_ENDINGS = frozenset(
    (
        "",
        "s",
        "es",
        "e",
        "ed",
        "er",
        "ers",
        "ing",
        "in",
        "ings",
        "y",
        "ies",
        "ier",
        "iest",
        "ly",
        "ion",
        "ions",
        "ive",
        "al",
    )
)
_MAX_READINGS = 16  # per masked word; bounds the work "a***...***z" can cause


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "*"


_FIRST_GROUP = operator.itemgetter(1)


def _squeeze(s: str) -> str:
    # A function is cheaper than the template r"\1", which `re` expands at every match.
    return _RUNS.sub(_FIRST_GROUP, s)


@functools.lru_cache(maxsize=1 << 16)  # the built-in packs share most of their terms
def _normal_key(term: str) -> str:
    """`normalise(term).text.strip()`, without normalising a term already in normal form:
    lower-case ASCII letters, apostrophes and hyphens in words split by single spaces, with
    no run of three identical characters and nothing that reads as spaced-out letters
    (`tests/detectors/test_matching.py` checks both ways agree)."""
    if (
        _NORMAL_TERM.fullmatch(term) is not None
        and _TRIPLE.search(term) is None
        and _SPACED_HINT.search(term) is None
    ):
        return term
    return normalise(term).text.strip()


class _HitScanner(Protocol):
    """`socialpolicy._cngrams.lexicon_hits`: `_scan_plain_pure`'s loop, in C."""

    def __call__(
        self,
        hits: Iterator[tuple[int, _Payload]],
        text: str,
        match_type: type[LexiconMatch],
        out: list[LexiconMatch],
        /,
    ) -> int: ...


def _load_hit_scanner() -> _HitScanner | None:
    """The optional C extension's lexicon pass (built by hatch_build.py, like the models'
    sums), unless it is absent or older than this module, or `SOCIALPOLICY_PURE=1`."""
    if os.environ.get("SOCIALPOLICY_PURE") == "1":
        return None
    try:
        from socialpolicy import _cngrams
    except ImportError:
        return None
    scanner: _HitScanner | None = getattr(_cngrams, "lexicon_hits", None)
    return scanner


# The same matches in the same order as the pure loop (tests/detectors/test_matching.py checks
# both on any text); a speed-up only: a raw hit costs no Python step.
_C_HITS = _load_hit_scanner()


def _load_sorted_scanner() -> _HitScanner | None:
    """`_cngrams.lexicon_matches`: `lexicon_hits` with its matches in `find`'s order (by
    position, each lexicon and span once), under the same conditions as `_load_hit_scanner`."""
    if _C_HITS is None:
        return None
    from socialpolicy import _cngrams

    scanner: _HitScanner | None = getattr(_cngrams, "lexicon_matches", None)
    return scanner


# So that a post with no elongated or masked word needs no sort or dedupe in Python.
_C_SORTED = _load_sorted_scanner()


class _Compact(NamedTuple):
    # (keys, their payloads, {lexicon id: its place in sorted order}) -> automaton
    build: Callable[[list[str], tuple[_Payload, ...], dict[str, int]], object]
    # (automaton, text, match type, out) -> number of prefix matches
    matches: Callable[[object, str, type[LexiconMatch], list[LexiconMatch]], int]


def _load_compact() -> _Compact | None:
    """The C extension's own automaton (`_cngrams.ac_build`, `ac_matches`): `_C_SORTED` of
    pyahocorasick's hits, the same matches in the same order, from an automaton laid out for
    a cold cache. Inside `evaluate` the detectors run between two posts' scans and push
    pyahocorasick's scattered nodes out of the cache: Toronto's scan cost 49.5 µs a police
    tweet there against 19.7 µs back to back (docs/performance.md, "Session 12: one core").
    Under the same conditions as `_load_sorted_scanner`."""
    if _C_SORTED is None:
        return None
    from socialpolicy import _cngrams

    build = getattr(_cngrams, "ac_build", None)
    matches = getattr(_cngrams, "ac_matches", None)
    if build is None or matches is None:
        return None
    return _Compact(build, matches)


_C_COMPACT = _load_compact()


class _Automaton(Protocol):
    """The part of `ahocorasick.Automaton` used here (the library ships no type hints)."""

    def iter(self, text: str) -> Iterator[tuple[int, _Payload]]: ...


def _payload(key: str, group: _Group) -> _Payload:
    words, prefixes = group
    first, last = key[0], key[-1]
    # Does each end need a word boundary? Words (`_is_word`), hashtags and handles do; a term
    # that starts or ends with an emoji or other symbol ("🗳", "!!!") may touch a word.
    # Inlined: it runs for both ends of every key.
    return (
        len(key),
        first.isalnum() or first in "*#@",
        bool(words) and (last.isalnum() or last in "*#@"),
        tuple(words),
        tuple(prefixes),
    )


def _build(payloads: Mapping[str, _Payload]) -> _Automaton | None:
    if not payloads:
        return None  # pyahocorasick cannot search an automaton without words
    auto = ahocorasick.Automaton()
    add = auto.add_word
    for key, payload in payloads.items():
        add(key, payload)
    auto.make_automaton()
    built: _Automaton = auto
    return built


class LexiconMatcher:
    """Finds the terms of many lexicons in normalised text. Immutable and thread-safe."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        self.lexicon_ids: tuple[str, ...] = tuple(lex.id for lex in lexicons)
        keys: dict[str, _Group] = {}
        for lex in lexicons:
            lex_id = lex.id
            side = 1 if lex.match == MatchMode.PREFIX else 0  # words, or prefixes
            for term in lex.terms:
                key = _normal_key(term)  # once per distinct term (cached)
                if not key:
                    continue  # a term of invisible characters only
                group = keys.get(key)
                if group is None:
                    group = keys[key] = ([], [])
                    group[side].append((lex_id, term))
                    continue
                pairs = group[side]
                # Two spellings of one term ("donate", "d0nate") must not count twice.
                if not any(pair[0] == lex_id for pair in pairs):
                    pairs.append((lex_id, term))
        # `keys` and its lists are not changed from here on.
        self._terms = len(keys)
        self._longest = max(map(len, keys), default=0)
        payloads = {key: _payload(key, group) for key, group in keys.items()}
        self._auto = _build(payloads)
        # The plain scan's automaton in C (`_C_COMPACT`); the rescans of elongated and
        # masked words, which are rare, keep pyahocorasick's.
        self._compact: object | None = None
        if _C_COMPACT is not None and payloads:
            ranks = {lex_id: i for i, lex_id in enumerate(sorted(set(self.lexicon_ids)))}
            self._compact = _C_COMPACT.build(list(payloads), tuple(payloads.values()), ranks)

        squeezed: dict[str, _Group] = {}
        for key, group in keys.items():
            short = _squeeze(key)
            had = squeezed.get(short)
            # New lists when two keys meet: the groups of `keys` stay as they are.
            squeezed[short] = group if had is None else (had[0] + group[0], had[1] + group[1])
        # A key that squeezes to itself and met no other keeps its group, so its payload.
        self._squeezed = _build(
            {
                short: payloads[short] if group is keys.get(short) else _payload(short, group)
                for short, group in squeezed.items()
            }
        )
        self._longest_squeezed = max(map(len, squeezed), default=0)

        # The words masked text may spell: every word of every term, by (length, first
        # letter); the last word of a prefix term is a prefix, by first letter.
        words: set[str] = set()
        prefixes: set[str] = set()
        for key, (word_pairs, prefix_pairs) in keys.items():
            parts = key.split(" ")
            if prefix_pairs:
                prefixes.add(parts[-1])
                if not word_pairs:
                    parts.pop()
            words.update(parts)
        self._vocab: dict[tuple[int, str], list[str]] = {}
        self._prefixes: dict[str, list[str]] = {}
        for w in sorted(words):
            if len(w) >= 3 and _PLAIN_WORD.fullmatch(w):
                self._vocab.setdefault((len(w), w[0]), []).append(w)
        for w in sorted(prefixes):
            if len(w) >= 3 and _PLAIN_WORD.fullmatch(w):
                self._prefixes.setdefault(w[0], []).append(w)

    def __len__(self) -> int:
        """Number of distinct normalised terms."""
        return self._terms

    def find(
        self, nt: NormalisedText, lexicons: Collection[str] | None = None
    ) -> list[LexiconMatch]:
        """Every term occurrence in `nt.text`, by position; optionally of some lexicons only."""
        text = nt.text
        if self._auto is None or not text:
            return []
        plain: list[LexiconMatch] = []
        if _C_SORTED is not None:
            compact = self._compact
            if compact is not None and _C_COMPACT is not None:
                _C_COMPACT.matches(compact, text, LexiconMatch, plain)
            else:
                _C_SORTED(self._auto.iter(text), text, LexiconMatch, plain)
            if not nt.elongated and "*" not in text:
                # Already by position with each (lexicon, span) once: `find`'s result.
                return plain if lexicons is None else [m for m in plain if m.lexicon_id in lexicons]
            repeats = 0
        else:
            repeats = self._scan_plain(self._auto, text, plain)
        if (nt.elongated or "*" in text) and _C_SORTED is not None:
            # The rescans around elongated and masked words add to `plain` (in order, each
            # span once): their own matches are keyed, and the field's plain matches only
            # when the rescans found many (one elongated word in a long field keyed them all).
            added: dict[tuple[str, int, int], LexiconMatch] = {}
            if nt.elongated and self._squeezed is not None:
                self._scan_elongated(self._squeezed, nt, added)
            if "*" in text:
                self._masked(self._auto, text, added)
            if added:
                # A span the plain scan found stays the plain match: looked up by bisection
                # when the rescans found few, in a set of the plain spans when many.
                if len(added) * 16 > len(plain):
                    have = {(m.lexicon_id, m.start, m.end) for m in plain}
                    new = [m for k, m in added.items() if k not in have]
                else:
                    new = [m for k, m in added.items() if not _holds(plain, k)]
                if new:
                    plain = plain + new
                    plain.sort(key=_BY_POSITION)  # two sorted runs: merged, about linear
            return plain if lexicons is None else [m for m in plain if m.lexicon_id in lexicons]
        if nt.elongated or "*" in text:
            found = {(m.lexicon_id, m.start, m.end): m for m in reversed(plain)}
            if nt.elongated and self._squeezed is not None:
                self._scan_elongated(self._squeezed, nt, found)
            if "*" in text:
                self._masked(self._auto, text, found)
            plain = list(found.values())
        elif repeats > 1:
            # Two prefix terms of one lexicon can end at the same word end: keep the first.
            # (One prefix match cannot repeat a span: only prefix matches run to a word end.)
            plain = list({(m.lexicon_id, m.start, m.end): m for m in reversed(plain)}.values())
        out = sorted(plain, key=_BY_POSITION)
        if lexicons is not None:
            out = [m for m in out if m.lexicon_id in lexicons]
        return out

    def find_original(
        self, nt: NormalisedText, lexicons: Collection[str] | None = None
    ) -> list[tuple[LexiconMatch, Span]]:
        """`find`, with each match's span in the original text."""
        return [(m, m.span_in(nt)) for m in self.find(nt, lexicons)]

    # -- internals ----------------------------------------------------------------------------

    @staticmethod
    def _scan_plain(auto: _Automaton, text: str, out: list[LexiconMatch]) -> int:
        """Every term in `text`, on word boundaries, in the automaton's order. Returns how
        many prefix matches there are (with two or more, two may share lexicon and span).

        In C when the optional extension is built (`_C_HITS`), else `_scan_plain_pure`."""
        if _C_HITS is not None:
            return _C_HITS(auto.iter(text), text, LexiconMatch, out)
        return LexiconMatcher._scan_plain_pure(auto, text, out)

    @staticmethod
    def _scan_plain_pure(auto: _Automaton, text: str, out: list[LexiconMatch]) -> int:
        """`_scan_plain` in Python: the reference of the C loop, and its fallback.

        The loop body is the cost of a raw hit, so it is kept to the bare tests: a space
        settles a boundary before any `isalnum` call, and matches are built from the
        payload's prepared (lexicon id, term) pairs.
        """
        n = len(text)
        prefixed = 0
        append = out.append
        for last, (klen, left, right, words, prefixes) in auto.iter(text):
            start = last - klen + 1
            if left and start:
                c = text[start - 1]
                if c != " " and (c.isalnum() or c == "*"):
                    continue
            end = last + 1
            if words:
                if right and end < n:
                    c = text[end]
                    closed = c == " " or not (c.isalnum() or c == "*")
                else:
                    closed = True
                if closed:
                    for lexicon_id, term in words:
                        append(_new_match(LexiconMatch, (lexicon_id, term, start, end)))
            if prefixes:
                prefixed += len(prefixes)
                stop = _word_end(text, end)
                for lexicon_id, term in prefixes:
                    append(_new_match(LexiconMatch, (lexicon_id, term, start, stop)))
        return prefixed

    @staticmethod
    def _scan(auto: _Automaton, text: str, found: dict[tuple[str, int, int], LexiconMatch]) -> None:
        """Every term in `text`, on word boundaries, into `found` (a span found first stays)."""
        hits: list[LexiconMatch] = []
        LexiconMatcher._scan_plain(auto, text, hits)
        for m in hits:
            found.setdefault((m.lexicon_id, m.start, m.end), m)

    def _scan_elongated(
        self,
        squeezed: _Automaton,
        nt: NormalisedText,
        found: dict[tuple[str, int, int], LexiconMatch],
    ) -> None:
        """Scan with every letter run cut to one letter; keep hits covering an elongated run.

        Only windows around the elongated runs are squeezed and scanned, never the whole
        text: a hit covering a run lies within the longest squeezed term of it, which spans
        at most twice its length in `text` (normalisation leaves runs of at most two).
        """
        text = nt.text
        for lo, hi in _windows(text, nt.elongated, 2 * self._longest_squeezed + 2):
            self._scan_squeezed(squeezed, nt, lo, hi, found)

    def _scan_squeezed(
        self,
        squeezed: _Automaton,
        nt: NormalisedText,
        lo: int,
        hi: int,
        found: dict[tuple[str, int, int], LexiconMatch],
    ) -> None:
        text = nt.text
        parts: list[str] = []
        starts: list[int] = []  # squeezed position -> first position of its run in `text`
        ends: list[int] = []  # squeezed position -> end of its run in `text`
        pos = lo
        for m in _RUNS.finditer(text, lo, hi):
            a, b = m.span()
            parts.append(text[pos:a])
            starts += range(pos, a)
            ends += range(pos + 1, a + 1)
            parts.append(text[a])
            starts.append(a)
            ends.append(b)
            pos = b
        parts.append(text[pos:hi])
        starts += range(pos, hi)
        ends += range(pos + 1, hi + 1)
        hits: dict[tuple[str, int, int], LexiconMatch] = {}
        self._scan(squeezed, "".join(parts), hits)
        for hit in hits.values():
            a, b = starts[hit.start], ends[hit.end - 1]
            i = bisect.bisect_left(nt.elongated, a)
            if i < len(nt.elongated) and nt.elongated[i] < b:  # elsewhere the plain scan decided
                found.setdefault(
                    (hit.lexicon_id, a, b), LexiconMatch(hit.lexicon_id, hit.term, a, b)
                )

    def _masked(
        self, auto: _Automaton, text: str, found: dict[tuple[str, int, int], LexiconMatch]
    ) -> None:
        """Rescan around each masked word with each reading; keep hits that cover the word.

        How the readings of one masked word are chosen:

        - context first: a reading that completes a term running past the masked word ("i
          know wh*re you work" reads "where") is the reading, the others are dropped;
        - otherwise every reading that makes a term counts ("f*ck", "m*ron"), except in an
          ambiguous case: when another reading makes no term of its own (an ordinary word:
          "wh*re" is "whore" or "where") and the same text masks an ordinary word, one that
          reads as no term by itself ("m*ntal health", "l*ves", "Corp*rate"). Such a text
          uses masks for something other than hiding swear words, and its ambiguous masks
          read as the ordinary word.
        """
        n = len(text)
        done = 0
        ordinary_mask = False  # a masked word that reads as no term by itself
        ambiguous: list[list[LexiconMatch]] = []
        for star in _STARS.finditer(text):
            if star.start() < done:
                continue
            a, b = star.span()
            while a > 0 and _is_word(text[a - 1]):
                a -= 1
            while b < n and _is_word(text[b]):
                b += 1
            done = b
            word = text[a:b]
            if word[0] == "*" or word[-1] == "*":
                continue  # masks are only read between letters
            readings = {
                w for w in self._vocab.get((len(word), word[0]), ()) if masked_fits(word, w)
            }
            for p in self._prefixes.get(word[0], ()):
                # Only an inflection may follow ("f*cking", "f*cked"): any other ending
                # makes an ordinary word ("c*ntinues", "c*ntres" are not insults).
                if (
                    len(p) <= len(word)
                    and word[len(p) :] in _MASKED_ENDINGS
                    and masked_fits(word[: len(p)], p)
                ):
                    readings.add(p + word[len(p) :])
            if not readings:
                ordinary_mask = ordinary_mask or _readable_mask(word)
                continue
            # A hit covering the word lies within the longest term of it; widen the window
            # to word boundaries so that its edges are boundaries in the full text too.
            lo, hi = max(0, a - self._longest), min(n, b + self._longest)
            while lo > 0 and _is_word(text[lo - 1]):
                lo -= 1
            while hi < n and _is_word(text[hi]):
                hi += 1
            confirmed: list[LexiconMatch] = []  # hits of readings that context chose
            own: list[LexiconMatch] = []  # hits of the other readings
            termless = False  # some reading makes no term of its own
            for reading in sorted(readings)[:_MAX_READINGS]:
                hits: dict[tuple[str, int, int], LexiconMatch] = {}
                self._scan(auto, text[lo:a] + reading + text[b:hi], hits)
                covering = [
                    LexiconMatch(lex, hit.term, s + lo, e + lo)
                    for (lex, s, e), hit in hits.items()
                    if s + lo < b and a < e + lo
                ]
                if any(m.start < a or m.end > b for m in covering):
                    confirmed += covering
                elif covering:
                    own += covering
                else:
                    termless = True
            if confirmed:
                ordinary_mask = ordinary_mask or not own
                kept = confirmed
            elif termless and own:
                ambiguous.append(own)
                continue
            else:
                ordinary_mask = ordinary_mask or not own
                kept = own
            for m in kept:
                found.setdefault((m.lexicon_id, m.start, m.end), m)
        if not ordinary_mask:
            for hits_of_word in ambiguous:
                for m in hits_of_word:
                    found.setdefault((m.lexicon_id, m.start, m.end), m)


def _readable_mask(word: str) -> bool:
    """Shows enough letters to be read as a word (at least two, and no fewer than hidden):
    `l*ves`, not `f***`."""
    hidden = word.count("*")
    return len(word) - hidden >= 2 and hidden <= len(word) - hidden


def _windows(text: str, positions: Sequence[int], reach: int) -> Iterator[tuple[int, int]]:
    """Disjoint windows of `text` covering `reach` characters either side of each position
    (sorted), widened to word boundaries. Each character is walked over at most once, so
    many positions inside one long word cost no more than the word."""
    n = len(text)
    cur_lo = cur_hi = -1
    for p in positions:
        lo, hi = max(0, p - reach), min(n, p + reach)
        if cur_hi >= 0 and lo <= cur_hi:
            if hi > cur_hi:
                cur_hi = hi
                while cur_hi < n and _is_word(text[cur_hi]):
                    cur_hi += 1
            continue
        if cur_hi >= 0:
            yield cur_lo, cur_hi
        floor = max(cur_hi, 0)
        while lo > floor and _is_word(text[lo - 1]):
            lo -= 1
        if cur_hi >= 0 and lo <= cur_hi:  # widened into the previous window: one window
            lo = cur_lo
        cur_lo, cur_hi = lo, hi
        while cur_hi < n and _is_word(text[cur_hi]):
            cur_hi += 1
    if cur_hi >= 0:
        yield cur_lo, cur_hi


def _word_end(text: str, i: int) -> int:
    """Where the word running through `text[i - 1]` ends."""
    m = _WORD_TAIL.match(text, i)
    return m.end() if m else i


def masked_fits(masked: str, key: str) -> bool:
    """Does `masked` (same length as `key`) spell `key` with some letters hidden by `*`?"""
    hidden = 0
    for c, k in zip(masked, key, strict=True):
        if c == "*":
            hidden += 1
        elif c != k:
            return False
    shown = len(key) - hidden
    return shown >= 2 and hidden <= shown
