"""The normalised string, its map back to the original text, and how it is built.

Shared by the prose and code normalisations (:mod:`.normalise` is the entry point).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

PROSE = "prose"
PYTHON = "python"
C_LIKE = "c"


@dataclass(frozen=True)
class Normalised:
    """A normalised string with its map back to the original text.

    ``starts[i]`` and ``ends[i]`` give the original span ``[start, end)`` that
    normalised character ``i`` came from (several normalised characters may
    share one span, e.g. a code identifier abstracted to ``V``).
    """

    text: str
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    mode: str

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalised range ``[start, end)`` to a range of the original text."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"bad normalised range [{start}, {end}) of {len(self.text)}")
        return int(self.starts[start]), int(self.ends[end - 1])


def _from_pieces(pieces: list[str], starts: list[int], ends: list[int], mode: str) -> Normalised:
    """Join pieces; every character of ``pieces[i]`` maps onto ``[starts[i], ends[i])``."""
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    return Normalised(
        text="".join(pieces),
        starts=np.repeat(np.asarray(starts, dtype=np.int64), lengths),
        ends=np.repeat(np.asarray(ends, dtype=np.int64), lengths),
        mode=mode,
    )


class _Builder:
    """Accumulates normalised pieces and their original spans."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.runs: list[bool] = []

    def run(self, piece: str, start: int) -> None:
        """A piece whose characters map one to one onto ``text[start:start+len]``."""
        self.pieces.append(piece)
        self.starts.append(start)
        self.ends.append(start + 1)
        self.runs.append(True)

    def token(self, piece: str, start: int, end: int) -> None:
        """A piece whose characters all map onto the whole span ``[start, end)``."""
        self.pieces.append(piece)
        self.starts.append(start)
        self.ends.append(end)
        self.runs.append(False)

    def build(self, mode: str) -> Normalised:
        out = _from_pieces(self.pieces, self.starts, self.ends, mode)
        if any(self.runs):
            # Within a run, character j of the piece comes from start + j.
            lengths = np.fromiter(map(len, self.pieces), dtype=np.int64, count=len(self.pieces))
            first = np.cumsum(lengths) - lengths
            offset = np.arange(len(out.text), dtype=np.int64) - np.repeat(first, lengths)
            offset *= np.repeat(np.asarray(self.runs, dtype=bool), lengths)
            out.starts[:] += offset
            out.ends[:] += offset
        return out
