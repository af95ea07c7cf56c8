"""RFC 9162 Merkle tree hashing, inclusion and consistency proofs.

Storage-free: proof construction takes a ``subtree`` callable returning the
Merkle tree hash of the leaves ``[start, end)``, so the same code serves an
in-memory list, a database or tile files. Verification follows RFC 9162
§2.1.3.2 and §2.1.4.2 literally.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

SubtreeHash = Callable[[int, int], bytes]
"""``subtree(start, end)`` → MTH of the leaves ``[start, end)``; ``end - start >= 1``."""


class ProofError(ValueError):
    """A Merkle proof does not verify; ``str()`` says why."""


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 leaf hash: ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves (iterative, O(n) hashes, O(log n) memory)."""
    if not hashes:
        return EMPTY_ROOT
    # A stack of (size, hash) of perfect subtrees, merged as in a binary counter;
    # the right edge is then folded from the right, which yields RFC 9162's MTH.
    stack: list[tuple[int, bytes]] = []
    for h in hashes:
        size, node = 1, h
        while stack and stack[-1][0] == size:
            _, left = stack.pop()
            node = node_hash(left, node)
            size *= 2
        stack.append((size, node))
    size, node = stack.pop()
    while stack:
        _, left = stack.pop()
        node = node_hash(left, node)
    return node


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH over raw leaf data (each leaf is hashed with :func:`leaf_hash`)."""
    return root_from_leaf_hashes([leaf_hash(leaf) for leaf in leaves])


def subtree_from_leaf_hashes(hashes: Sequence[bytes]) -> SubtreeHash:
    """A ``subtree`` callable over an in-memory list of leaf hashes."""

    def subtree(start: int, end: int) -> bytes:
        return root_from_leaf_hashes(hashes[start:end])

    return subtree


def range_hash(start: int, end: int, perfect: Callable[[int, int], bytes]) -> bytes:
    """MTH of ``[start, end)`` from perfect subtrees only.

    ``perfect(level, index)`` returns the hash of the aligned perfect subtree
    covering leaves ``[index << level, (index + 1) << level)``. ``start`` must
    be aligned as RFC 9162 proofs always ask (a multiple of the range's split).
    """
    n = end - start
    if n & (n - 1) == 0 and start % n == 0:
        return perfect(n.bit_length() - 1, start // n)
    k = split_point(n)
    return node_hash(range_hash(start, start + k, perfect), range_hash(start + k, end, perfect))


def inclusion_proof(index: int, size: int, subtree: SubtreeHash) -> list[bytes]:
    """RFC 9162 §2.1.3.1 audit path of leaf ``index`` in the tree of ``size`` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"index {index} is not below tree size {size}")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root, collecting the sibling of each step; the path
    # is listed leaf → root, so it is reversed at the end.
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start = start + k
    path.reverse()
    return path


def inclusion_proofs(first: int, last: int, size: int, subtree: SubtreeHash) -> list[list[bytes]]:
    """Audit paths of the consecutive leaves ``first .. last - 1`` in the tree of ``size``.

    Equal to ``[inclusion_proof(i, size, subtree) for i in range(first, last)]``
    but walks the tree once, so siblings shared by many leaves (all of them
    near the root) are looked up once: receipts for a whole batch cost O(batch)
    rather than O(batch · log n) lookups.
    """
    if not 0 <= first <= last <= size:
        raise ValueError(f"leaves {first}..{last} are not within tree size {size}")
    proofs: list[list[bytes]] = []
    path: list[bytes] = []  # siblings from the root down

    def walk(start: int, end: int) -> None:
        if end - start == 1:
            proofs.append(path[::-1])
            return
        mid = start + split_point(end - start)
        if first < mid:
            path.append(subtree(mid, end))
            walk(start, mid)
            path.pop()
        if last > mid:
            path.append(subtree(start, mid))
            walk(mid, end)
            path.pop()

    if first < last:
        walk(0, size)
    return proofs


def consistency_proof(old_size: int, new_size: int, subtree: SubtreeHash) -> list[bytes]:
    """RFC 9162 §2.1.4.1 consistency proof from ``old_size`` to ``new_size``."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"old size {old_size} is not between 0 and new size {new_size}")
    if old_size == 0 or old_size == new_size:
        return []
    proof: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(subtree(start, end))
    proof.reverse()
    return proof


def _check_hashes(proof: Sequence[bytes]) -> None:
    for node in proof:
        if len(node) != HASH_SIZE:
            raise ProofError(f"proof node of {len(node)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root that leaf hash ``leaf`` at ``index`` and ``proof`` imply (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size:
        raise ProofError(f"index {index} is not below tree size {size}")
    if len(leaf) != HASH_SIZE:
        raise ProofError("leaf hash has the wrong length")
    _check_hashes(proof)
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> None:
    """Raise :class:`ProofError` unless ``proof`` shows leaf hash ``leaf`` at ``index``."""
    if root_from_inclusion_proof(leaf, index, size, proof) != expected_root:
        raise ProofError("inclusion proof does not reach the root")


def verify_consistency(
    old_size: int,
    new_size: int,
    proof: Sequence[bytes],
    old_root: bytes,
    new_root: bytes,
) -> None:
    """Raise :class:`ProofError` unless ``proof`` shows the new tree extends the old one.

    RFC 9162 §2.1.4.2; the trivial cases (old size 0, equal sizes) need an
    empty proof (and equal roots when the sizes are equal).
    """
    if not 0 <= old_size <= new_size:
        raise ProofError(f"old size {old_size} is not between 0 and new size {new_size}")
    if old_size == new_size:
        if proof:
            raise ProofError("proof must be empty for equal sizes")
        if old_root != new_root:
            raise ProofError("roots differ for the same tree size")
        return
    if old_size == 0:
        if proof:
            raise ProofError("proof must be empty from the empty tree")
        return
    if not proof:
        raise ProofError("consistency proof is empty")
    _check_hashes(proof)
    nodes = list(proof)
    if old_size & (old_size - 1) == 0:
        nodes.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for c in nodes[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != old_root:
        raise ProofError("consistency proof does not reach the old root")
    if sr != new_root:
        raise ProofError("consistency proof does not reach the new root")


class CompactRange:
    """The right edge of a growing tree: perfect subtree roots covering ``[0, size)``.

    Appending a leaf hash returns the perfect nodes it completes, so a store
    can persist every node once and never update it.
    """

    def __init__(self, size: int = 0, nodes: Sequence[bytes] = ()) -> None:
        """Start from ``size`` leaves whose decomposition into perfect subtrees
        (largest first, as :func:`compact_levels` lists them) is ``nodes``."""
        if len(nodes) != bin(size).count("1"):
            raise ValueError("compact range does not match the tree size")
        self.size = size
        self.nodes = list(nodes)

    def append(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add one leaf hash; return the new perfect nodes as ``(level, index, hash)``."""
        created = [(0, self.size, leaf)]
        node, level, index = leaf, 0, self.size
        while (self.size >> level) & 1:
            node = node_hash(self.nodes.pop(), node)
            level += 1
            index >>= 1
            created.append((level, index, node))
        self.nodes.append(node)
        self.size += 1
        return created

    def root(self) -> bytes:
        """MTH of the leaves so far."""
        if not self.nodes:
            return EMPTY_ROOT
        node = self.nodes[-1]
        for left in reversed(self.nodes[:-1]):
            node = node_hash(left, node)
        return node


def compact_levels(size: int) -> list[tuple[int, int]]:
    """``(level, index)`` of the perfect subtrees covering ``[0, size)``, largest first."""
    out: list[tuple[int, int]] = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            out.append((level, start >> level))
            start += 1 << level
    return out
