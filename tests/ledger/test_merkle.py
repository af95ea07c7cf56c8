"""RFC 9162 hashing and proofs against the RFC 6962 vectors of transparency-dev/merkle."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.ledger import merkle

# Leaves, roots and proofs from transparency-dev/merkle (testonly/constants.go and
# proof/verify_test.go), the RFC 6962 reference vectors.
LEAVES = [
    bytes.fromhex(h)
    for h in [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
]
ROOTS = [
    bytes.fromhex(h)
    for h in [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ]
]
LEVEL0 = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
]


def h(x: str) -> bytes:
    return bytes.fromhex(x)


# (leaf number counted from 1, tree size, proof)
INCLUSION = [
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]

SUBTREE = merkle.subtree_from_leaf_hashes([merkle.leaf_hash(x) for x in LEAVES])


def test_leaf_hashes_match_the_vectors() -> None:
    assert [merkle.leaf_hash(x).hex() for x in LEAVES] == LEVEL0


@pytest.mark.parametrize("size", range(9))
def test_roots_match_the_vectors(size: int) -> None:
    assert merkle.root(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_proofs_match_and_verify(leaf: int, size: int, proof: list[str]) -> None:
    expected = [h(p) for p in proof]
    got = merkle.inclusion_proof(leaf - 1, size, SUBTREE)
    assert got == expected
    merkle.verify_inclusion(merkle.leaf_hash(LEAVES[leaf - 1]), leaf - 1, size, got, ROOTS[size])


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_consistency_proofs_match_and_verify(size1: int, size2: int, proof: list[str]) -> None:
    expected = [h(p) for p in proof]
    got = merkle.consistency_proof(size1, size2, SUBTREE)
    assert got == expected
    merkle.verify_consistency(size1, size2, got, ROOTS[size1], ROOTS[size2])


def _corrupt_inclusion(index: int, size: int, proof: list[bytes], root: bytes, leaf: bytes):
    some = h("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [
        (index - 1, size, root, leaf, proof),
        (index + 1, size, root, leaf, proof),
        (index ^ 2, size, root, leaf, proof),
        (index, size * 2, root, leaf, proof),
        (index, size // 2, root, leaf, proof),
        (index, size, root, hashlib.sha256(b"WrongLeaf").digest(), proof),
        (index, size, merkle.EMPTY_ROOT, leaf, proof),
        (index, size, some, leaf, proof),
        (index, size, root, leaf, [*proof, root]),
        (index, size, root, leaf, [root, *proof]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((index, size, root, leaf, bad))
    if proof:
        probes.append((index, size, root, leaf, proof[:-1]))
    if len(proof) > 1:
        probes.append((index, size, root, leaf, [proof[0], some, *proof[1:]]))
    return probes


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_corrupted_inclusion_proofs_fail(leaf: int, size: int, proof: list[str]) -> None:
    nodes = [h(p) for p in proof]
    lh = merkle.leaf_hash(LEAVES[leaf - 1])
    for idx, sz, root, lf, pr in _corrupt_inclusion(leaf - 1, size, nodes, ROOTS[size], lh):
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(lf, idx, sz, pr, root)


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY[1:])
def test_corrupted_consistency_proofs_fail(size1: int, size2: int, proof: list[str]) -> None:
    nodes = [h(p) for p in proof]
    r1, r2 = ROOTS[size1], ROOTS[size2]
    probes = [
        (size1 - 1, size2, r1, r2, nodes),
        (size1 + 1, size2, r1, r2, nodes),
        (size1 ^ 2, size2, r1, r2, nodes),
        (size1, size2 * 2, r1, r2, nodes),
        (size1, size2 // 2, r1, r2, nodes),
        (size1, size2, hashlib.sha256(b"WrongRoot").digest(), r2, nodes),
        (size1, size2, r1, hashlib.sha256(b"WrongRoot").digest(), nodes),
        (size1, size2, r2, r1, nodes),
        (size1, size2, r1, r2, []),
        (size1, size2, r1, r2, [*nodes, r1]),
        (size1, size2, r1, r2, [*nodes, r2]),
        (size1, size2, r1, r2, [r1, *nodes]),
        (size1, size2, r1, r2, [r2, *nodes]),
        (size1, size2, r1, r2, [nodes[0], *nodes]),
        (size1, size2, r1, r2, nodes[:-1]),
    ]
    for i in range(len(nodes)):
        bad = list(nodes)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((size1, size2, r1, r2, bad))
    for s1, s2, a, b, pr in probes:
        with pytest.raises((merkle.ProofError, ValueError)):
            merkle.verify_consistency(s1, s2, pr, a, b)


def test_trivial_consistency_cases() -> None:
    r1, r2 = hashlib.sha256(b"1").digest(), hashlib.sha256(b"2").digest()
    merkle.verify_consistency(0, 0, [], r1, r1)
    merkle.verify_consistency(0, 1, [], r1, r2)
    merkle.verify_consistency(1, 1, [], r2, r2)
    for s1, s2, a, b, pr in [
        (0, 0, r1, r2, []),
        (1, 1, r1, r2, []),
        (1, 0, r1, r2, []),
        (2, 1, r1, r2, []),
        (1, 2, r1, r2, []),
        (0, 0, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [merkle.EMPTY_ROOT]),
        (0, 1, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [merkle.EMPTY_ROOT]),
        (1, 1, merkle.EMPTY_ROOT, merkle.EMPTY_ROOT, [merkle.EMPTY_ROOT]),
    ]:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(s1, s2, pr, a, b)


def _leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(4, "big")) for i in range(n)]


def _flip(proof: list[bytes], item: int, bit: int) -> list[bytes]:
    out = list(proof)
    node = bytearray(out[item])
    node[bit // 8] ^= 1 << (bit % 8)
    out[item] = bytes(node)
    return out


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n - 1))), st.data()
)
def test_every_inclusion_proof_verifies_and_any_bit_flip_fails(nm, data) -> None:
    size, index = nm
    leaves = _leaves(size)
    subtree = merkle.subtree_from_leaf_hashes(leaves)
    root = merkle.root_from_leaf_hashes(leaves)
    proof = merkle.inclusion_proof(index, size, subtree)
    merkle.verify_inclusion(leaves[index], index, size, proof, root)
    if proof:
        item = data.draw(st.integers(0, len(proof) - 1))
        bit = data.draw(st.integers(0, 255))
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(leaves[index], index, size, _flip(proof, item, bit), root)
    bit = data.draw(st.integers(0, 255))
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(_flip([leaves[index]], 0, bit)[0], index, size, proof, root)
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(leaves[index], index, size, proof, _flip([root], 0, bit)[0])


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(1, n), st.just(n))), st.data())
def test_every_consistency_proof_verifies_and_any_bit_flip_fails(mn, data) -> None:
    old, new = mn
    leaves = _leaves(new)
    subtree = merkle.subtree_from_leaf_hashes(leaves)
    r1, r2 = merkle.root_from_leaf_hashes(leaves[:old]), merkle.root_from_leaf_hashes(leaves)
    proof = merkle.consistency_proof(old, new, subtree)
    merkle.verify_consistency(old, new, proof, r1, r2)
    bit = data.draw(st.integers(0, 255))
    if proof:
        item = data.draw(st.integers(0, len(proof) - 1))
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(old, new, _flip(proof, item, bit), r1, r2)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(old, new, proof, _flip([r1], 0, bit)[0], r2)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(old, new, proof, r1, _flip([r2], 0, bit)[0])


@given(st.integers(0, 200))
def test_compact_range_and_range_hash_agree_with_mth(size: int) -> None:
    leaves = _leaves(size)
    compact = merkle.CompactRange()
    nodes: dict[tuple[int, int], bytes] = {}
    for leaf in leaves:
        for level, index, node in compact.append(leaf):
            nodes[(level, index)] = node
    assert compact.root() == merkle.root_from_leaf_hashes(leaves)
    if size:
        assert merkle.range_hash(0, size, lambda lv, ix: nodes[(lv, ix)]) == compact.root()
    levels = merkle.compact_levels(size)
    assert merkle.CompactRange(size, [nodes[k] for k in levels]).root() == compact.root()


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 200).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))
    )
)
def test_batch_inclusion_proofs_equal_single_proofs(args) -> None:
    size, a, b = args
    first, last = min(a, b), max(a, b)
    subtree = merkle.subtree_from_leaf_hashes(_leaves(size))
    expected = [merkle.inclusion_proof(i, size, subtree) for i in range(first, last)]
    assert merkle.inclusion_proofs(first, last, size, subtree) == expected


def test_every_single_bit_flip_fails_in_small_trees() -> None:
    """Exhaustively: every proof of every tree up to 9 leaves, every bit of every node."""
    for size in range(1, 10):
        leaves = _leaves(size)
        subtree = merkle.subtree_from_leaf_hashes(leaves)
        roots = [merkle.root_from_leaf_hashes(leaves[:n]) for n in range(size + 1)]
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, subtree)
            for item in range(len(proof)):
                for bit in range(256):
                    with pytest.raises(merkle.ProofError):
                        merkle.verify_inclusion(
                            leaves[index], index, size, _flip(proof, item, bit), roots[size]
                        )
        for old in range(1, size):
            proof = merkle.consistency_proof(old, size, subtree)
            for item in range(len(proof)):
                for bit in range(256):
                    with pytest.raises(merkle.ProofError):
                        merkle.verify_consistency(
                            old, size, _flip(proof, item, bit), roots[old], roots[size]
                        )
