"""Clause reader: one linear n-gram model per checkable clause of each pack.

Each model says how much a text *reads like* a breach of its clause (a logit). It was trained
one-vs-rest on project-owned posts written from the policy texts alone
(`training/data/clauses/`; see `training/train_clauses.py` and docs/model-card.md). It reads
the same tokens and features as the offensive-language model (`socialpolicy.models._ngrams`:
the detectors' text folding, negation scope marked `~word`, word uni- and bigrams, character
n-grams within words); no declarative denial is applied (that is the offensive model's).

The score of a stretch is `bias + scale * sum(weight * count) / sqrt(n)`, as for the offensive
model: integer weights, so the score does not depend on summation order. Per-word sums are
cached per clause, so scoring a tweet costs one tokenisation and a few dictionary lookups per
word and clause.

The weights ship as `clauses.weights.tsv` (`clause<TAB>kind<TAB>feature<TAB>weight`, sorted)
with a manifest, `clauses.json`: the file's sha256, the training data's hashes, the feature
configuration, and per pack and clause the bias, the scale, the threshold and how it was set
(the police-tweet budget and the development sets' precision).
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import threading
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from socialpolicy.errors import Location
from socialpolicy.models import _ngrams
from socialpolicy.models._ngrams import (
    _WORD_CACHE_MAX,
    _ZEROS,
    FeatureConfig,
    ModelError,
    NgramSums,
    as_segments,
    c_table,
    tokens,
    word_grams,
)
from socialpolicy.normalise import NormalisedText, normalise

__all__ = [
    "ClauseModel",
    "ClauseReader",
    "PackScorer",
    "load_clause_reader",
    "reply_segment",
    "signal_name",
]

MANIFEST = "clauses.json"
WEIGHTS = "clauses.weights.tsv"
FORMAT = 1


REPLY = "^"  # the mark of a word of the text replied to (context, not the author's words)


def reply_segment(nt: NormalisedText) -> list[str]:
    """The tokens of a text replied to, each marked `^` (`^word`): read as context beside the
    post's own stretches, they weigh as the reply's words, never as the author's."""
    return [REPLY + t for t in tokens(nt)]


def signal_name(clause_id: str) -> str:
    """The detector signal of a clause: `clause_reader.tps_privacy`, `clause_reader.epc_3a`."""
    return "clause_reader." + clause_id.replace(".", "_").replace("-", "_")


class ClauseModel(NgramSums):
    """One clause's integer weights, bias, scale and threshold; scores token stretches."""

    def __init__(
        self,
        clause_id: str,
        config: FeatureConfig,
        bias: float,
        scale: float,
        threshold: float,
        unigrams: dict[str, int],
        bigrams: dict[str, int],
        chars: dict[str, int],
        *,
        own_words: bool = False,
    ) -> None:
        self.clause_id = clause_id
        self.config = config
        self.bias = bias
        self.scale = scale
        self.threshold = threshold
        self.own_words = own_words  # read only the author's own sentences (see the detector)
        self.unigrams = unigrams
        self.chars = chars
        self.bigrams = bigrams
        self._set_tables(bigrams)

    def logit_of(self, total: int, count: int) -> float:
        if count == 0:
            return self.bias
        return self.bias + self.scale * total / math.sqrt(count)

    def logit(self, segments: Iterable[Sequence[str]]) -> float:
        return self.logit_of(*self.raw(segments))

    def flags(self, logit: float) -> bool:
        """Above the clause's threshold."""
        return logit > self.threshold

    def clear_cache(self) -> None:
        self._words.clear()


# Every clause of a pack scored in one pass: a word's (or a word pair's) integer weights for all
# clauses packed in one int, `count + sum(weight_k << (_FIELD * (k + 1)))`, one signed field of
# _FIELD bits per clause above a field for the feature count; summing the packed values of a
# text's words and pairs sums every clause at once (in C), and `_unpack` reads the fields back,
# lowest first (a negative field borrows from the one above; taking it out returns the
# borrow). Exact while every field's sum stays within +-2**(_FIELD - 1): weights are below
# 2**16, so about 2**64 summed values (a post's text is at most 100,000 characters).
_FIELD = 81
_MASK = (1 << _FIELD) - 1
_HALF = 1 << (_FIELD - 1)
_FULL = 1 << _FIELD


def _unpack(packed: int, fields: int) -> tuple[int, list[int]]:
    """(count, [field 1, ..., field `fields`]) of a packed sum (see above)."""
    count = packed & _MASK
    packed = (packed - count) >> _FIELD
    out = []
    for _ in range(fields):
        f = packed & _MASK
        if f >= _HALF:
            f -= _FULL
        packed = (packed - f) >> _FIELD
        out.append(f)
    return count, out


class _PackedWords(dict[str, int]):
    """Per-word packed sums for every clause of a pack, computed on first lookup (bounded).

    `fields` holds the C sums' values of the words their table does not hold
    (`PackScorer._c_fields`), filled as they ask; `clear` empties both."""

    __slots__ = ("_models", "fields")

    def __init__(self, models: Sequence[ClauseModel]) -> None:
        super().__init__()
        self._models = models
        self.fields: dict[str, bytes] = {}

    def clear(self) -> None:
        super().clear()
        self.fields.clear()

    def sums(self, token: str) -> tuple[int, list[int]]:
        """(feature count, [each clause's weight sum]) of a token's unigram and n-grams."""
        # A word's character n-grams are cut once for every clause (same sums as `_word`).
        count = 0
        grams: list[str] = []
        if self._models:
            cfg = self._models[0].config
            grams = word_grams(token, cfg)
            count = (1 if cfg.word_ngrams >= 1 else 0) + len(grams)
        totals = [
            m.unigrams.get(token, 0) + sum(map(m.chars.get, grams, _ZEROS)) for m in self._models
        ]
        return count, totals

    def __missing__(self, token: str) -> int:
        packed, totals = self.sums(token)
        for k, total in enumerate(totals):
            packed += total << (_FIELD * (k + 1))
        if len(self) < _WORD_CACHE_MAX:
            self[token] = packed
        return packed


class PackScorer:
    """The clause models of one pack, scored together (same logits as each model's own)."""

    def __init__(self, models: Sequence[ClauseModel]) -> None:
        self.models = tuple(models)
        # Whether some clause reads only the author's own sentences (`ClauseModel.own_words`).
        self.own_words = any(m.own_words for m in self.models)
        self._words = _PackedWords(self.models)
        # Each pair some clause weighs, keyed `(a, b)` as `zip(seg, seg[1:])` yields it; a
        # clause that does not weigh it adds 0 (its field is left empty).
        pairs: dict[tuple[str, str], int] = {}
        for k, m in enumerate(self.models):
            shift = _FIELD * (k + 1)
            for key, w in m.bigrams.items():
                a, b = key.split(" ", 1)
                pairs[a, b] = pairs.get((a, b), 0) + (w << shift)
        self._pairs = pairs
        self._pairs_on = bool(self.models) and self.models[0].config.word_ngrams >= 2
        self._terms = [(m.bias, m.scale) for m in self.models]
        self._struct = struct.Struct(f"={len(self.models) + 1}q")  # count, then each clause
        # Every clause's tables in C, one field per clause (`_ngrams.c_table`), built on the
        # first score (None: the pure path runs; see `_ngrams.compiled`).
        self._ctable: object | None = None
        self._ctable_built = False

    def _c_table(self) -> object | None:
        if not self._ctable_built:
            ms = self.models
            self._ctable = (
                c_table(
                    ms[0].config,
                    [m.unigrams for m in ms],
                    [m.bigrams for m in ms],
                    [m.chars for m in ms],
                )
                if ms
                else None
            )
            self._ctable_built = True
        return self._ctable

    def _c_fields(self, token: str) -> bytes | None:
        """A token's (count, each clause's total) for the C sums, of a word their table does
        not hold (None past 64 bits: the pure path runs)."""
        count, totals = self._words.sums(token)  # what the packed cache holds, unpacked
        try:
            fields = self._struct.pack(count, *totals)
        except struct.error:
            return None
        if len(self._words.fields) < _WORD_CACHE_MAX:
            self._words.fields[token] = fields
        return fields

    def logits(self, segments: Iterable[Sequence[str]]) -> list[float]:
        """Every clause's logit for some token stretches, in the order of `models`."""
        if _ngrams._C is not None:
            table = self._c_table()
            if table is not None:
                segments = as_segments(segments)
                fields, miss = self._words.fields, self._c_fields
                got = _ngrams._C.table_sums(table, segments, fields, miss, self._pairs_on)
                if got is not None:
                    return self._logits_of(got[0], got[1:])
        return self._logits_pure(segments)

    def _logits_pure(self, segments: Iterable[Sequence[str]]) -> list[float]:
        """`logits` in pure Python (what the C extension computes too)."""
        packed = 0
        lookup = self._words.__getitem__
        pair = self._pairs.get
        pairs = self._pairs_on
        for seg in segments:
            if pairs and len(seg) > 1:
                # One feature per pair (known or not) in the count field.
                packed += sum(map(lookup, seg), len(seg) - 1) + sum(
                    map(pair, zip(seg, seg[1:], strict=False), _ZEROS)
                )
            else:
                packed += sum(map(lookup, seg))
        count, totals = _unpack(packed, len(self._terms))
        return self._logits_of(count, totals)

    def _logits_of(self, count: int, totals: Sequence[int]) -> list[float]:
        if count == 0:
            return [bias for bias, _ in self._terms]
        # `ClauseModel.logit_of`, term for term (the same float operations in the same order).
        root = math.sqrt(count)
        return [
            bias + scale * total / root
            for (bias, scale), total in zip(self._terms, totals, strict=True)
        ]


class ClauseReader:
    """Every clause model of the manifest, by pack."""

    def __init__(self, manifest: dict[str, Any], packs: Mapping[str, Sequence[ClauseModel]]):
        self.manifest = manifest
        # Whether the models were trained with the text replied to as context (`reply_segment`).
        self.reply_context = bool(manifest.get("reply_context", False))
        self.packs: dict[str, tuple[ClauseModel, ...]] = {k: tuple(v) for k, v in packs.items()}
        # A clause switched off (threshold null in the manifest) is not scored at all.
        self.scorers: dict[str, PackScorer] = {
            k: PackScorer([m for m in v if m.threshold < math.inf]) for k, v in self.packs.items()
        }

    def clauses(self, pack_id: str) -> tuple[ClauseModel, ...]:
        """The clause models of one pack (none for a pack the reader was not trained for)."""
        return self.packs.get(pack_id, ())

    def scorer(self, pack_id: str) -> PackScorer | None:
        """One pack's clause models that can fire, scored together (None for a pack the reader
        was not trained for)."""
        return self.scorers.get(pack_id)

    def score_text(self, pack_id: str, text: str) -> dict[str, float]:
        """Each clause's logit for a whole text (every word read; no sentence logic)."""
        toks = tokens(normalise(text))
        return {m.clause_id: m.logit((toks,)) for m in self.clauses(pack_id)}

    @classmethod
    def from_files(cls, manifest_path: Path, *, verify: bool = True) -> ClauseReader:
        """Load a manifest and the weights file it names (checked against its sha256)."""
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"cannot read the clause reader's manifest: {exc}",
                Location(file=str(manifest_path)),
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
                f"cannot read the clause reader's weights: {exc}", Location(file=str(weights_path))
            ) from exc
        if verify and hashlib.sha256(data).hexdigest() != manifest["weights"]["sha256"]:
            raise ModelError(
                "the weights file does not match the sha256 in its manifest",
                Location(file=str(weights_path)),
                suggestion="retrain with training/train_clauses.py or reinstall",
            )
        tables: dict[str, dict[str, dict[str, int]]] = {}
        for n, line in enumerate(data.decode("utf-8").split("\n"), 1):
            if not line:
                continue
            try:
                clause, kind, feature, weight = line.split("\t")
                tables.setdefault(clause, {"u": {}, "b": {}, "c": {}})[kind][feature] = int(weight)
            except (KeyError, ValueError) as exc:
                raise ModelError(
                    f"bad weights line: {line[:60]!r}", Location(file=str(weights_path), line=n)
                ) from exc
        config = FeatureConfig.from_dict(manifest["features"])
        packs: dict[str, list[ClauseModel]] = {}
        for pack_id, pack in sorted(manifest["packs"].items()):
            for clause_id, entry in sorted(pack["clauses"].items()):
                t = tables.get(clause_id, {"u": {}, "b": {}, "c": {}})
                packs.setdefault(pack_id, []).append(
                    ClauseModel(
                        clause_id,
                        config,
                        float(entry["bias"]),
                        float(entry["scale"]),
                        _threshold(entry["threshold"]["logit"]),
                        t["u"],
                        t["b"],
                        t["c"],
                        own_words=bool(entry["own_words"]),
                    )
                )
        return cls(manifest, packs)


def _threshold(value: float | None) -> float:
    """A manifest threshold: null means the clause's model never fires."""
    return math.inf if value is None else float(value)


_LOCK = threading.Lock()
_LOADED: ClauseReader | None = None


def shipped_manifest() -> Path:
    """The manifest inside the installed package."""
    return Path(str(resources.files("socialpolicy.models"))) / MANIFEST


def load_clause_reader() -> ClauseReader:
    """The shipped clause reader, loaded on first use and shared (read-only) afterwards."""
    global _LOADED
    reader = _LOADED
    if reader is None:
        with _LOCK:
            reader = _LOADED
            if reader is None:
                reader = _LOADED = ClauseReader.from_files(shipped_manifest())
    return reader
