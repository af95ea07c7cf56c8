"""Random Chinese/English filler for the fingerprint tests (no stored fixtures)."""

from __future__ import annotations

import random

# 600 common Chinese characters and 300 English words: large enough that two
# independent random texts share no run anywhere near the noise threshold.
CJK = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 20000, 33))[:600]
WORDS = [
    "".join(random.Random(i).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3 + i % 6))
    for i in range(300)
]
PUNCT = ["，", "。", "、", ",", ".", " ", "\n", "；"]


def filler(rng: random.Random, length: int) -> str:
    """Mixed Chinese and English text of roughly ``length`` characters."""
    out: list[str] = []
    size = 0
    while size < length:
        if rng.random() < 0.6:
            piece = "".join(rng.choice(CJK) for _ in range(rng.randint(3, 12)))
        else:
            piece = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6)))
        piece += rng.choice(PUNCT)
        out.append(piece)
        size += len(piece)
    return "".join(out)
