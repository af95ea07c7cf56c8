"""The per-top-level-file budget: time, uncompressed bytes and member count."""

from __future__ import annotations

from time import monotonic

from .errors import ArchiveTooLarge, ExtractTimeout, TooManyMembers
from .model import Limits


class Budget:
    """What one top-level file may still spend; shared by all its nested members.

    The deadline is cooperative: extractors call :meth:`check_time` between
    pages, rows, paragraphs and archive chunks. PDF parsing additionally runs in
    a worker process that is killed at the deadline (see ``pdf.py``).
    """

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.started = monotonic()
        self.deadline = self.started + limits.seconds_per_file
        self.total_bytes = 0
        self.members = 0
        #: Set once a budget-wide limit is hit; the walk then stops everywhere.
        self.exhausted = False

    def remaining_seconds(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.deadline - monotonic())

    def check_time(self) -> None:
        """Raise :class:`ExtractTimeout` once the deadline has passed."""
        if monotonic() >= self.deadline:
            self.exhausted = True
            raise ExtractTimeout(
                f"extraction took longer than {self.limits.seconds_per_file:g} s; "
                "the rest of this file was skipped"
            )

    def take_bytes(self, count: int) -> None:
        """Account ``count`` uncompressed bytes; raise :class:`ArchiveTooLarge` past the limit."""
        self.total_bytes += count
        if self.total_bytes > self.limits.max_total_bytes:
            self.exhausted = True
            raise ArchiveTooLarge(
                f"uncompressed content exceeds {_size(self.limits.max_total_bytes)} "
                "in total; the rest was skipped"
            )

    def would_exceed_bytes(self, count: int) -> bool:
        """True if ``count`` more bytes would pass the total limit."""
        return self.total_bytes + count > self.limits.max_total_bytes

    def take_members(self, count: int) -> None:
        """Account ``count`` archive members; raise :class:`TooManyMembers` past the limit."""
        if self.members + count > self.limits.max_members:
            raise TooManyMembers(
                f"archive holds {count} members; the limit is {self.limits.max_members} "
                "per file (nested archives included)"
            )
        self.members += count


def _size(count: int) -> str:
    """A byte count as a short human-readable size."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= factor:
            return f"{count / factor:g} {unit}"
    return f"{count} bytes"


size_text = _size
