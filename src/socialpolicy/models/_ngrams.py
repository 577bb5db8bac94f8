"""What the shipped linear models share: the tokens they read and their n-gram features.

`tokens` reads a normalised text as both models do (see `socialpolicy.models.offensive` for
the conventions: mentions, links, HTML entities, the retweet marker, elongation, negation
scope and declarative denials); `feature_counts` and `feature_total` turn token stretches
into word unigrams, word pairs and character n-grams under a `FeatureConfig`; `_WordCache`
keeps per-word packed sums. `socialpolicy.models.offensive` (the offensive-language reader)
and `socialpolicy.models.clauses` (the clause reader) score with them, and their trainers
build their data with them, so a change here changes both models (retrain both).

The token search (`_find`) and the sums (`NgramSums.raw`, the clause scorer's, `char_total`)
run in the optional C extension `socialpolicy._cngrams` when it is built (`compiled()`), with
the same tokens and integers as the pure Python here; `SOCIALPOLICY_PURE=1` forces the pure
path.
"""

from __future__ import annotations

import html
import itertools
import os
import re
import struct
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from socialpolicy.errors import SocialPolicyError
from socialpolicy.normalise import NormalisedText

__all__ = [
    "DENIED",
    "DENY_MARGIN",
    "MENTION",
    "NEGATED",
    "URL",
    "FeatureConfig",
    "ModelError",
    "compiled",
    "feature_counts",
    "feature_total",
    "negation_free",
    "readings",
    "tokens",
    "word_grams",
]


class ModelError(SocialPolicyError):
    """A shipped model file is missing, unreadable or does not match its manifest."""

    code = "model_error"


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Which n-grams the model reads (recorded in the manifest)."""

    word_ngrams: int = 2  # 0: no word features; 1: single tokens; 2: also adjacent pairs
    char_min: int = 2  # character n-grams of each padded word, n in [char_min, char_max];
    char_max: int = 5  # char_max 0 turns them off
    max_word_chars: int = 30  # longer words are read over their first characters only

    def to_dict(self) -> dict[str, int]:
        return {
            "word_ngrams": self.word_ngrams,
            "char_min": self.char_min,
            "char_max": self.char_max,
            "max_word_chars": self.max_word_chars,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureConfig:
        return cls(
            word_ngrams=int(data["word_ngrams"]),
            char_min=int(data["char_min"]),
            char_max=int(data["char_max"]),
            max_word_chars=int(data["max_word_chars"]),
        )

    def char_count(self, length: int) -> int:
        """How many character n-grams a word of `length` characters yields."""
        n = min(length, self.max_word_chars) + 2  # padded with < and >
        return sum(n - k + 1 for k in range(self.char_min, self.char_max + 1) if n >= k)


class _Compiled(Protocol):
    """What the C extension provides (src/socialpolicy/_cngrams.c; types in _cngrams.pyi)."""

    def table_build(
        self,
        unigrams: tuple[dict[str, int], ...],
        bigrams: tuple[dict[str, int], ...],
        chars: tuple[dict[str, int], ...],
        lo: int,
        hi: int,
        cap: int,
        base_count: int,
        special: str,
        /,
    ) -> object | None: ...

    def table_sums(
        self,
        table: object,
        segments: Iterable[Sequence[str]],
        fields: dict[str, bytes],
        miss: Callable[[str], bytes | None],
        pairs_on: bool,
        /,
    ) -> tuple[int, ...] | None: ...

    def char_sum(self, chars: dict[str, int], padded: str, lo: int, hi: int, /) -> int | None: ...

    def scan(self, text: str, ends: bool, /) -> list[str]: ...


_API = 2  # the C extension's `API` this module calls (see _cngrams.c)


def _load_compiled() -> _Compiled | None:
    """The optional C extension (`socialpolicy._cngrams`, built by hatch_build.py), unless it
    is absent, built from other source (its `API` differs: a stale build), or
    `SOCIALPOLICY_PURE=1` asks for the pure path."""
    if os.environ.get("SOCIALPOLICY_PURE") == "1":
        return None
    try:
        from socialpolicy import _cngrams
    except ImportError:
        return None
    return _cngrams if getattr(_cngrams, "API", None) == _API else None


# The C extension computes exactly what the pure Python here computes (the same tokens; integer
# sums, None where they cannot be exact, and then the pure path runs): a speed-up only.
_C = _load_compiled()


def compiled() -> bool:
    """Whether the models' tokens and n-gram sums run in the C extension (else pure Python)."""
    return _C is not None


# --- tokens ---------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?:/*|www\.)\S*")
# A word (letters, digits, inner apostrophes and masks), an @mention, or one emoji.
_TOKEN = re.compile(
    r"[^\W_](?:[\w*']*[\w*])?|@\w+|[\u2600-\u27bf\U0001f300-\U0001f3fa\U0001f400-\U0001faff]"
)
# The same tokens, faster: a word is read up to its last apostrophe too (`_words` strips
# trailing ones, which can start no token), so no backtracking to its last letter.
_TOKEN_FAST = re.compile(
    r"[^\W_][\w*']*|@\w+|[\u2600-\u27bf\U0001f300-\U0001f3fa\U0001f400-\U0001faff]"
)
# Tokens and, as one-character items, the clause ends between them (`_CLAUSE_END`'s marks,
# none of which a token holds): what the negation reading walks through.
_TOKEN_OR_END = re.compile(
    r"[^\W_][\w*']*|@\w+|[\u2600-\u27bf\U0001f300-\U0001f3fa\U0001f400-\U0001faff]"
    r"|[.,;:!?()\[\]\"]"
)
_ENDS = frozenset('.,;:!?()[]"')
MENTION = "@user"
URL = "url"
_DROP = frozenset({"rt"})  # the retweet marker ("RT @handle: ...") says nothing about tone
NEGATED = "~"
# Closed-class negations (grammar, not vocabulary); "nothing" is left out: "nothing but"
# and "you're nothing" do not negate.
_NEGATIONS = frozenset(
    {
        "not",
        "no",
        "never",
        "nobody",
        "none",
        "nor",
        "neither",
        "without",
        "cannot",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "wont",
        "cant",
        "aint",
        "shouldnt",
        "wouldnt",
        "couldnt",
    }
)


# ASCII characters that no token holds and that no alternative of `_TOKEN_FAST` matches (not
# letters, digits, "_", "*", "'", "@" or spaces): around a word ("word,", "#tag", "(word)"),
# they can be stripped from a chunk without changing what it reads. `_TOKEN_OR_END` reads the
# clause ends among them.
_EDGES = "".join(c for c in map(chr, range(128)) if not (c.isalnum() or c.isspace() or c in "_*'@"))
_EDGES_BY_PATTERN = {
    _TOKEN_FAST.pattern: _EDGES,
    _TOKEN_OR_END.pattern: "".join(c for c in _EDGES if c not in _ENDS),
}
# The patterns the C scanner reads (`_cngrams.scan`), and whether with the clause ends.
_SCANS = {_TOKEN_FAST.pattern: False, _TOKEN_OR_END.pattern: True}


def _find(pattern: re.Pattern[str], s: str) -> list[str]:
    """`pattern.findall(s)` for `_TOKEN_FAST` or `_TOKEN_OR_END`: in one pass over the
    characters in the C extension when it is built, else `_find_pure`."""
    if _C is not None:
        ends = _SCANS.get(pattern.pattern)
        if ends is not None:
            return _C.scan(s, ends)
    return _find_pure(pattern, s)


def _find_pure(pattern: re.Pattern[str], s: str) -> list[str]:
    """`pattern.findall(s)` for `_TOKEN_FAST` or `_TOKEN_OR_END`, chunk by chunk: no token
    holds a space, and a chunk of letters and digits alone (most words) is one token whole,
    so only the other chunks go through the pattern (a regex step per token costs more). A
    chunk that is a word between characters the pattern never matches (`_EDGES`: "word,",
    "#tag") is that word, and the pattern reads only what is left between them."""
    out: list[str] = []
    find = pattern.findall
    edges = _EDGES_BY_PATTERN.get(pattern.pattern, "")
    for chunk in s.split():
        if chunk.isalnum():
            out.append(chunk)
        else:
            core = chunk.strip(edges)
            if core.isalnum():
                out.append(core)
            elif core:
                out.extend(find(core))
    return out


def _words(found: list[str], apostrophe: bool) -> list[str]:
    """`_TOKEN_FAST`'s tokens as `_TOKEN` reads them: trailing apostrophes cut (`kids'`)."""
    if apostrophe:
        return [t.rstrip("'") if t[-1] == "'" else t for t in found]
    return found


def _any_nt(found: Iterable[str]) -> bool:
    """Whether a token is a `n't` negation."""
    return any(t.endswith("n't") for t in found)


_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\"]")


def _plain_pure(s: str) -> list[str] | None:
    """The reading of a stretch that holds no negation (the common case), or None if it holds
    one: no clause, scope or denial to follow, only the mentions to fold and the retweet marker
    to drop, as `_read`'s loop would; `_read` runs it in C (`_PLAIN_C`) when the extension is
    built and `_C` is set (tests set `_C` to None for the pure path)."""
    found = _words(_find(_TOKEN_FAST, s), "'" in s)
    if not _NEGATIONS.isdisjoint(found) or ("n't" in s and _any_nt(found)):
        return None
    if "rt" in found:
        found = [t for t in found if t != "rt"]
    if "@" not in s:
        return found
    folded = [MENTION if t[0] == "@" else t for t in found]
    # A run of mentions reads as one.
    return [
        t for t, prev in zip(folded, [None, *folded], strict=False) if t != prev or t != MENTION
    ]


# `_plain_pure` in one pass over the characters (None from a build that predates it).
_PLAIN_C: Callable[[str, frozenset[str], str], list[str] | None] | None = getattr(
    _C, "plain_tokens", None
)


# `_read`'s clause-by-clause loop in C (None from a build that predates it).
_SCOPES_C: (
    Callable[
        [str, bool, frozenset[str], Callable[[str], bool] | None, tuple[Any, ...]],
        tuple[list[str], list[str]],
    ]
    | None
) = getattr(_C, "read_scopes", None)


def tokens(
    nt: NormalisedText,
    start: int = 0,
    end: int | None = None,
    *,
    deny: bool = False,
    keep: frozenset[str] = frozenset(),
    offensive: Callable[[str], bool] | None = None,
) -> list[str]:
    """The model's tokens for `nt.text[start:end]`.

    Runs of a letter cut to two by normalisation (`fuuuuck` -> `fuuck`) are cut to one
    here (`fuck`), so every elongation reads as the plain word. Words in the scope of a
    negation (after `not`, `never`, `no`, a `n't` word, ... up to the end of the clause: a
    punctuation mark or `but`) are read as negated, `~word`: "I don't hate them" does not
    share the features of "I hate them".

    With `deny` (the detector's reading; the trainer reads without it), a *declarative*
    negation over words that are `offensive` (read alone; all words when no test is given)
    is marked instead: the negation word and those words are prefixed `!` (`i !don't !hate
    ~them`), and the scorer lets them add nothing offensive (see `OffensiveModel.word`).
    The denial reaches to the end of the clause, a conjunction or a subordinate clause
    ("and", "because", "if", ...), at most eight words.

    A negation is declarative when it states that something is not so: after a subject
    that is not "you" ("I don't hate them", "they are not animals"), or a quantifier
    opening the clause ("no one deserves that", "not all of them are ..."). Not: a command
    ("don't be stupid"), a question ("why don't you ..."), words said to or about "you"
    ("you don't deserve to live", "nobody wants your opinion"), a comparison ("no better
    than animals"), or a scope holding a word of `keep` (the detector passes the field's
    swearing and slurs: "I don't give a f*ck" swears all the same).
    """
    plain, denied = _read(nt, start, end, deny, keep, offensive)
    return denied if deny else plain


def readings(
    nt: NormalisedText,
    start: int = 0,
    end: int | None = None,
    *,
    keep: frozenset[str] = frozenset(),
    offensive: Callable[[str], bool] | None = None,
) -> tuple[list[str], list[str]]:
    """`(tokens(nt, start, end), tokens(nt, start, end, deny=True, keep=keep,
    offensive=offensive))` from one reading of the text: the two differ only where a
    declarative negation denies something (the same list object when nothing is denied)."""
    return _read(nt, start, end, True, keep, offensive)


def _read(
    nt: NormalisedText,
    start: int,
    end: int | None,
    deny: bool,
    keep: frozenset[str],
    offensive: Callable[[str], bool] | None,
) -> tuple[list[str], list[str]]:
    """The reading without denial and, with `deny`, the one with it (see `tokens`)."""
    text = nt.text
    if end is None:
        end = len(text)
    s = text[start:end]
    if nt.elongated:
        # Only the cuts inside [start, end - 1): found by bisection, so reading a text
        # sentence by sentence does not re-read every elongation of the whole text.
        el = nt.elongated
        lo, hi = bisect_left(el, start), bisect_left(el, end - 1)
        cut = [p + 1 - start for p in el[lo:hi]]
        if cut:
            # One slice per kept stretch (deleting one character at a time from a list
            # would cost the text's length per cut).
            pieces, prev = [], 0
            for p in cut:
                pieces.append(s[prev:p])
                prev = p + 1
            pieces.append(s[prev:])
            s = "".join(pieces)
    if "&" in s:
        s = html.unescape(s)  # exports and both corpora escape "&" as "&amp;"
    if "/" in s or "www." in s:
        s = _URL.sub(" url ", s)
    plain = _PLAIN_C(s, _NEGATIONS, MENTION) if _PLAIN_C and _C else _plain_pure(s)
    if plain is not None:
        return plain, plain
    if _SCOPES_C is not None and _C is not None:
        return _SCOPES_C(s, deny, keep, offensive, _SCOPE_TABLES)  # the loop below, in C
    out: list[str] = []
    negated = False
    ended = False  # a clause end since the last token
    clause = 0  # index in `out` where the current clause starts
    scope = -1  # index in `out` of the negation word whose scope is open, or -1
    scopes: list[tuple[int, int]] = []  # (negation word, end of its scope) in `out`
    # What a negation's subject is judged by, found without re-reading its clause for each
    # negation (linear however long a clause runs): the clause's first token that is not a
    # mention (`head`; its search resumes at `head_from`), and the last token said to or
    # about "you" (tokens before `you_from` are read). Read only when a negation comes.
    head = -1
    head_from = 0
    last_you = -1
    you_from = 0
    for g in _words(_find(_TOKEN_OR_END, s), "'" in s):
        if g in _ENDS:
            ended = True
            continue
        t = g
        if ended:
            ended = negated = False
            clause = head_from = len(out)
            head = -1
        if t[0] == "@":
            if out and out[-1] == MENTION:
                continue
            t = MENTION
        elif t in _DROP:
            continue
        elif t in _NEGATIONS or t.endswith("n't"):
            negated = True
            if deny:
                if scope >= 0:
                    scopes.append((scope, len(out)))
                if head < 0:
                    for i in range(head_from, len(out)):
                        if out[i] != MENTION:
                            head = i
                            break
                    head_from = len(out)
                for i in range(you_from, len(out)):
                    if out[i] in _YOU or out[i][1:] in _YOU:
                        last_you = i
                you_from = len(out)
                scope = len(out) if _declarative(t, out, head, last_you >= clause) else -1
        elif t == "but":
            negated = False
            clause = head_from = len(out) + 1
            head = -1
        elif negated and t[0].isalnum():
            t = NEGATED + t
        if (
            deny
            and scope >= 0
            and (not negated or g in _SCOPE_END or len(out) - scope > _MAX_DENIED)
        ):
            scopes.append((scope, len(out)))
            scope = -1
        out.append(t)
    denied = out  # copied on the first denial: `out` stays the reading without it
    if deny:
        if scope >= 0:
            scopes.append((scope, len(out)))
        # Scopes do not overlap, so each is judged on the words as read.
        for a, e in scopes:
            if any(out[i][1:] in _YOU for i in range(a + 1, e)):
                continue  # "don't you dare", "nobody wants your opinion"
            if a + 1 < e and out[a + 1][1:] in _COMPARISON:
                continue  # "no better than animals": a comparison keeps the insult
            if keep and any(out[i][1:] in keep for i in range(a + 1, e)):
                continue
            hits = [
                i
                for i in range(a + 1, e)
                if out[i][0] == NEGATED and (offensive is None or offensive(out[i][1:]))
            ]
            if hits:  # the negation denies something offensive: it and those words
                if denied is out:
                    denied = out.copy()
                denied[a] = DENIED + out[a]
                for i in hits:
                    denied[i] = DENIED + out[i][1:]
    return out, denied


# Second person: a negation said to or about "you" is not the author denying anything.
_YOU = frozenset(
    {"you", "u", "ya", "ye", "you're", "youre", "ur", "your", "yall", "y'all", "you'll"}
)
# Quantifiers that open a declarative negation: "no one", "nobody", "none of", "not all".
_QUANTIFIERS = frozenset({"no", "nobody", "none", "neither", "nor", "not"})
_QUESTION = frozenset({"why", "how", "what", "who", "when", "where", "whats", "what's"})
_COMPARISON = frozenset({"better", "more", "less", "different", "much", "only", "even", "but"})
# A denial ends before a conjunction or a subordinate clause ("I don't care if he is trash",
# "it does not work because crazy people ..."), and within a few words.
_SCOPE_END = frozenset(
    {"and", "because", "cause", "cuz", "bc", "since", "so", "if", "when", "while", "although",
     "though", "unless", "until", "which", "then"}
)  # fmt: skip
_MAX_DENIED = 8  # words after the negation word
# How much a word must add to a logit, read alone, to count as offensive content a negation
# denies ("hate", "disgusting"; not "cares" in "nobody cares what ...").
DENY_MARGIN = 0.5
DENIED = "!"
# What the C reading of negation scopes (`_cngrams.read_scopes`) reads `_read`'s tables from.
_SCOPE_TABLES = (
    _NEGATIONS,
    _YOU,
    _QUANTIFIERS,
    _QUESTION,
    _COMPARISON,
    _SCOPE_END,
    _DROP,
    MENTION,
    NEGATED,
    DENIED,
    _MAX_DENIED,
)


def _declarative(negation: str, before: list[str], head: int, you: bool) -> bool:
    """Whether a negation word states that something is not so (see `tokens`), after the
    tokens `before` of its clause: `head` is the index of the clause's first token that is
    not a mention (the handles a reply opens with), -1 if there is none; `you` tells whether
    a token of the clause is said to or about "you"."""
    if head < 0:  # opens the clause: a quantifier, not a command
        return negation in _QUANTIFIERS
    if before[head] in _QUESTION:
        return False
    return not you


def _is_word(token: str) -> bool:
    """A word read by its character n-grams too (not a mention, emoji or negated word)."""
    return token[0].isalnum()


def feature_counts(segments: Iterable[Sequence[str]], config: FeatureConfig) -> dict[str, int]:
    """Every feature of some token stretches and its count, keyed `kind<TAB>feature`.

    Pairs do not cross from one stretch to the next. The trainer builds its data with this
    function; the scorer computes the same sums word by word (see `OffensiveModel.logit`).
    """
    out: dict[str, int] = {}
    lo, hi, cap = config.char_min, config.char_max, config.max_word_chars
    for seg in segments:
        for t in seg:
            if config.word_ngrams >= 1:
                key = "u\t" + t
                out[key] = out.get(key, 0) + 1
            if hi and _is_word(t):
                p = "<" + t[:cap] + ">"
                n = len(p)
                for k in range(lo, hi + 1):
                    for i in range(n - k + 1):
                        key = "c\t" + p[i : i + k]
                        out[key] = out.get(key, 0) + 1
        if config.word_ngrams >= 2:
            for a, b in zip(seg, seg[1:], strict=False):
                key = "b\t" + a + " " + b
                out[key] = out.get(key, 0) + 1
    return out


def feature_total(segments: Iterable[Sequence[str]], config: FeatureConfig) -> int:
    """The number of feature occurrences in `segments` (the `n` of the score)."""
    total = 0
    for seg in segments:
        for t in seg:
            if config.word_ngrams >= 1:
                total += 1
            if config.char_max and _is_word(t):
                total += config.char_count(len(t))
        if config.word_ngrams >= 2 and len(seg) > 1:
            total += len(seg) - 1
    return total


# The character n-grams of a padded word of each length, as slices (n-gram length ascending,
# then position: the order `feature_counts` reads them in), built once per configuration.
_SLICES: dict[tuple[int, int, int], tuple[slice, ...]] = {}


def _slices(n: int, lo: int, hi: int) -> tuple[slice, ...]:
    key = (n, lo, hi)
    got = _SLICES.get(key)
    if got is None:
        got = _SLICES[key] = tuple(
            slice(i, i + k) for k in range(lo, hi + 1) for i in range(n - k + 1)
        )
    return got


def word_grams(token: str, config: FeatureConfig) -> list[str]:
    """The character n-grams a token adds (`feature_counts`'s `c` features of one token, in
    the same order; none for a token that is not a word or when they are off), cut by slices
    built once per padded length: no Python loop per n-gram on a word-cache miss."""
    if not config.char_max or not _is_word(token):
        return []
    p = "<" + token[: config.max_word_chars] + ">"
    return list(map(p.__getitem__, _slices(len(p), config.char_min, config.char_max)))


def negation_free(found: Sequence[str]) -> bool:
    """Whether tokens read by `tokens` hold no negation word: then no scope was opened and no
    declarative denial marked, so the reading with `deny` is the same list as without."""
    # A token holds no space: one ends with "n't" when the joined tokens hold "n't ".
    return _NEGATIONS.isdisjoint(found) and "n't " not in " ".join(found) + " "


_WORD_CACHE_MAX = 200_000  # distinct words; bounds memory under adversarial input
# A word's (weight sum, feature count) packed in one int, `total * _PACK + count` (0 <= count <
# _PACK), so that summing the packed values of a stretch sums both at once, in C: the sum
# unpacks with `divmod` (floor division keeps negative totals exact).
_PACK = 1 << 48


_INT64_2 = struct.Struct("=2q")


class _WordCache(dict[str, int]):
    """Per-word packed sums, computed on first lookup (a pure function of the word: caching
    never changes a score). Bounded: past the limit, new words are computed but not kept.

    `fields` holds the C sums' values of the words their table does not hold
    (`NgramSums._c_fields`), filled as they ask; `clear` empties both."""

    __slots__ = ("_compute", "fields")

    def __init__(self, compute: Callable[[str], tuple[int, int]]) -> None:
        super().__init__()
        self._compute = compute
        self.fields: dict[str, bytes] = {}

    def clear(self) -> None:
        super().clear()
        self.fields.clear()

    def __missing__(self, token: str) -> int:
        total, count = self._compute(token)
        hit = total * _PACK + count
        if len(self) < _WORD_CACHE_MAX:
            self[token] = hit
        return hit


def as_segments(segments: Iterable[Sequence[str]]) -> Sequence[Sequence[str]]:
    """Segments that can be read twice (the C sums may give up after reading some)."""
    return segments if isinstance(segments, list | tuple) else list(segments)


def c_table(
    config: FeatureConfig,
    unigrams: Sequence[dict[str, int]],
    bigrams: Sequence[dict[str, int]],
    chars: Sequence[dict[str, int]],
    special: str = "",
) -> object | None:
    """The C extension's tables of a model (`_cngrams.table_build`: one dict per total field
    of each kind, bigrams keyed `"a b"`; `special`, the first characters of the tokens the
    model reads its own way), or None without the extension or where they cannot be exact
    (a weight past 64 bits): the pure path then runs. Built in C memory, read-only after."""
    build: Callable[..., object | None] | None = getattr(_C, "table_build", None)
    if build is None:
        return None
    return build(
        tuple(unigrams),
        tuple(bigrams),
        tuple(chars),
        config.char_min,
        config.char_max,
        config.max_word_chars,
        1 if config.word_ngrams >= 1 else 0,
        special,
    )


def char_total(chars: dict[str, int], token: str, config: FeatureConfig) -> tuple[int, int]:
    """(weight sum, count) of a token's character n-grams: `sum(map(chars.get, grams, 0))`
    and `len(grams)` for `grams = word_grams(token, config)`, in C when it can."""
    if not config.char_max or not _is_word(token):
        return 0, 0
    lo, hi = config.char_min, config.char_max
    if _C is not None:
        p = "<" + token[: config.max_word_chars] + ">"
        got = _C.char_sum(chars, p, lo, hi)
        if got is not None:
            return got, len(_slices(len(p), lo, hi))
    grams = word_grams(token, config)
    return sum(map(chars.get, grams, _ZEROS)), len(grams)


def _pair_table(bigrams: dict[str, int], scale: int = 1) -> dict[tuple[str, str], int]:
    """The word pairs keyed by `(a, b)` (the pairs `zip(seg, seg[1:])` yields: no string
    built per pair, and a tuple of two interned strings hashes from their cached hashes),
    each weight times `scale` (`_PACK`: a pair's weight lands in the packed total's field)."""
    out: dict[tuple[str, str], int] = {}
    for key, w in bigrams.items():
        a, b = key.split(" ", 1)
        out[a, b] = w * scale
    return out


_ZEROS = itertools.repeat(0)


class NgramSums:
    """Sums of integer n-gram weights over tokens: what a linear model over word unigrams,
    adjacent word pairs and character n-grams adds for some token stretches.

    Shared by the offensive model and the clause models. A subclass sets `config`,
    `unigrams`, `chars` and the pair tables (`_pair_tables`), and may read a token its own
    way by overriding `_word` (the offensive model's denied words), falling back on
    `_plain_word`.
    """

    config: FeatureConfig
    unigrams: dict[str, int]
    chars: dict[str, int]
    _words: _WordCache
    _pairs: dict[tuple[str, str], int]
    _pairs_on: bool
    _bigram_weights: dict[str, int]
    _ctable: object | None
    _ctable_built: bool
    # First characters of the tokens `_word` reads otherwise than `_plain_word` (the C table
    # leaves those words to `_c_fields`).
    _special: str = ""

    def _set_tables(self, bigrams: dict[str, int]) -> None:
        """Build the word cache and the pair table (weights packed as `weight * _PACK`, so
        that a pair adds to the packed word sums' total field)."""
        self._words = _WordCache(self._word)
        self._bigram_weights = bigrams
        self._pairs = _pair_table(bigrams, _PACK)
        self._pairs_on = self.config.word_ngrams >= 2
        # The C tables (`c_table`), built on first use (None: not possible, the pure path runs).
        self._ctable = None
        self._ctable_built = False

    def _c_table(self) -> object | None:
        """The model's C tables, built on the first score (two threads may both build them:
        the same tables, one kept)."""
        if not self._ctable_built:
            self._ctable = c_table(
                self.config, (self.unigrams,), (self._bigram_weights,), (self.chars,), self._special
            )
            self._ctable_built = True
        return self._ctable

    def _word(self, token: str) -> tuple[int, int]:
        return self._plain_word(token)

    def _plain_word(self, token: str) -> tuple[int, int]:
        """(weight sum, feature count) of a token's unigram and character n-grams."""
        cfg = self.config
        total, count = char_total(self.chars, token, cfg)
        return self.unigrams.get(token, 0) + total, (1 if cfg.word_ngrams >= 1 else 0) + count

    def _c_fields(self, token: str) -> bytes | None:
        """A token's (count, total) for the C sums, of a word their table does not hold
        (None past 64 bits: the pure path runs)."""
        total, count = self._word(token)  # what the packed cache holds, unpacked
        try:
            fields = _INT64_2.pack(count, total)
        except struct.error:
            return None
        if len(self._words.fields) < _WORD_CACHE_MAX:
            self._words.fields[token] = fields
        return fields

    def raw(self, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
        """(integer weight sum, feature count) of some token stretches."""
        if _C is not None:
            table = self._c_table()
            if table is not None:
                segments = as_segments(segments)
                got = _C.table_sums(
                    table, segments, self._words.fields, self._c_fields, self._pairs_on
                )
                # A count past the packed field would carry into the pure path's total.
                if got is not None and got[0] < _PACK:
                    return got[1], got[0]
        return self._raw_pure(segments)

    def _raw_pure(self, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
        """`raw` in pure Python (what the C extension computes too)."""
        packed = 0
        lookup = self._words.__getitem__
        pair = self._pairs.get
        pairs = self._pairs_on
        for seg in segments:
            if pairs and len(seg) > 1:
                # One feature per pair, known or not; a known pair's weight in the total field.
                packed += sum(map(lookup, seg), len(seg) - 1) + sum(
                    map(pair, zip(seg, seg[1:], strict=False), _ZEROS)
                )
            else:
                packed += sum(map(lookup, seg))
        return divmod(packed, _PACK)
