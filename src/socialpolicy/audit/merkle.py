"""The Merkle tree over the log's records: RFC 9162 (section 2.1) hashing and proofs.

`leaf_hash(d) = SHA-256(0x00 || d)`, `node_hash(l, r) = SHA-256(0x01 || l || r)`; the root of
an empty tree is `SHA-256("")`. Inclusion proofs show that a leaf is at an index of a tree of
a given size; consistency proofs show that a tree of size m is a prefix of a tree of size n.
Verification needs only the proof, the leaf hash and the roots: no access to the log.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from socialpolicy.errors import Location, ProofError

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) from leaf hashes, in one pass with a stack of complete subtrees."""
    if not leaves:
        return EMPTY_ROOT
    # stack holds (height, hash) of complete subtrees, left to right, heights decreasing.
    stack: list[tuple[int, bytes]] = []
    for h in leaves:
        height, node = 0, h
        while stack and stack[-1][0] == height:
            _, left = stack.pop()
            node = node_hash(left, node)
            height += 1
        stack.append((height, node))
    # The rightmost subtrees hang off the right edge: fold them from the right.
    _, acc = stack.pop()
    while stack:
        _, left = stack.pop()
        acc = node_hash(left, acc)
    return acc


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 2.1.3.1: the audit path of leaf `index` in tree `leaves`."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ProofError(f"leaf index {index} is not in a tree of size {n}")
    return _path(index, leaves, 0, n)


def _path(m: int, leaves: Sequence[bytes], lo: int, hi: int) -> list[bytes]:
    n = hi - lo
    if n <= 1:
        return []
    k = _split(n)
    if m < k:
        return [*_path(m, leaves, lo, lo + k), root(leaves[lo + k : hi])]
    return [*_path(m - k, leaves, lo + k, hi), root(leaves[lo : lo + k])]


def consistency_proof(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 2.1.4.1: tree `leaves[:first]` is a prefix of `leaves`."""
    n = len(leaves)
    if not 0 < first <= n:
        raise ProofError(f"no consistency proof from size {first} to size {n}")
    if first == n:
        return []
    return _subproof(first, leaves, 0, n, True)


def _subproof(m: int, leaves: Sequence[bytes], lo: int, hi: int, whole: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if whole else [root(leaves[lo:hi])]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves, lo, lo + k, whole), root(leaves[lo + k : hi])]
    return [*_subproof(m - k, leaves, lo + k, hi, False), root(leaves[lo : lo + k])]


def root_from_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes]) -> bytes:
    """The root the inclusion proof leads to (RFC 9162 2.1.3.2); ProofError when malformed."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    _check_hash(leaf)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        _check_hash(p)
        if sn == 0:
            raise ProofError("the inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(index: int, size: int, leaf: bytes, proof: Sequence[bytes], at: bytes) -> None:
    """Raise ProofError unless `leaf` is at `index` of the tree of `size` whose root is `at`."""
    _check_hash(at)
    if root_from_inclusion(index, size, leaf, proof) != at:
        raise ProofError(
            f"the inclusion proof of leaf {index} does not lead to the root of size {size}",
            Location(record=str(index + 1)),
        )


def root_from_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes
) -> bytes:
    """The root of size `second` the proof leads to from `first_root` (RFC 9162 2.1.4.2)."""
    if second < first:
        raise ProofError(f"the second tree size ({second}) is smaller than the first ({first})")
    if first == 0:
        raise ProofError("a consistency proof from an empty tree proves nothing")
    if first == second:
        if proof:
            raise ProofError("equal tree sizes need an empty consistency proof")
        return first_root
    if not proof:
        raise ProofError("the consistency proof is empty")
    for p in proof:
        _check_hash(p)
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the first root is the proof's first node
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("the consistency proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the consistency proof is shorter than the tree is deep")
    if fr != first_root:
        raise ProofError(f"the consistency proof does not lead to the root of size {first}")
    return sr


def verify_consistency(
    first: int, second: int, proof: Sequence[bytes], first_root: bytes, second_root: bytes
) -> None:
    """Raise ProofError unless the tree of size `first` is a prefix of the one of `second`."""
    if root_from_consistency(first, second, proof, first_root) != second_root:
        raise ProofError(f"the consistency proof does not lead to the root of size {second}")


def _check_hash(h: bytes) -> None:
    if len(h) != 32:
        raise ProofError(f"a proof node is {len(h)} bytes, not the 32 of a SHA-256 hash")
