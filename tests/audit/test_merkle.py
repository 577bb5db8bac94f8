"""RFC 9162 Merkle tree hashing and proofs, against the published vectors of
github.com/transparency-dev/merkle (tests/audit/vectors/) and as properties."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.audit import merkle
from socialpolicy.audit.log import Frontier
from socialpolicy.errors import ProofError

VECTORS = json.loads(
    (Path(__file__).parent / "vectors" / "transparency_dev_merkle.json").read_text()
)
LEAVES = [merkle.leaf_hash(bytes.fromhex(x)) for x in VECTORS["leaf_inputs_hex"]]


def _b(text: str | None) -> bytes:
    return base64.b64decode(text or "")


@pytest.mark.parametrize("size", range(len(VECTORS["roots_hex"])))
def test_roots_of_the_reference_tree(size: int) -> None:
    expected = bytes.fromhex(VECTORS["roots_hex"][size])
    assert merkle.root(LEAVES[:size]) == expected
    assert Frontier.empty().extend(LEAVES[:size]).root() == expected


@pytest.mark.parametrize("case", VECTORS["inclusion"], ids=lambda c: c["file"][18:])
def test_inclusion_vectors(case: dict[str, Any]) -> None:
    proof = [_b(p) for p in case["proof"] or ()]
    args = (case["leafIdx"], case["treeSize"], _b(case["leafHash"]), proof, _b(case["root"]))
    if case["wantErr"]:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(*args)
    else:
        merkle.verify_inclusion(*args)
        # And our prover makes the very same proof.
        if case["treeSize"] <= len(LEAVES) and _b(case["leafHash"]) in LEAVES:
            ours = merkle.inclusion_proof(case["leafIdx"], LEAVES[: case["treeSize"]])
            assert ours == proof


@pytest.mark.parametrize("case", VECTORS["consistency"], ids=lambda c: c["file"][20:])
def test_consistency_vectors(case: dict[str, Any]) -> None:
    proof = [_b(p) for p in case["proof"] or ()]
    args = (case["size1"], case["size2"], proof, _b(case["root1"]), _b(case["root2"]))
    if case["wantErr"]:
        with pytest.raises(ProofError):
            merkle.verify_consistency(*args)
    else:
        merkle.verify_consistency(*args)
        if 0 < case["size1"] <= case["size2"] <= len(LEAVES):
            assert merkle.consistency_proof(case["size1"], LEAVES[: case["size2"]]) == proof


leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(
    lambda xs: [merkle.leaf_hash(x) for x in xs]
)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_every_inclusion_proof_verifies_and_any_change_breaks_it(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    i = data.draw(st.integers(0, n - 1))
    root = merkle.root(leaves)
    proof = merkle.inclusion_proof(i, leaves)
    merkle.verify_inclusion(i, n, leaves[i], proof, root)
    other = merkle.leaf_hash(b"forged")
    with pytest.raises(ProofError):
        merkle.verify_inclusion(i, n, other, proof, root)
    if n > 1:
        j = data.draw(st.integers(0, n - 1).filter(lambda j: j != i))
        if leaves[j] != leaves[i]:
            with pytest.raises(ProofError):
                merkle.verify_inclusion(j, n, leaves[i], proof, root)


@settings(max_examples=60, deadline=None)
@given(leaves=leaf_lists, data=st.data())
def test_every_consistency_proof_verifies_and_a_changed_prefix_breaks_it(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    m = data.draw(st.integers(1, n))
    proof = merkle.consistency_proof(m, leaves)
    r1, r2 = merkle.root(leaves[:m]), merkle.root(leaves)
    merkle.verify_consistency(m, n, proof, r1, r2)
    k = data.draw(st.integers(0, m - 1))
    changed = [*leaves[:k], merkle.leaf_hash(b"rewritten"), *leaves[k + 1 :]]
    if changed != leaves:
        with pytest.raises(ProofError):
            merkle.verify_consistency(m, n, proof, r1, merkle.root(changed))


@settings(max_examples=40, deadline=None)
@given(leaves=leaf_lists, cut=st.integers(0, 70))
def test_frontier_extends_like_the_whole_tree(leaves: list[bytes], cut: int) -> None:
    cut = min(cut, len(leaves))
    f = Frontier.empty().extend(leaves[:cut])
    f2 = Frontier.from_json(f.size, f.to_json()).extend(leaves[cut:])
    assert f2.root() == merkle.root(leaves) and f2.size == len(leaves)
