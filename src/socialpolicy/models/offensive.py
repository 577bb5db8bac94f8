"""Offensive-language reader: a linear model over word and character n-grams, pure Python.

The model reads text the way the lexicon detectors do: through `socialpolicy.normalise`
(case, accents, zero-width characters, homoglyphs, leetspeak and masks, elongation). On top
of that, `tokens` applies the conventions both training corpora share: HTML entities read as
the characters they stand for, every @mention becomes `@user` (a run of them one), links
become one `url` token, and the retweet marker `rt` is dropped. Words keep their inner
apostrophes and masks (`don't`, `f*ck`); emoji are tokens of their own.

Features of one stretch of tokens (see `feature_counts`, which the trainer uses too):

- every token (`u` features) and every pair of adjacent tokens (`b`);
- every character n-gram of each word padded as `<word>` (`c`), n from `char_min` to
  `char_max`, read within the word only (the first `max_word_chars` characters).

The score of a stretch is the logit `bias + scale * sum(weight * count) / sqrt(n)`, where
the weights are integers, `scale` turns them back into the trained floats, and `n` counts
every feature occurrence extracted (known to the model or not), so short and long texts
are comparable. A word's unigram and character n-grams depend on the word alone, so their
weight sum is cached per word: scoring an ordinary post costs a few dictionary lookups per
word. Integer sums make the score independent of summation order, hence deterministic.

The weights ship as `offensive.weights.tsv` (one `kind<TAB>feature<TAB>weight` line each,
sorted) with a manifest, `offensive.json`, that records the file's sha256, the training
data's hashes, the feature configuration, the quantisation scale, the bias and the
calibrated threshold. `training/train_offensive.py` writes both, bit for bit the same on
every run.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import operator
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from socialpolicy.errors import Location, SocialPolicyError
from socialpolicy.normalise import NormalisedText, normalise

__all__ = [
    "FeatureConfig",
    "ModelError",
    "OffensiveModel",
    "feature_counts",
    "load_offensive_model",
    "tokens",
]

MANIFEST = "offensive.json"
FORMAT = 1


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


# --- tokens ---------------------------------------------------------------------------------

_URL = re.compile(r"(?:https?:/*|www\.)\S*")
# An @mention, a word (letters, digits, inner apostrophes and masks), or one emoji.
_TOKEN = re.compile(
    r"@\w+|[^\W_](?:[\w*']*[\w*])?|[\u2600-\u27bf\U0001f300-\U0001f3fa\U0001f400-\U0001faff]"
)
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


def _any_nt(found: list[str]) -> bool:
    """Whether a token is a `n't` negation."""
    return any(t.endswith("n't") for t in found)


_CLAUSE_END = re.compile(r"[.,;:!?()\[\]\"]")


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
    found = _TOKEN.findall(s)
    if _NEGATIONS.isdisjoint(found) and ("n't" not in s or not _any_nt(found)):
        # No negation (the common case): no clause, scope or denial to follow, only the
        # mentions to fold and the retweet marker to drop, as the loop below would.
        if "@" not in s and "rt" not in found:
            return found
        folded: list[str] = []
        for t in found:
            if t[0] == "@":
                if folded and folded[-1] == MENTION:
                    continue
                t = MENTION
            elif t == "rt":
                continue
            folded.append(t)
        return folded
    out: list[str] = []
    negated = False
    last = 0
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
    for m in _TOKEN.finditer(s):
        t = m.group()
        if _CLAUSE_END.search(s, last, m.start()) is not None:
            negated = False
            clause = head_from = len(out)
            head = -1
        last = m.end()
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
        elif negated and _is_word(t):
            t = NEGATED + t
        if (
            deny
            and scope >= 0
            and (not negated or m.group() in _SCOPE_END or len(out) - scope > _MAX_DENIED)
        ):
            scopes.append((scope, len(out)))
            scope = -1
        out.append(t)
    if deny:
        if scope >= 0:
            scopes.append((scope, len(out)))
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
                out[a] = DENIED + out[a]
                for i in hits:
                    out[i] = DENIED + out[i][1:]
    return out


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


# --- the model ------------------------------------------------------------------------------

_WORD_CACHE_MAX = 200_000  # distinct words; bounds memory under adversarial input
# A word's (weight sum, feature count) packed in one int, `total * _PACK + count` (0 <= count <
# _PACK), so that summing the packed values of a stretch sums both at once, in C: the sum
# unpacks with `divmod` (floor division keeps negative totals exact).
_PACK = 1 << 48


class _WordCache(dict[str, int]):
    """Per-word packed sums, computed on first lookup (a pure function of the word: caching
    never changes a score). Bounded: past the limit, new words are computed but not kept."""

    __slots__ = ("_compute",)

    def __init__(self, compute: Callable[[str], tuple[int, int]]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, token: str) -> int:
        total, count = self._compute(token)
        hit = total * _PACK + count
        if len(self) < _WORD_CACHE_MAX:
            self[token] = hit
        return hit


def _pair_tables(bigrams: dict[str, int]) -> tuple[dict[str, int], dict[int, int], int]:
    """The word pairs keyed by integers: (token -> id, `id_a * n + id_b` -> weight, n).

    Every token of a known pair has an id below `n - 1`; any other token reads as `n - 1`,
    which is in no pair, so a lookup needs no string built per pair. Keys stay below `n * n`
    (small ints, cheap to hash, for any realistic vocabulary).
    """
    ids: dict[str, int] = {}
    split = [key.split(" ", 1) for key in bigrams]
    for a, b in split:
        ids.setdefault(a, len(ids))
        ids.setdefault(b, len(ids))
    n = len(ids) + 1
    pairs = {ids[a] * n + ids[b]: w for (a, b), w in zip(split, bigrams.values(), strict=True)}
    return ids, pairs, n


_ZEROS = itertools.repeat(0)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A masked word the model does not know gets its letters guessed only when one or two are
# hidden (26 letters each, n-grams around the letter only): more, and it is read as written.
_MAX_GUESSED = 2


class OffensiveModel:
    """Integer weights, a bias, a scale and a threshold; scores token stretches.

    Build one with `load_offensive_model()` (the shipped model, loaded once) or
    `OffensiveModel.from_files` (a trainer's output).
    """

    def __init__(
        self,
        manifest: dict[str, Any],
        unigrams: dict[str, int],
        bigrams: dict[str, int],
        chars: dict[str, int],
    ) -> None:
        self.manifest = manifest
        self.config = FeatureConfig.from_dict(manifest["features"])
        self.bias = float(manifest["bias"])
        self.scale = float(manifest["scale"])
        self.threshold = float(manifest["threshold"]["logit"])
        self.unigrams = unigrams
        self.chars = chars
        self._words = _WordCache(self._word)
        self._unmasked: dict[str, str] = {}
        self._vocab: dict[tuple[int, str], tuple[str, ...]] | None = None
        # Only the integer-keyed form is kept (see `bigrams` for the string-keyed one).
        self._pair_ids, self._pairs, self._pair_n = _pair_tables(_with_denied_pairs(bigrams))
        self._unknown = itertools.repeat(self._pair_n - 1)
        self._stride = itertools.repeat(self._pair_n)

    @property
    def bigrams(self) -> dict[str, int]:
        """Every word pair's weight keyed `"a b"`, the declarative-negation forms included
        (rebuilt on each call from the integer-keyed table the scorer reads)."""
        names = [""] * self._pair_n
        for token, i in self._pair_ids.items():
            names[i] = token
        n = self._pair_n
        return {names[k // n] + " " + names[k % n]: w for k, w in self._pairs.items()}

    # -- loading

    @classmethod
    def from_files(cls, manifest_path: Path, *, verify: bool = True) -> OffensiveModel:
        """Load a manifest and the weights file it names (checked against its sha256)."""
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"cannot read the model manifest: {exc}", Location(file=str(manifest_path))
            ) from exc
        if manifest.get("format") != FORMAT:
            raise ModelError(
                f"model format {manifest.get('format')!r} is not {FORMAT}",
                Location(file=str(manifest_path), field="format"),
            )
        weights_path = manifest_path.with_name(manifest["weights"]["file"])
        try:
            data = weights_path.read_bytes()
        except OSError as exc:
            raise ModelError(
                f"cannot read the model weights: {exc}", Location(file=str(weights_path))
            ) from exc
        if verify and hashlib.sha256(data).hexdigest() != manifest["weights"]["sha256"]:
            raise ModelError(
                "the weights file does not match the sha256 in its manifest",
                Location(file=str(weights_path)),
                suggestion="retrain with training/train_offensive.py or reinstall",
            )
        tables: dict[str, dict[str, int]] = {"u": {}, "b": {}, "c": {}}
        for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
            if not line:
                continue
            kind, feature, weight = line.split("\t")
            try:
                tables[kind][feature] = int(weight)
            except (KeyError, ValueError) as exc:
                raise ModelError(
                    f"bad weights line: {line[:60]!r}", Location(file=str(weights_path), line=n)
                ) from exc
        return cls(manifest, tables["u"], tables["b"], tables["c"])

    def clear_cache(self) -> None:
        """Forget the per-word sums (for timing cold starts; results never change)."""
        self._words.clear()

    # -- scoring

    def leans_offensive(self, word: str) -> bool:
        """Whether a word read alone (its unigram and character n-grams) adds more than
        `DENY_MARGIN` to a logit: what a declarative negation of it denies."""
        total, count = divmod(self._words[word], _PACK)
        return count > 0 and self.scale * total > DENY_MARGIN * math.sqrt(count)

    def unmask(self, masked: str) -> str:
        """How a masked word under which the pack reads no swear word or slur is read.

        The model learnt a mask as a sign of swearing (its training tweets hide swear words
        under masks), but such a mask hides an ordinary letter ("c*mplete", "n*body"), and
        an ordinary masked word must not read as swearing. Each `*` hides one letter; when
        at least two letters show and no more are hidden than shown (the matcher's rule),
        the word is read as a word of the model's vocabulary (its unigrams) the mask can
        spell: the only one (`t*day` -> `today`), or of several the one that adds least to a
        logit (`l*ves` -> `lives` or `loves`: the pack found no swear word under the mask,
        so the word never reads as more offensive than its mildest reading). A word the
        model does not know (`imp*ired`) gets, mask by mask from the left, the letter that
        makes it mildest (one or two hidden letters, in a word the model reads whole). A word
        with too few letters shown (`f***`) or more to guess is read as written. Cached per
        word (bounded); a word costs its vocabulary group and at most 52 letter trials.
        """
        hit = self._unmasked.get(masked)
        if hit is not None:
            return hit
        best = masked
        shown = sum(1 for c in masked if c != "*")
        if masked[:1].isalnum() and shown >= 2 and len(masked) - shown <= shown:
            pattern = [(i, c) for i, c in enumerate(masked) if c != "*"]
            fits = [
                w
                for w in self._vocabulary().get((len(masked), masked[0]), ())
                if all(w[i] == c for i, c in pattern)
            ]
            hidden = len(masked) - shown
            if not fits and hidden <= _MAX_GUESSED and len(masked) <= self.config.max_word_chars:
                fits = [self._mildest_letters(masked)]
            if fits:
                best = min(fits, key=lambda w: (self._words[w] // _PACK, w))
        if len(self._unmasked) < _WORD_CACHE_MAX:
            self._unmasked[masked] = best
        return best

    def _mildest_letters(self, masked: str) -> str:
        """`masked` with each `*`, from the left, the letter whose character n-grams (those
        that hold no other mask) and, for the last, the whole word's unigram add least."""
        cfg, chars, unigrams = self.config, self.chars, self.unigrams
        word = masked
        for i in [i for i, c in enumerate(masked) if c == "*"]:
            p = "<" + word + ">"
            pos = i + 1  # the letter's position in the padded word
            # Each n-gram through the letter, as (left, right) around it.
            around = [
                (p[a:pos], p[pos + 1 : a + k])
                for k in range(cfg.char_min, cfg.char_max + 1)
                for a in range(max(0, pos - k + 1), min(pos, len(p) - k) + 1)
                if "*" not in p[a:pos] and "*" not in p[pos + 1 : a + k]
            ]
            last = word.count("*") == 1
            head, tail = word[:i], word[i + 1 :]
            best_total, best_word = 0, ""
            for letter in _LETTERS:
                total = sum(chars.get(left + letter + right, 0) for left, right in around)
                cand = head + letter + tail
                if last:
                    total += unigrams.get(cand, 0)
                if not best_word or total < best_total:
                    best_total, best_word = total, cand
            word = best_word
        return word

    def _vocabulary(self) -> dict[tuple[int, str], tuple[str, ...]]:
        """The model's words (unigrams of letters, digits and inner apostrophes), by length
        and first character: the candidates a masked word is read as."""
        vocab = self._vocab
        if vocab is None:
            groups: dict[tuple[int, str], list[str]] = {}
            for w in sorted(self.unigrams):
                if w[0].isalnum() and "*" not in w and w not in (MENTION, URL):
                    groups.setdefault((len(w), w[0]), []).append(w)
            vocab = self._vocab = {k: tuple(v) for k, v in groups.items()}
        return vocab

    def word(self, token: str) -> tuple[int, int]:
        """(weight sum, feature count) of a token's unigram and character n-grams."""
        total, count = divmod(self._words[token], _PACK)
        return total, count

    def _word(self, token: str) -> tuple[int, int]:
        if token[0] == DENIED:
            # A declarative negation's word (see `tokens`): it counts as the negated word (or
            # the negation word) would, but adds nothing offensive.
            word = token[1:]
            total, count = (
                self._word(word)
                if word in _NEGATIONS or word.endswith("n't")
                else (self.unigrams.get(NEGATED + word, 0), 1)
            )
            return min(total, 0), count
        cfg = self.config
        total = self.unigrams.get(token, 0)
        count = 1 if cfg.word_ngrams >= 1 else 0
        if cfg.char_max and _is_word(token):
            chars = self.chars
            p = "<" + token[: cfg.max_word_chars] + ">"
            n = len(p)
            for k in range(cfg.char_min, cfg.char_max + 1):
                for i in range(n - k + 1):
                    total += chars.get(p[i : i + k], 0)
                    count += 1
        return total, count

    def raw(self, segments: Iterable[Sequence[str]]) -> tuple[int, int]:
        """(integer weight sum, feature count) of some token stretches."""
        packed = 0
        pair_total = 0
        pairs = self.config.word_ngrams >= 2
        lookup = self._words.__getitem__
        for seg in segments:
            packed += sum(map(lookup, seg))
            if pairs and len(seg) > 1:
                packed += len(seg) - 1  # one feature per pair, known or not
                ids = list(map(self._pair_ids.get, seg, self._unknown))
                keys = map(operator.add, map(operator.mul, ids, self._stride), ids[1:])
                pair_total += sum(map(self._pairs.get, keys, _ZEROS))
        total, count = divmod(packed, _PACK)
        return total + pair_total, count

    def logit_of(self, total: int, count: int) -> float:
        """The logit for a raw `(total, count)`: the bias alone when nothing was read."""
        if count == 0:
            return self.bias
        return self.bias + self.scale * total / math.sqrt(count)

    def logit(self, segments: Iterable[Sequence[str]]) -> float:
        """The logit of some token stretches read as one text."""
        return self.logit_of(*self.raw(segments))

    def score_text(self, text: str) -> float:
        """The logit of a whole text (every word read, declarative negations denied; no
        quoting or sentence logic)."""
        return self.logit((tokens(normalise(text), deny=True, offensive=self.leans_offensive),))

    def probability(self, logit: float) -> float:
        """The logistic of a logit (for display; decisions compare logits)."""
        if logit >= 0:
            return 1.0 / (1.0 + math.exp(-logit))
        e = math.exp(logit)
        return e / (1.0 + e)

    def flags(self, logit: float) -> bool:
        """Above the calibrated threshold."""
        return logit > self.threshold


def _deniable(token: str) -> str | None:
    """The `!` form a token takes in a declarative negation, if it can be in one."""
    if token[0] == NEGATED:
        return DENIED + token[1:]
    if token in _NEGATIONS or token.endswith("n't"):
        return DENIED + token
    return None


def _with_denied_pairs(bigrams: dict[str, int]) -> dict[str, int]:
    """The trained pairs, plus each pair's forms in a declarative negation (see `tokens`)
    weighing `min(0, weight)`: a denied stretch's pairs, like its words, add nothing
    offensive, so denial never raises a score."""
    extra: dict[str, int] = {}
    for key, weight in bigrams.items():
        a, b = key.split(" ", 1)
        da, db = _deniable(a), _deniable(b)
        if da is None and db is None:
            continue
        low = min(weight, 0)
        for x, y in ((da, b), (a, db), (da, db)):
            if x is not None and y is not None and (x, y) != (a, b):
                extra[x + " " + y] = low
    if not extra:
        return bigrams
    return {**bigrams, **extra}


_LOCK = threading.Lock()
_LOADED: OffensiveModel | None = None


def shipped_manifest() -> Path:
    """The manifest inside the installed package."""
    return Path(str(resources.files("socialpolicy.models"))) / MANIFEST


def load_offensive_model() -> OffensiveModel:
    """The shipped model, loaded on first use and shared (read-only) afterwards."""
    global _LOADED
    model = _LOADED
    if model is None:
        with _LOCK:
            model = _LOADED
            if model is None:
                model = _LOADED = OffensiveModel.from_files(shipped_manifest())
    return model
