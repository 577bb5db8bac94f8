"""What the trainers share: indexing n-gram features, logistic regression by Adagrad with L2,
and int16 quantisation of the weights, all bit for bit reproducible.

`train_offensive.py` and `train_clauses.py` build their rows with
`socialpolicy.models._ngrams.feature_counts` and train and quantise them here.

Determinism: features are sorted before they get indexes; the examples are visited in an
order drawn from `random.Random(seed)`; sums of floats use `math.fsum` (exactly rounded, so
independent of the Python version); weights are quantised to int16 and returned sorted.
Nothing iterates over a set or a dict of strings to decide an order.
"""

from __future__ import annotations

import math
import operator
import random
from array import array
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

QMAX = 32767  # int16


@dataclass(slots=True)
class Dataset:
    vocab: list[str]  # "kind<TAB>feature", sorted; then the extra columns, in their order
    rows: list[tuple[array[int], array[float]]]
    labels: list[float]


def build(
    counts: Sequence[dict[str, int]],
    labels: Sequence[float],
    min_df: int,
    columns: Sequence[str] = (),
    column_of: Sequence[int] | None = None,
) -> Dataset:
    """Index the features seen in at least `min_df` examples; values are counts / sqrt(n),
    n the example's feature occurrences (known or not).

    `counts[j]` is example j's `feature_counts`. With `columns`, example j also gets the extra
    column `columns[column_of[j]]` at value 1 (a source indicator). One pass gives features
    provisional ids in order of first appearance; the kept features are then sorted and the
    ids remapped.
    """
    ids: dict[str, int] = {}
    df: list[int] = []
    raw: list[tuple[list[int], list[int], int]] = []
    for example in counts:
        keys: list[int] = []
        for key in example:  # a dict iterates in insertion order: deterministic
            i = ids.get(key)
            if i is None:
                i = ids[key] = len(df)
                df.append(0)
            df[i] += 1
            keys.append(i)
        raw.append((keys, list(example.values()), sum(example.values())))
    names = [""] * len(df)
    for key, i in ids.items():
        names[i] = key
    vocab = sorted(names[i] for i in range(len(df)) if df[i] >= min_df)
    index = {key: n for n, key in enumerate(vocab)}
    remap = [index.get(names[i], -1) for i in range(len(df))]
    rows: list[tuple[array[int], array[float]]] = []
    for j, (keys, values, total) in enumerate(raw):
        scale = 1.0 / math.sqrt(total or 1)
        items = sorted(
            (remap[i], c * scale) for i, c in zip(keys, values, strict=True) if remap[i] >= 0
        )
        if column_of is not None:
            items.append((len(vocab) + column_of[j], 1.0))
        rows.append((array("i", [i for i, _ in items]), array("d", [v for _, v in items])))
    return Dataset(vocab + list(columns), rows, list(labels))


def group_weights(groups: Sequence[Hashable]) -> list[float]:
    """Example weights giving each group the same total weight (n / (groups * group size))."""
    sizes: dict[Hashable, int] = {}
    for key in groups:
        sizes[key] = sizes.get(key, 0) + 1
    n = len(groups)
    return [n / (len(sizes) * sizes[key]) for key in groups]


def train(
    data: Dataset,
    weight: Sequence[float],
    *,
    epochs: int,
    learning_rate: float,
    l2: float,
    seed: int,
) -> tuple[list[float], float]:
    """Logistic regression, L2 on the weights an example touches, Adagrad, seeded order."""
    dim = len(data.vocab)
    w = [0.0] * dim
    g2 = [1e-8] * dim
    bias = 0.0
    bias_g2 = 1e-8
    order = list(range(len(data.rows)))
    rng = random.Random(seed)
    mul = operator.mul
    lr, sqrt, exp, fsum = learning_rate, math.sqrt, math.exp, math.fsum
    for _ in range(epochs):
        rng.shuffle(order)
        for j in order:
            idx, val = data.rows[j]
            z = bias + fsum(map(mul, map(w.__getitem__, idx), val))
            if z >= 0:
                p = 1.0 / (1.0 + exp(-z))
            else:
                e = exp(z)
                p = e / (1.0 + e)
            g = (p - data.labels[j]) * weight[j]
            bias_g2 += g * g
            bias -= lr * g / sqrt(bias_g2)
            for i, v in zip(idx, val):  # noqa: B905 (arrays of one row: same length)
                wi = w[i]
                gi = g * v + l2 * wi
                s = g2[i] + gi * gi
                g2[i] = s
                w[i] = wi - lr * gi / sqrt(s)
    return w, bias


def quantise(
    vocab: Sequence[str], weights: Sequence[float], max_bytes: int, prefix: str = ""
) -> tuple[list[tuple[str, int]], float]:
    """int16 weights sorted by feature, zeros dropped, the largest kept within `max_bytes`
    (each line counted as `prefix + key<TAB>weight<NEWLINE>`)."""
    top = max((abs(x) for x in weights), default=0.0)
    scale = top / QMAX if top else 1.0
    q = [(key, round(x / scale)) for key, x in zip(vocab, weights, strict=True)]
    q = [(key, v) for key, v in q if v != 0]
    size = sum(len(f"{prefix}{key}\t{v}\n".encode()) for key, v in q)
    if size > max_bytes:
        q.sort(key=lambda kv: (-abs(kv[1]), kv[0]))
        kept: list[tuple[str, int]] = []
        size = 0
        for key, v in q:
            size += len(f"{prefix}{key}\t{v}\n".encode())
            if size > max_bytes:
                break
            kept.append((key, v))
        q = kept
    q.sort()
    return q, scale
