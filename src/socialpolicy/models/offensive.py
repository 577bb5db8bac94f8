"""Offensive-language reader: a linear model over word and character n-grams.

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
word. Integer sums make the score independent of summation order, hence deterministic, and
let the optional C extension (`socialpolicy._cngrams`, see `_ngrams.compiled`) compute the
very same sums.

The weights ship as `offensive.weights.tsv` (one `kind<TAB>feature<TAB>weight` line each,
sorted) with a manifest, `offensive.json`, that records the file's sha256, the training
data's hashes, the feature configuration, the quantisation scale, the bias and the
calibrated threshold. `training/train_offensive.py` writes both, bit for bit the same on
every run.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from socialpolicy.errors import Location
from socialpolicy.models._ngrams import (
    _CLAUSE_END,
    _NEGATIONS,
    _PACK,
    _WORD_CACHE_MAX,
    DENIED,
    DENY_MARGIN,
    MENTION,
    NEGATED,
    URL,
    FeatureConfig,
    ModelError,
    NgramSums,
    feature_counts,
    feature_total,
    tokens,
)
from socialpolicy.normalise import normalise

# The shared names stay importable from here (the detector, tests and trainers use them).
__all__ = [
    "DENIED",
    "DENY_MARGIN",
    "MENTION",
    "NEGATED",
    "URL",
    "_CLAUSE_END",
    "FeatureConfig",
    "ModelError",
    "OffensiveModel",
    "feature_counts",
    "feature_total",
    "load_offensive_model",
    "tokens",
]

MANIFEST = "offensive.json"
FORMAT = 1
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# A masked word the model does not know gets its letters guessed only when one or two are
# hidden (26 letters each, n-grams around the letter only): more, and it is read as written.
_MAX_GUESSED = 2


# --- the model ------------------------------------------------------------------------------


class OffensiveModel(NgramSums):
    """Integer weights, a bias, a scale and a threshold; scores token stretches.

    Build one with `load_offensive_model()` (the shipped model, loaded once) or
    `OffensiveModel.from_files` (a trainer's output).
    """

    _special = DENIED  # a declarative negation's words: `_word` reads them its own way

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
        self._unmasked: dict[str, str] = {}
        self._vocab: dict[tuple[int, str], tuple[str, ...]] | None = None
        # Only the scorer's form is kept (see `bigrams` for the string-keyed one).
        self._set_tables(_with_denied_pairs(bigrams))

    @property
    def bigrams(self) -> dict[str, int]:
        """Every word pair's weight keyed `"a b"`, the declarative-negation forms included
        (rebuilt on each call from the pair-keyed table the scorer reads)."""
        return {a + " " + b: w // _PACK for (a, b), w in self._pairs.items()}

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
        return self._plain_word(token)

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
