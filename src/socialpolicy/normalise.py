"""Text normalisation for matching, with a map back to the characters the author wrote.

`normalise(raw)` folds a text so that lexicon terms match however they were typed. Lexicon
terms go through the same function (see `detectors.matching`), so both sides agree.

1. Per character: Unicode NFKC, case folding, accents stripped (NFD, combining marks
   dropped), a few letters without a decomposition spelled out (œ → oe, ø → o, ı → i, ...),
   typographic quotes and dashes made ASCII, every whitespace character made a space.
   Invisible characters are dropped: zero-width characters, bidi controls, the soft hyphen,
   the BOM (every Unicode format character, category Cf) and non-whitespace controls.
2. Inside words, one character for one:
   - Cyrillic/Greek lookalikes become Latin letters when the word mixes scripts or consists
     only of lookalikes (`іdiot` → `idiot`; a Russian word stays Russian);
   - leetspeak becomes letters: one or two of the digits 0 1 3 4 5 7 inside a word or
     before its letters (`d0nate`, `n00b`, `1diot`, `5hit`), `$` next to a letter (`$hit`,
     `a$$`), a single `!` or `@` between letters (`sh!t`, `h@te`). Numbers stay numbers:
     digit runs of 3+, trailing digits (`covid19`, `k9`), quantities and ordinals (`5pm`,
     `3rd`, `10am`), tokens with more digits than letters (`4x4`, `2c3`), hashtags,
     mentions and email addresses are left alone;
   - masking between letters becomes `*`: any other run of `* # ! @` (`f#ck` → `f*ck`,
     `sh!!t` → `sh**t`, `f**k` stays). The matcher reads `*` as a hidden letter.
3. Whitespace runs become one space.
4. Spaced-out words are joined: three or more single letters separated by one and the same
   separator (space, dot or dash) become one word (`f u c k`, `f.u.c.k`, `f-u-c-k` → `fuck`),
   unless, space-separated, they are all one-letter words (`il y a à` stays).
5. Runs of three or more identical letters are cut to two (`fuuuuck` → `fuuck`,
   `sooooo` → `soo`, `goooood` → `good`); where is kept in `elongated`, so the matcher can
   also try the fully squeezed form (`fuck`). Doubled letters (`good`, `shall`) are never
   touched.

Every output character maps to the source characters it came from, so a span of `text`
maps back to exactly what the author wrote (`NormalisedText.to_original`). Text whose
non-ASCII characters are all left unchanged by step 1 (emoji, most symbols) and that
needs no length-changing step keeps an identity map and skips per-character work.

`plain(raw)` is a lighter view for pattern detectors (phone numbers, postal codes): step 1's
NFKC and invisible-character removal only.

A long text (over 4,096 characters) is read in pieces cut where no step reads across
(`_cuts`), each piece on the fast path or not on its own, and joined: the same result as the
text read whole.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Protocol, TypeVar, cast

from socialpolicy.citations import Span

__all__ = ["NormalisedText", "lookalikes", "normalise", "plain", "plain_of"]

_V = TypeVar("_V")  # a derived view's type (`NormalisedText.derive`)


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A normalised text and the offset map back to its original.

    `starts[i]`/`ends[i]` give the half-open range of `original` that produced `text[i]`;
    both are `None` when the map is the identity (`text[i]` came from `original[i]`).
    `elongated` lists the positions in `text` where a run of 3+ identical letters was cut
    to two.
    """

    original: str
    text: str
    starts: tuple[int, ...] | None = field(default=None, repr=False)
    ends: tuple[int, ...] | None = field(default=None, repr=False)
    elongated: tuple[int, ...] = ()
    # What detectors derive from this text and share (its plain view, its sentences), made
    # on first request (`derived`). One text per field and post: a long post opens many
    # detectors' gates, and each deriving the same view again made the post cost more per
    # character than the same words as short posts, where few gates open.
    _derived: dict[str, object] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def derive(self, name: str, build: Callable[[], _V]) -> _V:
        """This text's shared derived view `name` (`plain_of`, `Sentences.of`), built once
        by `build` and kept with the text."""
        memo = self._derived
        if memo is None:
            memo = {}
            object.__setattr__(self, "_derived", memo)  # a cache, not a change of the value
        got = memo.get(name)
        if got is None:
            got = memo[name] = build()
        return cast(_V, got)

    @property
    def is_identity(self) -> bool:
        """True when `text[i]` came from `original[i]` for every i (no map was built)."""
        return self.starts is None

    def to_original(self, start: int, end: int) -> Span:
        """The span of `original` that produced `text[start:end]`."""
        a, b = self.original_offsets(start, end)
        return Span(start=a, end=b)

    def original_offsets(self, start: int, end: int) -> tuple[int, int]:
        """Like `to_original`, as a plain tuple (no model is built)."""
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise ValueError(f"span {start}..{end} is outside the normalised text (length {n})")
        starts, ends = self.starts, self.ends
        if starts is None or ends is None:
            return start, end
        if start == end:
            # An empty span sits before the character at `start` (or at the very end).
            pos = starts[start] if start < n else len(self.original)
            return pos, pos
        return starts[start], ends[end - 1]

    def original_text(self, start: int, end: int) -> str:
        """What the author wrote for `text[start:end]`."""
        a, b = self.original_offsets(start, end)
        return self.original[a:b]

    def words(self) -> list[tuple[int, int]]:
        """`(start, end)` in `text` of each word (letters, digits and interior masks)."""
        return [m.span() for m in _WORD.finditer(self.text)]


# --- character folding -----------------------------------------------------------------

# Letters with no Unicode decomposition that readers treat as Latin letters or digraphs,
# and punctuation variants that would otherwise make "don’t" differ from "don't".
_EXTRA = {
    "œ": "oe",
    "æ": "ae",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ȷ": "j",
    "ɡ": "g",
    "ɑ": "a",
    "ɩ": "i",
    "ʼ": "'",
    "‘": "'",
    "’": "'",
    "‛": "'",
    "′": "'",
    "“": '"',
    "”": '"',
    "‟": '"',
    "″": '"',
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
}

_FOLD_CACHE: dict[str, tuple[str, bool]] = {}
_FOLD_CACHE_MAX = 200_000  # distinct characters; bounds memory under adversarial input


def _fold_uncached(c: str) -> tuple[str, bool]:
    """Fold one character; returns (output, dropped_mark).

    `dropped_mark` is true when the character vanished as a combining mark: its source
    position then belongs to the preceding character (so "cafe\\u0301" maps to all 5 chars).
    """
    cat = unicodedata.category(c)
    if cat == "Cf" or (cat == "Cc" and not c.isspace()):
        return "", False
    if c.isspace():
        return " ", False
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", c).casefold()):
        ch_cat = unicodedata.category(ch)
        if ch_cat[0] == "M" or ch_cat == "Cf" or ch_cat == "Cc":
            continue
        out.append(" " if ch.isspace() else _EXTRA.get(ch, ch))
    folded = "".join(out)
    return folded, (not folded and cat[0] == "M")


def _fold(c: str) -> tuple[str, bool]:
    hit = _FOLD_CACHE.get(c)
    if hit is None:
        hit = _fold_uncached(c)
        if len(_FOLD_CACHE) < _FOLD_CACHE_MAX:
            _FOLD_CACHE[c] = hit
    return hit


_PASS_CACHE: dict[str, bool] = {}


def _passthrough(c: str) -> bool:
    """True when a non-ASCII character survives folding unchanged and is not a letter.

    Such characters (emoji, most punctuation and symbols) cannot change any word-level
    decision, so a text made of them and ASCII can use the fast path.
    """
    hit = _PASS_CACHE.get(c)
    if hit is None:
        hit = _fold(c) == (c, False) and not c.isalpha() and c.lower() == c
        if len(_PASS_CACHE) < _FOLD_CACHE_MAX:
            _PASS_CACHE[c] = hit
    return hit


# ASCII whitespace becomes a space one-for-one (offsets unchanged).
_WS_TABLE = str.maketrans({c: " " for c in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"})
# Characters that need per-character folding: everything but printable ASCII and ASCII space.
_SPECIAL = re.compile(r"[^\t-\r\x1c-\x7e]")
# Would any word-level step change this lowered ASCII(+passthrough) text? Each test is a
# superset of what its step looks for: a false alarm only costs the general path, a miss
# would be a bug (a hypothesis test compares both paths). Separate small patterns are much
# faster than one alternation.
_ASCII_WS = re.compile(r"[\t-\r\x1c-\x1f]")
_TRIPLE = re.compile(r"(.)\1\1", re.S)
_SPACED_HINT = re.compile(r"[ .\-][^\W\d_][ .\-][^\W\d_](?![\w*])")
_LEET_CHAR = re.compile(r"[0-9@!*#$]")
# digits are read only before a letter, '$' next to one, other symbols only between letters
# (three patterns, each tried only when its characters occur: one alternation is 2x slower)
# A run of symbols between letters. Written symbol-first (the letter before it checked by a
# lookbehind) so that `re` skips to the rare symbols in C rather than trying every letter;
# it finds exactly what `[a-z][@!*#$]+[a-z]` finds (`tests/test_normalise.py`).
_LEET_HINT_SYMBOL = re.compile(r"[@!*#$](?<=[a-z].)[@!*#$]*[a-z]", re.S)
_LEET_HINT_DOLLAR = re.compile(r"[a-z]\$|\$[a-z]")
_LEET_HINT_DIGIT = re.compile(r"[0-9][a-z]")
# A run that mixes digits and symbols ("a0!a") is read whole: the two hints above see neither
# a digit before a letter nor a symbol after one there.
_LEET_HINT_MIXED = re.compile(r"[0-9][@!*#$]|[@!*#$][0-9]")


def _leet_hint(s: str) -> bool:
    """Could the leetspeak step change this lowered text (a superset test)?"""
    return (
        _LEET_HINT_DIGIT.search(s) is not None
        or ("$" in s and _LEET_HINT_DOLLAR.search(s) is not None)
        or (
            ("@" in s or "#" in s or "!" in s or "*" in s or "$" in s)
            and (_LEET_HINT_SYMBOL.search(s) is not None or _LEET_HINT_MIXED.search(s) is not None)
        )
    )


def _needs_length_steps(s: str) -> bool:
    return (
        "  " in s
        or _markup_edits(s) != []
        or (_TRIPLE.search(s) is not None and bool(_letter_runs(s)))
        or _SPACED_HINT.search(s) is not None
    )


# --- word-level steps --------------------------------------------------------------------

_WORD = re.compile(r"[^\W_][\w*]*")
_LETTERS = re.compile(r"[^\W\d_]+")

# Cyrillic, Greek and other lookalikes of Latin letters (keys are case-folded). Greek capitals
# fold to small letters first, so Η/Μ/Ν read as n/u/v: rare in practice, and keeping the map
# case-independent keeps normalisation invariant under case changes.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ь": "b", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "μ": "u",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
    # Armenian
    "օ": "o", "ս": "u",
}  # fmt: skip
_HOMOGLYPH_CHARS = re.compile("[" + "".join(_HOMOGLYPHS) + "]")

# Where leetspeak or masking may be: a letter next to a digit or symbol. The token around
# a hit is then found by scanning (a regex with the token on both sides backtracks
# quadratically on long words).
_LEET_RUN = re.compile(r"[0-9@$!*#]+")
_TOKEN_TAIL = re.compile(r"[\w@$!*#]*")
_EMAIL_DOMAIN = re.compile(r"@[\w\-]+(?:\.[\w\-]+)+")
_LEET_DIGITS = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"}
# Letters after a number that make it a quantity or an ordinal, not leetspeak ("5pm", "3rd").
_UNITS = frozenset((
    "st", "nd", "rd", "th", "am", "pm", "km", "kg", "cm", "mm", "ml", "yo", "yr", "yrs", "hr",
    "hrs", "h", "m", "s", "k", "d", "x", "g", "l", "min", "mins", "sec", "secs", "ft", "lb",
    "lbs", "mph", "kph", "kmh", "gb", "mb", "tb", "px", "ish",
))  # fmt: skip
_SPACED = re.compile(r"(?<![\w*])[^\W\d_](?P<sep>[ .\-])[^\W\d_](?:(?P=sep)[^\W\d_])+(?![\w*])")
# One-letter words of English and French (after folding "à" → "a"); a spaced run made only
# of these is left alone.
_SINGLE_LETTER_WORDS = frozenset("aiyoeu")
_SPACES = re.compile(r" {2,}")

# Markup and evasion undone before matching (the text is lower-cased by then). Inline HTML
# tags vanish ("<b>moron</b>", "mo<i>ron</i>"); block tags and line breaks read as a space.
_TAG = re.compile(
    r"</?(?:(?P<inline>b|i|u|s|em|strong|mark|del|ins|sup|sub|span|font|strike|tt|code"
    r"|small|big|q|cite|abbr|a)|br|p|div|li|ul|ol|h[1-6]|blockquote)(?:\s[^<>]{0,200})?/?>"
)
# Markdown emphasis: a pair of 1-3 of * _ ~ around words ("**moron**", "_idiot_",
# "~~x~~"); both markers vanish. An unpaired run ("f***", "sh*t") is a mask, read by the
# matcher. The emphasised part is bounded (200 characters), so each marker costs O(1).
_EMPHASIS = re.compile(
    r"(?<![\w*~])(?P<mark>[*_~]{1,3})(?=[^\W_])(?P<inner>[^*_~<>\n]{0,200}?[^\W_])"
    r"(?P=mark)(?![\w*~])"
)
# One to three symbols or emoji between two letters ("mor🤬on", "mor•on", "id|ot"): dropped.
# Not the characters that join real words or numbers (apostrophes, hyphens, dots, slashes,
# '&', '@', '#', masks and leetspeak symbols, brackets, '%', '=').
_INNER = re.compile(r"[^\W\d_](?P<inner>[^\w\s'\-.@#&/:,;!$*?\"()\[\]{}<>%=\\]{1,3})(?=[^\W\d_])")
# The same for `plain` (case kept; emphasis around letters only: "*611" stays a number).
_TAG_ANY_CASE = re.compile(_TAG.pattern, re.IGNORECASE)
_EMPHASIS_LETTERS = re.compile(
    r"(?<![\w*~])(?P<mark>[*_~]{1,3})(?=[^\W\d_])(?P<inner>[^*_~<>\n]{0,200}?[^\W\d_])"
    r"(?P=mark)(?![\w*~])"
)
# Cheap pre-checks (plain character-class scans): can the emphasis or the inner-symbol
# pattern match at all? Each is a superset of what its pattern looks for.
# Both lead with the rare character and look behind for the common one, so that `re` skips
# ahead in C (a pattern led by a letter or a negated class is tried at nearly every position).
# The emphasis hint is `(?:^|[^\w*~])[*_~]` reversed. The inner hint holds wherever `_INNER`
# can match: one of its symbols (anything but ASCII letters, digits, space and the ASCII
# punctuation it excludes) right after a letter.
_EMPHASIS_HINT = re.compile(r"[*_~](?<![\w*~][*_~])")
_INNER_HINT = re.compile(r"[^\t-\r\x1c-\x2a\x2c-\x5d\x5f\x61-\x7b\x7d](?<=[^\W\d_].)", re.S)


def _letter_runs(s: str) -> list[tuple[int, int]]:
    """Spans of runs of 3+ identical letters."""
    out: list[tuple[int, int]] = []
    n = len(s)
    last = 0
    for m in _TRIPLE.finditer(s):
        a, b = m.span()
        c = m.group(1)
        if a < last or not c.isalpha():
            continue
        while b < n and s[b] == c:
            b += 1
        out.append((a, b))
        last = b
    return out


def _has_interior_leet(head: str) -> bool:
    """Does `head` have a leetspeak digit between two letters ("pr0c3dur")?"""
    return any(
        head[k] in _LEET_DIGITS and head[k - 1].isalpha() and head[k + 1].isalpha()
        for k in range(1, len(head) - 1)
    )


_LEET_SYMBOLS = {"@": "a", "$": "s", "!": "i"}


def _deleet_word(tok: str) -> str | None:
    """A token written mostly in stand-ins ("p4r451735", "C0mm15510n", "comm!$$!on",
    "@rre$ted", "tr@nn135"), read whole: every stand-in digit and symbol becomes its letter.

    It applies when the token holds at least two letters, a stand-in between two of its
    letters, and digits that are all stand-ins (0 1 3 4 5 7): a code or a number ("covid19",
    "tps51", "4x4", "a55", "2c3", "win10") never has one between letters, or has a digit
    that stands for no letter, or too few letters. A mention ("@dave101") is left alone.
    Returns None when the token is not such a word.
    """
    n = len(tok)
    first = last = -1
    letters = 0
    for k, ch in enumerate(tok):
        if ch.isalpha():
            letters += 1
            last = k
            if first < 0:
                first = k
    if letters < 2:
        return None
    if tok[0] == "@" and not any(ch in _LEET_SYMBOLS for ch in tok[1:]):
        return None  # a mention
    inside = False
    for k in range(first + 1, last):
        ch = tok[k]
        if "0" <= ch <= "9" or ch in _LEET_SYMBOLS:
            inside = True
        elif not ch.isalpha():
            return None  # a mask or an underscore inside: not this reading
    if not inside:
        return None
    if any("0" <= ch <= "9" and ch not in _LEET_DIGITS for ch in tok):
        return None
    if first > 2 or (first > 0 and tok[first:].rstrip("@$!*#_") in _UNITS):
        return None  # a longer number before the word, or "10am"
    out = list(tok)
    for k in range(n):
        ch = tok[k]
        if "0" <= ch <= "9":
            out[k] = _LEET_DIGITS[ch]
        elif ch in _LEET_SYMBOLS and (k < last or ch != "!"):  # a trailing '!' is punctuation
            out[k] = _LEET_SYMBOLS[ch]
        elif k > last and ch not in "_":
            break
    # A run of one repeated '!' or '@' between letters hides letters ("sh!!t"): a mask.
    k = first
    while k < last:
        if tok[k] in "!@" and tok[k + 1] == tok[k]:
            j = k
            while j < last and tok[j] == tok[k]:
                j += 1
            out[k:j] = "*" * (j - k)
            k = j
        else:
            k += 1
    return "".join(out)


def _deleet(tok: str) -> str:
    """Leetspeak and masks inside one token; returns a string of the same length."""
    word = _deleet_word(tok)
    if word is not None:
        return word
    n = len(tok)
    counts: tuple[int, int] | None = None  # (digits, letters), computed when first needed
    out = list(tok)
    i = 0
    while i < n:
        ch = tok[i]
        if "0" <= ch <= "9":
            j = i
            while j < n and "0" <= tok[j] <= "9":
                j += 1
            # Interior ("d0nate", "n00b") or leading ("1diot", "5hit") but not "5pm";
            # trailing digits ("covid19", "k9") are never leetspeak, nor are runs of 3+.
            if (
                all(d in _LEET_DIGITS for d in tok[i:j])
                and (
                    (
                        j - i <= 2
                        and j < n
                        and tok[j].isalpha()
                        and (
                            (i > 0 and tok[i - 1].isalpha())
                            # "5pm!" is still "5pm"
                            or (i == 0 and tok[j:].rstrip("@$!*#_") not in _UNITS)
                        )
                    )
                    # Trailing ("pr0c3dur3", "r1d1cul0u5"): only after three letters, and only
                    # when the word has another stand-in too ("team1", "win10" stay).
                    or (
                        j - i <= 2
                        and (j == n or not tok[j].isalnum())
                        and i >= 3
                        and tok[i - 1].isalpha()
                        and _has_interior_leet(tok[:i])
                    )
                )
            ):
                if counts is None:
                    counts = (
                        sum(1 for ch in tok if "0" <= ch <= "9"),
                        sum(1 for ch in tok if ch.isalpha()),
                    )
                if counts[0] <= counts[1]:  # "4x4", "2c3", "1a23" are codes, not words
                    for k in range(i, j):
                        out[k] = _LEET_DIGITS[tok[k]]
            i = j
        elif ch in "@!*#":
            j = i
            while j < n and tok[j] in "@!*#":
                j += 1
            if i > 0 and tok[i - 1].isalpha() and j < n and tok[j].isalpha():
                # Interior only: a leading '#'/'@' is a hashtag or mention, a trailing '!'
                # is punctuation.
                if j - i == 1 and ch == "@":
                    out[i] = "a"
                elif j - i == 1 and ch == "!":
                    out[i] = "i"
                else:
                    for k in range(i, j):
                        out[k] = "*"
            i = j
        elif ch == "$":
            j = i
            while j < n and tok[j] == "$":
                j += 1
            before_ch = tok[i - 1] if i > 0 else ""
            after_ch = tok[j] if j < n else ""
            if (before_ch.isalpha() or after_ch.isalpha()) and not (
                before_ch.isdigit() or after_ch.isdigit()
            ):  # "$hit", "a$$", but not "US$50"
                for k in range(i, j):
                    out[k] = "s"
            i = j
        else:
            i += 1
    return "".join(out)


def _word_steps_1to1(s: str) -> str:
    """Steps that replace characters one-for-one: homoglyphs, leetspeak, masks."""
    chars: list[str] | None = None
    if _HOMOGLYPH_CHARS.search(s):
        for m in _LETTERS.finditer(s):
            word = m.group()
            if not _HOMOGLYPH_CHARS.search(word):
                continue
            mixed = any("a" <= ch <= "z" for ch in word)
            if mixed or all(ch in _HOMOGLYPHS for ch in word):
                if chars is None:
                    chars = list(s)
                for k, ch in enumerate(word, m.start()):
                    mapped = _HOMOGLYPHS.get(ch)
                    if mapped is not None:
                        chars[k] = mapped
        if chars is not None:
            s = "".join(chars)
            chars = None
    if _LEET_CHAR.search(s) is None:
        return s
    protected: list[tuple[int, int]] = []
    if "@" in s:
        # Email addresses keep their '@' and digits ("media@example.org" is not "mediaa...").
        for m in _EMAIL_DOMAIN.finditer(s):
            a = m.start()
            while a > 0 and (s[a - 1].isalnum() or s[a - 1] in "._+-"):
                a -= 1
            if a < m.start():
                protected.append((a, m.end()))
    protected_ends = [pb for _, pb in protected]
    done = 0  # end of the last token handled
    n = len(s)
    for m in _LEET_RUN.finditer(s):
        a, b = m.span()
        if a < done:
            continue
        before = a > 0 and s[a - 1].isalpha()
        after = b < n and s[b].isalpha()
        run = m.group()
        if not after and not (before and ("$" in run or run.isdigit())):
            continue  # digits are read before a letter or ending a word, symbols between
        if (
            not before
            and "$" not in run
            and not (run.isdigit() and len(run) <= 2 and (a == 0 or not s[a - 1].isalnum()))
        ):
            continue  # a hashtag or mention, or a longer number before a word
        while a > 0 and (s[a - 1].isalnum() or s[a - 1] in "_@$!*#"):
            a -= 1
        tail = _TOKEN_TAIL.match(s, b)
        b = tail.end() if tail else b
        done = b
        if protected:
            # Starts and ends both rise (a walk back stops at the '@' before it), so the first
            # address ending after `a` is the only one to ask: asking each was quadratic in a
            # text of many addresses.
            k = bisect_right(protected_ends, a)
            if k < len(protected) and protected[k][0] < b:
                continue
        tok = s[a:b]
        new = _deleet(tok)
        if new != tok:
            if chars is None:
                chars = list(s)
            chars[a:b] = new
    return s if chars is None else "".join(chars)


def _markup_edits(s: str) -> list[tuple[int, int, str]]:
    """Sorted, disjoint (start, end, replacement) for HTML tags, emphasis and symbols inside
    words. Cheap when there is none (plain scans first)."""
    edits: list[tuple[int, int, str]] = []
    if "<" in s:
        edits += [(m.start(), m.end(), "" if m.group("inline") else " ") for m in _TAG.finditer(s)]
    if ("*" in s or "_" in s or "~" in s) and _EMPHASIS_HINT.search(s) is not None:
        for m in _emphases(_EMPHASIS, s):
            edits += [(m.start(), m.end("mark"), ""), (m.end("inner"), m.end(), "")]
    if (
        s.isascii() and not ("^" in s or "|" in s or "~" in s or "+" in s or "`" in s)
    ) or _INNER_HINT.search(s) is None:  # plain `in` tests are cheaper than the search
        return _disjoint(edits)
    for m in _inner_symbols(s):
        a, b = m.span("inner")
        if any(unicodedata.category(c) == "So" for c in m.group("inner")) and _emoji_separates(
            s, a, b
        ):
            continue
        edits.append((a, b, ""))
    return _disjoint(edits)


def _emphases(pattern: re.Pattern[str], s: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(s)` for `_EMPHASIS` or `_EMPHASIS_LETTERS`, tried only where
    `_EMPHASIS_HINT` finds a marker that may open one.

    Both patterns lead with a lookbehind, so `finditer` tried every position of the text:
    one asterisk or underscore anywhere in a long post (a masked word, a handle) cost a pass
    over all of it. A match starts where the hint matches (a marker not after a letter,
    digit or marker), and is taken only from the end of the previous one, as `finditer`
    does: the same matches, in order.
    """
    end = 0
    for h in _EMPHASIS_HINT.finditer(s):
        start = h.start()
        if start < end:
            continue
        m = pattern.match(s, start)
        if m is not None:
            end = m.end()
            yield m


def _inner_symbols(s: str) -> Iterator[re.Match[str]]:
    """`_INNER.finditer(s)`, tried only where `_INNER_HINT` finds a symbol after a letter.

    `_INNER` leads with a letter, so `finditer` tried every letter of the text: one emoji
    or ellipsis in a long post cost a pass over all its letters (a third of normalising a
    100k post of police tweets), while short posts without one skip it. Every match starts
    at the letter right before a hint (the hint's class holds every first symbol `_INNER`
    takes, after a letter), and a match is taken only from the end of the previous one, as
    `finditer` does: the same matches, in order.
    """
    end = 0
    for h in _INNER_HINT.finditer(s):
        start = h.start() - 1
        if start < end:
            continue
        m = _INNER.match(s, start)
        if m is not None:
            end = m.end()
            yield m


def _emoji_separates(s: str, a: int, b: int) -> bool:
    """Is the emoji `s[a:b]`, between two letters, a space between words (kept) rather than
    a symbol inside one word (dropped)?

    Evaders put an emoji anywhere inside a word ("mor🤬on", "commi🙄ssion"). Writers who use
    emoji as a space mostly repeat one around the next words too ("you👏are👏wrong") or put
    several in a row ("hope😤🔥🙏speaker", a flag): those are kept. A single emoji between
    two words written without a space ("vote🗳today") cannot be told from one inside a word
    without a dictionary (nor by case: normalisation does not depend on case): it is
    dropped, and the two read as one word.
    """
    n = len(s)
    i = a
    while i > 0 and s[i - 1].isalpha():
        i -= 1
    j = b
    while j < n and s[j].isalpha():
        j += 1
    if min(a - i, j - b) < 2:
        return False  # a piece of one letter: spelled out ("f🤬u🤬c🤬k"), not words
    inner = s[a:b]
    if sum(1 for c in inner if unicodedata.category(c) == "So") > 1:
        return True  # several emoji ("😤🔥🙏", a flag): decoration between words
    return s.startswith(inner, j) or (i >= len(inner) and s.startswith(inner, i - len(inner)))


def _disjoint(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    if len(edits) > 1:
        edits.sort()
        kept = [edits[0]]
        for e in edits[1:]:
            if e[0] >= kept[-1][1]:
                kept.append(e)
        edits = kept
    return edits


def _undo_markup(s: str, st: list[int], en: list[int]) -> tuple[str, list[int], list[int]]:
    edits = _markup_edits(s)
    if not edits:
        return s, st, en
    full: list[tuple[int, int, str, list[int], list[int]]] = []
    for a, b, repl in edits:
        if repl:
            full.append((a, b, repl, [st[a]], [en[b - 1]]))
        else:
            full.append((a, b, "", [], []))
    return _apply_edits(s, st, en, full)


def _apply_edits(
    s: str,
    st: list[int],
    en: list[int],
    edits: list[tuple[int, int, str, list[int], list[int]]],
) -> tuple[str, list[int], list[int]]:
    """Replace `s[i:j]` by `repl` (with its own offsets) for each sorted, disjoint edit."""
    parts: list[str] = []
    nst: list[int] = []
    nen: list[int] = []
    pos = 0
    for i, j, repl, rst, ren in edits:
        parts.append(s[pos:i])
        nst += st[pos:i]
        nen += en[pos:i]
        parts.append(repl)
        nst += rst
        nen += ren
        pos = j
    parts.append(s[pos:])
    nst += st[pos:]
    nen += en[pos:]
    return "".join(parts), nst, nen


def _length_steps(
    raw: str, s: str, st: list[int] | None, en: list[int] | None, base: int = 0
) -> NormalisedText:
    """Steps that change the length: whitespace runs, spaced letters, letter runs.

    `st`/`en` of `None` stand for the identity map, built only if a step has work to do.
    Offsets are counted from `base` (where `raw` starts in a longer text, see `_PIECE`).
    """
    if st is None or en is None:
        if not _needs_length_steps(s):
            return NormalisedText(raw, s)
        idx = _positions(base + len(s))
        st, en = list(idx[base : base + len(s)]), list(idx[base + 1 : base + len(s) + 1])

    s, st, en = _undo_markup(s, st, en)

    if "  " in s:
        spans = [m.span() for m in _SPACES.finditer(s)]
        s, st, en = _apply_edits(s, st, en, [(a, b, " ", [st[a]], [en[b - 1]]) for a, b in spans])

    if _SPACED_HINT.search(s):
        edits = []
        for m in _SPACED.finditer(s):
            a, b = m.span()
            keep = range(a, b, 2)  # letters sit at every other position (one-char separators)
            if s[a + 1] == " " and all(s[k] in _SINGLE_LETTER_WORDS for k in keep):
                continue  # "il y a à faire", "a i a": real one-letter words, not a spelled word
            word = "".join(s[k] for k in keep)
            edits.append((a, b, word, [st[k] for k in keep], [en[k] for k in keep]))
        if edits:
            s, st, en = _apply_edits(s, st, en, edits)

    elongated: list[int] = []
    if _TRIPLE.search(s):
        edits = []
        shift = 0
        for a, b in _letter_runs(s):
            elongated.append(a - shift)  # where the cut run sits in the output
            shift += b - a - 2
            edits.append((a, b, s[a] * 2, [st[a], st[a + 1]], [en[a], en[b - 1]]))
        if edits:
            s, st, en = _apply_edits(s, st, en, edits)

    n = len(raw)
    starts, ends = tuple(st), tuple(en)
    if len(s) == n:
        idx = _positions(base + n)
        if starts == idx[base : base + n] and ends == idx[base + 1 : base + n + 1]:
            # One-for-one changes only: keep the cheap identity map.
            return NormalisedText(raw, s, elongated=tuple(elongated))
    return NormalisedText(raw, s, starts, ends, tuple(elongated))


# --- entry points ------------------------------------------------------------------------


# The common one-for-one folds (typographic apostrophes, quotes and dashes, non-breaking and
# other fixed-width spaces) done in bulk: a text with only these and passthrough characters
# keeps the fast path and an identity map. Built from `_fold`, so both paths agree.
_ONE_FOR_ONE_CHARS = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
    + "".join(c for c in _EXTRA if len(_EXTRA[c]) == 1 and not _EXTRA[c].isalpha())
)
_ONE_FOR_ONE = str.maketrans({c: _fold(c)[0] for c in _ONE_FOR_ONE_CHARS if len(_fold(c)[0]) == 1})
_ONE_FOR_ONE_SET = frozenset(chr(k) for k in _ONE_FOR_ONE)
_ONE_FOR_ONE_STR = {chr(k): str(v) for k, v in _ONE_FOR_ONE.items()}


class _FoldFast(Protocol):
    """`socialpolicy._cngrams.fold_fast`: step 1 of the fast path and its later steps' hints."""

    def __call__(self, raw: str, table: dict[int, int], /) -> tuple[str, int] | None: ...


class _CutRuns(Protocol):
    """`socialpolicy._cngrams.cut_runs`: steps 3 and 5 alone, with the offset map."""

    def __call__(
        self, s: str, /
    ) -> tuple[str, tuple[int, ...], tuple[int, ...], tuple[int, ...]]: ...


def _load_fast_fold() -> tuple[_FoldFast, _CutRuns] | None:
    """The optional C extension's fast path, unless it is absent or older than this module,
    or `SOCIALPOLICY_PURE=1` (then `_normalise_pure` does all the work)."""
    if os.environ.get("SOCIALPOLICY_PURE") == "1":
        return None
    try:
        from socialpolicy import _cngrams
    except ImportError:
        return None
    fold = getattr(_cngrams, "fold_fast", None)
    cut = getattr(_cngrams, "cut_runs", None)
    return None if fold is None or cut is None else (fold, cut)


_C_FOLD = _load_fast_fold()
# `fold_fast`'s flags (see _cngrams.c): which later steps could have work.
_FOLD_SPACES, _FOLD_LEET, _FOLD_STEPS, _FOLD_RUNS = 1, 2, 4, 8
# What `fold_fast` folds a non-ASCII character to: the one-for-one folds, and each character
# met so far that folds to itself and is no letter (`_passthrough`); bounded like the caches.
_FAST_TABLE: dict[int, int] = {ord(k): ord(v) for k, v in _ONE_FOR_ONE_STR.items()}


def _admit(raw: str) -> bool:
    """Add `raw`'s non-ASCII characters to `_FAST_TABLE`; False when one of them (or an ASCII
    control) needs the general path."""
    for c in set(_SPECIAL.findall(raw)):
        if c in _ONE_FOR_ONE_SET:
            continue
        if not _passthrough(c) or len(_FAST_TABLE) >= _FOLD_CACHE_MAX:
            return False
        _FAST_TABLE[ord(c)] = ord(c)
    return True


# A long text is normalised in pieces of about `_PIECE` characters, cut at a space between
# two words of two ASCII letters each with no markup character (`<>*_~`) within `_QUIET`
# characters: no step reads across such a space (a tag or an emphasis reaches at most 215
# characters; every other step stays inside a word or a run of spaces), so the pieces joined
# are the text normalised whole (a hypothesis test compares both). Each piece takes the fast
# path or not on its own: one character anywhere that needs the general path (an ellipsis, a
# variation selector) sent the whole of a 100k post through it, and each length-changing
# step rebuilt its offset map of every character; only the pieces that need it pay now.
# Each piece's offsets are counted from where it starts (`base`), taken from the shared
# positions (`_positions`), so texts up to `_POSITIONS_MAX` are cut; a longer one is read whole.
_PIECES_FROM = 4096
_PIECE = 2048
_QUIET = 256
_CUT_AT = re.compile(r"(?<=[A-Za-z][A-Za-z]) (?=[A-Za-z][A-Za-z])")
_MARKUP_CHAR = re.compile(r"[<>*_~]")


def _cuts(raw: str) -> list[int]:
    """Where `raw` may be cut into pieces that `normalise` and `plain` read as they read the
    whole (see `_PIECE`): after a space, about every `_PIECE` characters. Each character is
    searched at most twice (a window that holds a markup character is searched no further
    than that character, and the next window starts beyond it)."""
    n = len(raw)
    out: list[int] = []
    pos = _PIECE
    while pos < n - _PIECE:
        m = _CUT_AT.search(raw, pos, n - _QUIET)
        if m is None:
            break
        i = m.start()
        mark = _MARKUP_CHAR.search(raw, max(0, i - _QUIET), i + _QUIET + 1)
        if mark is not None:
            pos = mark.end() + _QUIET
            continue
        out.append(i + 1)
        pos = i + 1 + _PIECE
    return out


def _in_pieces(
    raw: str, cuts: list[int], one: Callable[[str, int], NormalisedText]
) -> NormalisedText:
    """`one` of each piece of `raw` between `cuts`, joined into one text and offset map. Each
    piece's map is counted from where it starts (`one`'s second argument) and built from
    slices of the shared positions, so joining them makes no integer per character."""
    bounds = [0, *cuts, len(raw)]
    parts = [one(raw[a:b], a) for a, b in zip(bounds, bounds[1:], strict=False)]
    text = "".join(p.text for p in parts)
    elongated: list[int] = []
    shift = 0
    for p in parts:
        if p.elongated:
            elongated += [e + shift for e in p.elongated]
        shift += len(p.text)
    if all(p.starts is None for p in parts):
        return NormalisedText(raw, text, elongated=tuple(elongated))
    idx = _positions(len(raw))
    st: list[int] = []
    en: list[int] = []
    for a, b, p in zip(bounds, bounds[1:], parts, strict=False):
        if p.starts is None or p.ends is None:
            st += idx[a:b]
            en += idx[a + 1 : b + 1]
        else:
            st += p.starts
            en += p.ends
    if one is _plain_one:  # `plain` keeps the map it built, as its whole path does
        return NormalisedText(raw, text, tuple(st), tuple(en), tuple(elongated))
    return _mapped(raw, text, tuple(st), tuple(en), tuple(elongated))


def normalise(raw: str) -> NormalisedText:
    """Normalise `raw` for matching (see the module docstring for the steps)."""
    if _PIECES_FROM < len(raw) < _POSITIONS_MAX:
        cuts = _cuts(raw)
        if cuts:
            if _C_FOLD is not None:
                return _in_pieces_cut(raw, cuts, *_C_FOLD)
            return _in_pieces(raw, cuts, _normalise_one)
    return _normalise_one(raw)


def _in_pieces_cut(raw: str, cuts: list[int], fold: _FoldFast, cut: _CutRuns) -> NormalisedText:
    """`_in_pieces(raw, cuts, _normalise_one)` with the C fast path, whose `cut` counts
    offsets from 0: a piece it cuts has its map looked up in the shared positions from where
    the piece starts (in C, and no integer kept per character). The other pieces go as in
    `_normalise_one`, their offsets counted from where they start."""
    bounds = [0, *cuts, len(raw)]
    idx = _positions(len(raw))
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    runs: list[int] = []
    shift = 0  # length of the output so far
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = raw[a:b]
        got = fold(piece, _FAST_TABLE)
        if got is None and _admit(piece):
            got = fold(piece, _FAST_TABLE)
        if got is None:
            nt = _normalise_pure(piece, a)
        else:
            s, flags = got
            leet = _word_steps_1to1(s) if flags & _FOLD_LEET else s
            if leet != s:
                nt = _after_fold(piece, leet, a)  # the other hints no longer hold
            elif flags & _FOLD_STEPS:
                nt = _after_fold(piece, s, a)
            elif flags & (_FOLD_SPACES | _FOLD_RUNS):
                text, st, en, elongated = cut(s)
                moved = idx[a : b + 1]
                st, en = _looked_up(st, moved), _looked_up(en, moved)
                nt = NormalisedText(piece, text, st, en, elongated)
            else:
                nt = NormalisedText(piece, s)
        texts.append(nt.text)
        if nt.starts is None or nt.ends is None:
            starts += idx[a:b]
            ends += idx[a + 1 : b + 1]
        else:
            starts += nt.starts
            ends += nt.ends
        if nt.elongated:
            runs += [e + shift for e in nt.elongated]
        shift += len(nt.text)
    return _mapped(raw, "".join(texts), tuple(starts), tuple(ends), tuple(runs))


def _looked_up(offsets: tuple[int, ...], positions: tuple[int, ...]) -> tuple[int, ...]:
    """`positions[o]` for each offset, in C (`itemgetter` of one item returns it bare)."""
    if len(offsets) == 1:
        return (positions[offsets[0]],)
    got: tuple[int, ...] = itemgetter(*offsets)(positions)
    return got


def _mapped(
    raw: str, text: str, st: tuple[int, ...], en: tuple[int, ...], elongated: tuple[int, ...]
) -> NormalisedText:
    """`raw` normalised to `text` with this map, kept as the identity when it is one (as the
    whole path keeps it)."""
    n = len(raw)
    idx = _positions(n)
    if len(text) == n and st == idx[:n] and en == idx[1 : n + 1]:
        return NormalisedText(raw, text, elongated=elongated)
    return NormalisedText(raw, text, st, en, elongated)


def _normalise_one(raw: str, base: int = 0) -> NormalisedText:
    """`normalise` of a text read whole; its offsets counted from `base` (see `_PIECE`)."""
    if _C_FOLD is not None:
        fold, cut = _C_FOLD
        got = fold(raw, _FAST_TABLE)
        if got is None and _admit(raw):
            got = fold(raw, _FAST_TABLE)
        if got is not None:
            s, flags = got
            if flags & _FOLD_LEET:
                leet = _word_steps_1to1(s)
                if leet != s:
                    return _after_fold(raw, leet, base)  # the other hints no longer hold
            if flags & _FOLD_STEPS or (base and flags & (_FOLD_SPACES | _FOLD_RUNS)):
                # (`cut` counts offsets from 0: a piece further on builds its map in
                # slices of the shared positions instead, which the same steps give.)
                return _after_fold(raw, s, base)
            if flags & (_FOLD_SPACES | _FOLD_RUNS):
                # Space runs and letter runs only: cut in C, map and all.
                text, st, en, elongated = cut(s)
                return NormalisedText(raw, text, st, en, elongated)
            return NormalisedText(raw, s)
    return _normalise_pure(raw, base)


def _normalise_pure(raw: str, base: int = 0) -> NormalisedText:
    """`normalise` in Python: the reference of the C fast path, and its fallback."""
    specials = _SPECIAL.findall(raw)
    if specials and all(c in _ONE_FOR_ONE_SET or _passthrough(c) for c in specials):
        # A few distinct characters (a curly apostrophe, a no-break space): one `replace`
        # each is far cheaper than a `translate` of the whole text.
        s = raw
        for c in set(specials) & _ONE_FOR_ONE_SET:
            s = s.replace(c, _ONE_FOR_ONE_STR[c])
        s = s.lower()
        specials = []
    else:
        s = ""
    if not specials or all(_passthrough(c) for c in specials):
        # Per-character folding is the identity apart from ASCII case and whitespace.
        s = s or raw.lower()
        if "\n" in s:  # line breaks, by far the commonest: a plain replace is 5x cheaper
            s = s.replace("\n", " ")
        # Other ASCII whitespace is not printable: `isprintable` rules it out at C speed.
        if not s.isprintable() and _ASCII_WS.search(s) is not None:
            s = s.translate(_WS_TABLE)
        if _LEET_CHAR.search(s) is not None and _leet_hint(s):
            s = _word_steps_1to1(s)
        return _after_fold(raw, s, base)
    return _general(raw, base)


def _after_fold(raw: str, s: str, base: int = 0) -> NormalisedText:
    """The fast path's steps 3-5 on `s`, `raw` folded one for one (identity map so far)."""
    if "  " in s:
        collapsed = _collapse_spaces(raw, s, base)
        if collapsed is not None:
            return collapsed
    return _length_steps(raw, s, None, None, base)


def _collapse_spaces(raw: str, s: str, base: int = 0) -> NormalisedText | None:
    """Step 3 alone, for a text whose only length-changing step is whitespace runs (a blank
    line, a double space: half of real posts); `None` when another step has work to do.

    `s` is `raw` folded one for one (identity map so far). The map is built in one pass
    over the runs, the same as `_length_steps` builds: each run maps to its whole source
    range, every other character to itself.
    """
    if _markup_edits(s):
        return None
    spans = [m.span() for m in _SPACES.finditer(s)]
    pieces: list[str] = []
    pos = 0
    for a, b in spans:
        pieces.append(s[pos : a + 1])
        pos = b
    pieces.append(s[pos:])
    text = "".join(pieces)
    if _SPACED_HINT.search(text) is not None or (
        _TRIPLE.search(text) is not None and _letter_runs(text)
    ):
        return None
    n = base + len(s)  # positions from here on are counted from `base`
    pos = base
    idx = _positions(n)
    if len(spans) <= _FEW_RUNS:
        # Slices of one shared tuple of positions, joined: no integer is created per
        # character (a few joins; many runs take the linear way below).
        st: tuple[int, ...] = ()
        en: tuple[int, ...] = ()
        for a, b in spans:
            st += idx[pos : base + a + 1]
            en += idx[pos + 1 : base + a + 1] + (base + b,)
            pos = base + b
        return NormalisedText(raw, text, st + idx[pos:n], en + idx[pos + 1 : n + 1])
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        starts += idx[pos : base + a + 1]
        ends += idx[pos + 1 : base + a + 1]
        ends.append(base + b)
        pos = base + b
    starts += idx[pos:n]
    ends += idx[pos + 1 : n + 1]
    return NormalisedText(raw, text, tuple(starts), tuple(ends))


_POSITIONS = tuple(range(4096))  # covers every tweet and most posts
_POSITIONS_MAX = 1 << 17  # the longest post (100,000 characters) and then some
_FEW_RUNS = 16


def _positions(n: int) -> tuple[int, ...]:
    """A tuple of the positions 0..n (at least), shared: offset maps are built from its
    slices, so that no integer is made per character. `range` made one each, in the offset
    maps of every long post with one character to map (a third of normalising 100k
    characters of police tweets); a short post, most often mapped by the identity, made none.
    Grown on demand up to `_POSITIONS_MAX`; a longer text gets a tuple of its own."""
    global _POSITIONS
    if n < len(_POSITIONS):
        return _POSITIONS
    if n >= _POSITIONS_MAX:
        return tuple(range(n + 1))
    _POSITIONS = tuple(range(min(_POSITIONS_MAX, max(n + 1, 2 * len(_POSITIONS)))))
    return _POSITIONS


def _general(raw: str, base: int = 0) -> NormalisedText:
    """The path every text could take; the fast path in `normalise` must agree with it."""
    s, st, en = _fold_chars(raw, base)
    return _length_steps(raw, _word_steps_1to1(s), st, en, base)


def _fold_chars(raw: str, base: int = 0) -> tuple[str, list[int] | None, list[int] | None]:
    """Step 1 with offsets (counted from `base`): ASCII runs in bulk, other characters one
    by one.

    The offset lists are `None` when every character folded to exactly one character
    (accents, curly quotes): the map is then the identity.
    """
    ws = _ASCII_WS.search(raw) is not None
    parts: list[str] = []
    folds: list[tuple[int, str, bool]] = []
    simple = True
    pos = 0
    for m in _SPECIAL.finditer(raw):
        i = m.start()
        if i > pos:
            seg = raw[pos:i].lower()
            parts.append(seg.translate(_WS_TABLE) if ws else seg)
        out, mark = _fold(m.group())
        simple = simple and len(out) == 1
        parts.append(out)
        folds.append((i, out, mark))
        pos = i + 1
    n = len(raw)
    if pos < n:
        seg = raw[pos:].lower()
        parts.append(seg.translate(_WS_TABLE) if ws else seg)
    s = "".join(parts)
    if simple:
        return s, None, None
    st: list[int] = []
    en: list[int] = []
    pos = base
    n += base
    idx = _positions(n)
    for i, out, mark in folds:
        i += base
        st += idx[pos:i]
        en += idx[pos + 1 : i + 1]
        if out:
            st += [i] * len(out)
            en += [i + 1] * len(out)
        elif mark and en:
            en[-1] = i + 1  # a combining mark belongs to the character it decorates
        pos = i + 1
    st += idx[pos:n]
    en += idx[pos + 1 : n + 1]
    return s, st, en


# Every format character (Unicode category Cf, as of Unicode 14/15) and every control
# character that is not whitespace; tests check this against `unicodedata`.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


# `plain`'s lookalikes, case kept: a Cyrillic or Greek letter in a word that mixes scripts, or
# in a word made only of lookalikes ("Маin St", "Кеер"), reads as the Latin letter it mimics
# (the rule `normalise` applies, here before case folding, so Greek capitals read as what
# they look like: "Η" is an H, while "η" is an n).
_PLAIN_HOMOGLYPHS = {
    **_HOMOGLYPHS,
    **{k.upper(): v.upper() for k, v in _HOMOGLYPHS.items() if k.upper() != k},
    # capitals that do not look like their small letter's lookalike
    "Г": "", "П": "", "Ь": "", "Η": "H", "Μ": "M", "Ν": "N", "Υ": "Y", "Γ": "", "Ω": "",
    "Ӏ": "I",
}  # fmt: skip
_PLAIN_HOMOGLYPHS = {k: v for k, v in _PLAIN_HOMOGLYPHS.items() if len(k) == len(v) == 1}
_PLAIN_GLYPH = re.compile("[" + "".join(_PLAIN_HOMOGLYPHS) + "]")
# Lookalike letters written for digits inside a number ("647-555-О172" with a Cyrillic О):
# only in a token of digits and such letters holding at least two real digits. Latin O, l
# and I are left to the detectors: testing every post for them costs more than all of
# `plain`, and a Canadian postal code never uses them anyway.
_DIGIT_GLYPHS = {"О": "0", "о": "0", "Ο": "0", "ο": "0", "І": "1", "і": "1", "Ӏ": "1",
                 "ӏ": "1", "З": "3"}  # fmt: skip
_DIGITISH = re.compile("(?<![^\\W_])[0-9" + "".join(_DIGIT_GLYPHS) + "]{3,}(?![^\\W_])")
# The zero of every run of ten decimal digits outside ASCII in the Basic Multilingual Plane
# (Unicode 14: Arabic-Indic, Devanagari, Thai, fullwidth, ...); a test checks the list against
# `unicodedata`. Digits beyond it are left alone: the mathematical ones become ASCII by NFKC,
# the others are scripts of a few thousand readers, and a class with characters beyond the
# plane is checked range by range, several times slower on every post.
_DIGIT_ZEROS = (
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50,
    0xABF0, 0xFF10,
)  # fmt: skip
# One character class (a single scan): a lookalike letter or digit, or a digit of another
# script. Only texts with non-ASCII characters are searched.
_GLYPH_HINT = re.compile(
    "["
    + "".join(_PLAIN_HOMOGLYPHS)
    + "".join(_DIGIT_GLYPHS)
    + "".join(f"{chr(z)}-{chr(z + 9)}" for z in _DIGIT_ZEROS)
    + "]"
)


def _glyph_hint(raw: str) -> bool:
    """Does `raw` hold a lookalike letter or a digit of another script?"""
    return not raw.isascii() and _GLYPH_HINT.search(raw) is not None


def _map_spans(s: str, spans: Iterable[tuple[int, int]], table: Mapping[str, str]) -> str:
    """`s` with each character of the given spans mapped through `table` (one for one)."""
    pieces: list[str] = []
    prev = 0
    for a, b in spans:
        pieces.append(s[prev:a])
        pieces.append("".join(table.get(ch, ch) for ch in s[a:b]))
        prev = b
    if not pieces:
        return s
    pieces.append(s[prev:])
    return "".join(pieces)


def _mixed_or_lookalike(word: str) -> bool:
    """A word holding a lookalike letter beside Latin ones, or made of lookalikes only."""
    if _PLAIN_GLYPH.search(word) is None:
        return False
    mixed = any("a" <= ch <= "z" or "A" <= ch <= "Z" for ch in word)
    return mixed or all(ch in _PLAIN_HOMOGLYPHS for ch in word)


def _plain_glyphs(s: str) -> str:
    """Lookalikes of digits inside numbers, lookalike letters in mixed words and digits of
    other scripts, replaced one for one (offsets unchanged)."""
    s = _map_spans(
        s,
        (
            m.span()
            for m in _DIGITISH.finditer(s)
            if 2 <= sum(1 for ch in m.group() if "0" <= ch <= "9") < len(m.group())
        ),
        _DIGIT_GLYPHS,
    )
    if _PLAIN_GLYPH.search(s) is not None:
        s = _map_spans(
            s,
            (m.span() for m in _LETTERS.finditer(s) if _mixed_or_lookalike(m.group())),
            _PLAIN_HOMOGLYPHS,
        )
    chars: list[str] | None = None
    for k, ch in enumerate(s):
        if "\x7f" < ch <= "\uffff" and ch.isdecimal():
            if chars is None:
                chars = list(s)
            chars[k] = str(unicodedata.decimal(ch))
    return s if chars is None else "".join(chars)


def lookalikes(raw: str) -> str:
    """`raw` with lookalike letters read as Latin in words that mix scripts, digits of other
    scripts as ASCII digits, and lookalike digits inside numbers as digits: one for one, so
    positions in the result are positions in `raw` (for detectors that read the text as
    written, case and all)."""
    if not _glyph_hint(raw):
        return raw
    return _plain_glyphs(raw)


def plain_of(nt: NormalisedText) -> NormalisedText:
    """`plain(nt.original)`, made once per normalised text and shared by the detectors that
    read the field as written (personal data, identity, police information)."""
    return nt.derive("plain", lambda: plain(nt.original))


def plain(raw: str) -> NormalisedText:
    """A light view for pattern detectors: NFKC per character and invisibles dropped.

    Case, accents, digits next to letters and spacing are kept, so phone numbers, postal
    codes and licence plates read as written, while fullwidth digits ("４１６") become
    ASCII digits and zero-width characters inside a number no longer split it. Lookalike
    letters are read as the Latin letters they mimic in words that mix scripts ("Маin St"),
    digits of other scripts as ASCII digits, and lookalikes of 0, 1 and 3 inside numbers as
    those digits.
    """
    if _PIECES_FROM < len(raw) < _POSITIONS_MAX:
        cuts = _cuts(raw)
        if cuts:
            return _in_pieces(raw, cuts, _plain_one)
    return _plain_one(raw)


def _plain_one(raw: str, base: int = 0) -> NormalisedText:
    """`plain` of a text read whole; its offsets counted from `base` (see `_PIECE`)."""
    # `isprintable` is False for every invisible character (they are all Cc, Cf or
    # unassigned), and far faster than searching for them. A line break is not printable
    # either but not invisible: a text whose only such characters are line breaks (a third
    # of posts) passes once they are spaces, still at C speed.
    markup = ("<" in raw or "*" in raw or "_" in raw or "~" in raw) and (
        _TAG_ANY_CASE.search(raw) is not None
        or next(_emphases(_EMPHASIS_LETTERS, raw), None) is not None
    )
    is_ascii = raw.isascii()
    glyphs = not is_ascii and _GLYPH_HINT.search(raw) is not None
    if (
        not markup
        and not glyphs
        and (
            raw.isprintable()
            or raw.replace("\n", " ").isprintable()
            or _INVISIBLE.search(raw) is None
        )
        and (is_ascii or unicodedata.is_normalized("NFKC", raw))
    ):
        # A normalised string is normalised character by character too.
        return NormalisedText(raw, raw)
    parts: list[str] = []
    st: list[int] = []
    en: list[int] = []
    pos = 0
    idx = _positions(base + len(raw))
    for m in _SPECIAL.finditer(raw):
        i = m.start()
        if i > pos:
            parts.append(raw[pos:i])
            st += idx[base + pos : base + i]
            en += idx[base + pos + 1 : base + i + 1]
        pos = i + 1
        c = m.group()
        if _INVISIBLE.match(c):
            continue
        out = unicodedata.normalize("NFKC", c)
        parts.append(out)
        st += [base + i] * len(out)
        en += [base + i + 1] * len(out)
    if pos < len(raw):
        parts.append(raw[pos:])
        st += idx[base + pos : base + len(raw)]
        en += idx[base + pos + 1 : base + len(raw) + 1]
    out = "".join(parts)
    out = lookalikes(out)  # after NFKC, so fullwidth and styled letters are plain ones by then
    if markup:
        # Emphasis and inline tags go ("**John Smith**" is a name); block tags read as a space.
        edits: list[tuple[int, int, str, list[int], list[int]]] = [
            (m.start(), m.end(), "" if m.group("inline") else " ", [], [])
            for m in _TAG_ANY_CASE.finditer(out)
        ]
        for m in _emphases(_EMPHASIS_LETTERS, out):
            edits += [(m.start(), m.end("mark"), "", [], []), (m.end("inner"), m.end(), "", [], [])]
        edits.sort()
        kept: list[tuple[int, int, str, list[int], list[int]]] = []
        for a, b, repl, _s, _e in edits:
            if not kept or a >= kept[-1][1]:
                kept.append((a, b, repl, [st[a]] if repl else [], [en[b - 1]] if repl else []))
        out, st, en = _apply_edits(out, st, en, kept)
    return NormalisedText(raw, out, tuple(st), tuple(en))
