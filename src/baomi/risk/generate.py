"""Synthetic organisation activity with planted insiders (``baomi risk generate``).

The organisation (:mod:`baomi.risk.orgmodel`) works on Chinese working days
(weekends, public holidays and make-up days, :mod:`baomi.risk.calendar_cn`),
each person with their own hours and habits; benign heavy users (IT admins on
USB, sales mailing clients, job browsing without theft, night shifts, heavy OA
users, marketing sharing through cloud drives, ordinary leavers) sit beside
planted insiders of every scenario. Events are generated in blocks of days
with vectorised NumPy and streamed to disk, so tens of millions of events need
bounded memory. Output (``OUTDIR``):

* ``baomi`` layout: ``events-NNNNN.jsonl``, ``users.csv``, ``hr.csv``;
* ``cert`` layout: ``logon.csv``, ``device.csv``, ``file.csv``, ``http.csv``,
  ``email.csv``, ``psychometric.csv``, ``LDAP/YYYY-MM.csv`` (CERT r4.2);
* ``truth.json``: the planted insiders (user, scenario, channel, window) and
  the benign heavy users.

The same seed gives byte-identical output.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from baomi.risk.calendar_cn import is_workday
from baomi.risk.gen_writers import BaomiWriter, CertWriter, Pools, write_directory
from baomi.risk.loaders.common import Progress, no_progress
from baomi.risk.orgmodel import Organisation, Plant, build_organisation
from baomi.risk.schema import EventKind

KINDS: tuple[EventKind, ...] = tuple(EventKind)
K = {kind: np.int8(i) for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class GenerateParams:
    """What to generate."""

    users: int = 200
    days: int = 120
    seed: int = 0
    start: dt.date = dt.date(2024, 1, 1)
    formats: tuple[str, ...] = ("baomi",)
    chunk_days: int = 14
    insiders_per_scenario: int | None = None
    intensity: float = 1.0  # scales what the planted insiders do (0.3 = subtler insiders)


@dataclass
class GenerateResult:
    """What was written."""

    outdir: Path
    events: int
    truth: dict[str, object]


class _Block:
    """Events of one block of days as parallel arrays (local time in epoch seconds)."""

    def __init__(self) -> None:
        self.parts: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        t: np.ndarray,
        user: np.ndarray,
        kind: EventKind,
        target: np.ndarray,
        n: np.ndarray | int = 1,
        size: np.ndarray | int = 0,
    ) -> None:
        count = len(t)
        if count == 0:
            return
        self.parts.append(
            (
                t.astype(np.int64),
                user.astype(np.int32),
                np.full(count, K[kind], dtype=np.int8),
                target.astype(np.int32),
                np.broadcast_to(np.asarray(n, dtype=np.int32), (count,)).copy(),
                np.broadcast_to(np.asarray(size, dtype=np.int64), (count,)).copy(),
            )
        )

    def arrays(self) -> tuple[np.ndarray, ...]:
        if not self.parts:
            empty = (np.int64, np.int32, np.int8, np.int32, np.int32, np.int64)
            return tuple(np.zeros(0, dtype=d) for d in empty)
        cols = [np.concatenate([p[i] for p in self.parts]) for i in range(6)]
        order = np.lexsort((cols[3], cols[2], cols[1], cols[0]))
        return tuple(c[order] for c in cols)


def _epoch(day: dt.date) -> int:
    return int((day - dt.date(1970, 1, 1)).total_seconds())


class _Simulator:
    """Draws the events of an :class:`Organisation`, one block of days at a time."""

    def __init__(
        self, org: Organisation, pools: Pools, rng: np.random.Generator, intensity: float = 1.0
    ) -> None:
        self.org, self.pools, self.rng = org, pools, rng
        self.intensity = intensity
        self.workday = np.array([is_workday(org.day(d)) for d in range(org.days)])

    def block(self, first: int, last: int) -> tuple[np.ndarray, ...]:
        org, rng, h = self.org, self.rng, self.org.habits
        n, span = org.size, last - first
        day_idx = np.arange(first, last)
        employed = (day_idx[None, :] >= org.hire[:, None]) & (day_idx[None, :] <= org.last[:, None])
        work = self.workday[first:last][None, :]
        draw = rng.random((n, span))
        present = employed & np.where(work, draw < 0.96, draw < h["p_weekend"][:, None])
        evening = present & (rng.random((n, span)) < h["p_evening"][:, None])
        start = h["start_hour"][:, None] + rng.normal(0, 0.25, (n, span))
        length = h["day_hours"][:, None] + rng.normal(0, 0.5, (n, span))
        length = np.where(work, length, length * 0.5)
        base = np.array([_epoch(org.day(int(d))) for d in day_idx], dtype=np.int64)[None, :]
        session_start = base + (start * 3600).astype(np.int64)
        session_end = session_start + (length * 3600).astype(np.int64)
        block = _Block()
        uu, dd = np.nonzero(present)
        # Logon at the start of the day, logoff at the end, screen unlocks in between.
        block.add(session_start[uu, dd], uu, EventKind.LOGON, np.full(len(uu), -1))
        block.add(session_end[uu, dd], uu, EventKind.LOGOFF, np.full(len(uu), -1))
        eu, ed = np.nonzero(evening)
        evening_start = base[0, ed] + int(20.5 * 3600) + rng.integers(0, 3600, len(eu))
        block.add(evening_start, eu, EventKind.LOGON, np.full(len(eu), -1))
        block.add(
            evening_start + rng.integers(1800, 9000, len(eu)),
            eu,
            EventKind.LOGOFF,
            np.full(len(eu), -1),
        )
        scale = np.where(work, 1.0, 0.4)

        def routine(
            rate: np.ndarray, kind: EventKind, pool: str, sizes: tuple[float, float] = (0, 0)
        ) -> None:
            counts = rng.poisson(rate[:, None] * scale) * present
            u, d = np.nonzero(counts)
            reps = counts[u, d]
            u, d = np.repeat(u, reps), np.repeat(d, reps)
            t = session_start[u, d] + (
                rng.random(len(u)) * (session_end[u, d] - session_start[u, d])
            ).astype(np.int64)
            late = evening[u, d] & (rng.random(len(u)) < 0.3)
            t = np.where(late, base[0, d] + int(20.6 * 3600) + rng.integers(0, 7200, len(u)), t)
            size = rng.lognormal(sizes[0], sizes[1], len(u)).astype(np.int64) if sizes[0] else 0
            block.add(t, u, kind, self.pools.draw(rng, pool, len(u), u), 1, size)

        routine(h["http"], EventKind.HTTP_VISIT, "web")
        routine(h["oa"], EventKind.REQUEST, "oa")
        routine(h["file_open"], EventKind.FILE_OPEN, "files")
        routine(h["file_write"], EventKind.FILE_WRITE, "files", (11, 1.2))
        routine(h["delete"], EventKind.FILE_DELETE, "files")
        routine(h["cloud_visit"], EventKind.HTTP_VISIT, "cloud_visit")
        routine(h["cloud_upload"], EventKind.HTTP_UPLOAD, "cloud_upload", (13, 1.0))
        routine(h["job"], EventKind.HTTP_VISIT, "job")
        self._usb(block, present, session_start, session_end)
        self._mail(block, present, session_start, session_end, scale)
        self._print(block, present, session_start, session_end)
        self._job_search(block, first, last, present, session_start, session_end)
        for plant in org.plants:
            self._insider(block, plant, first, last, base[0])
        return block.arrays()

    def _volume(self, low: int, high: int) -> int:
        """How many events an insider adds: a draw from ``[low, high)`` scaled by the intensity."""
        return max(1, round(int(self.rng.integers(low, high)) * self.intensity))

    def _times(self, u: np.ndarray, d: np.ndarray, s0: np.ndarray, s1: np.ndarray) -> np.ndarray:
        return s0[u, d] + (self.rng.random(len(u)) * (s1[u, d] - s0[u, d])).astype(np.int64)

    def _usb(self, block: _Block, present: np.ndarray, s0: np.ndarray, s1: np.ndarray) -> None:
        h, rng = self.org.habits, self.rng
        connects = rng.poisson(h["usb"][:, None] * present)
        u, d = np.nonzero(connects)
        reps = connects[u, d]
        u, d = np.repeat(u, reps), np.repeat(d, reps)
        t = self._times(u, d, s0, s1)
        block.add(t, u, EventKind.DEVICE_CONNECT, np.full(len(u), -1))
        block.add(
            t + rng.integers(300, 5400, len(u)), u, EventKind.DEVICE_DISCONNECT, np.full(len(u), -1)
        )
        copies = rng.poisson(h["usb_copy"][u])
        cu, ct = (
            np.repeat(u, copies),
            np.repeat(t, copies) + rng.integers(20, 290, int(copies.sum())),
        )
        block.add(
            ct,
            cu,
            EventKind.FILE_COPY,
            self.pools.draw(rng, "files", len(cu), cu),
            1,
            rng.lognormal(11, 1.3, len(cu)).astype(np.int64),
        )

    def _mail(
        self, block: _Block, present: np.ndarray, s0: np.ndarray, s1: np.ndarray, scale: np.ndarray
    ) -> None:
        h, rng = self.org.habits, self.rng
        for rate, pool, attach in (
            (h["mail_internal"], "mail_internal", 0.3),
            (h["mail_external"], "mail_external", 1.1),
            (h["mail_personal"], "mail_personal", 1.0),
        ):
            counts = rng.poisson(rate[:, None] * scale) * present
            u, d = np.nonzero(counts)
            reps = counts[u, d]
            u, d = np.repeat(u, reps), np.repeat(d, reps)
            attachments = rng.poisson(attach, len(u))
            size = rng.lognormal(9.5, 0.8, len(u)).astype(np.int64) + attachments * rng.lognormal(
                12, 1.0, len(u)
            ).astype(np.int64)
            block.add(
                self._times(u, d, s0, s1),
                u,
                EventKind.MAIL_SEND,
                self.pools.draw(rng, pool, len(u), u),
                attachments,
                size,
            )

    def _print(self, block: _Block, present: np.ndarray, s0: np.ndarray, s1: np.ndarray) -> None:
        rng = self.rng
        counts = rng.poisson(self.org.habits["print"][:, None] * present)
        u, d = np.nonzero(counts)
        reps = counts[u, d]
        u, d = np.repeat(u, reps), np.repeat(d, reps)
        block.add(
            self._times(u, d, s0, s1),
            u,
            EventKind.PRINT,
            self.pools.draw(rng, "files", len(u), u),
            rng.poisson(4, len(u)) + 1,
        )

    def _job_search(
        self,
        block: _Block,
        first: int,
        last: int,
        present: np.ndarray,
        s0: np.ndarray,
        s1: np.ndarray,
    ) -> None:
        rng = self.rng
        for user, (lo, hi) in self.org.job_search.items():
            for day in range(max(lo, first), min(hi + 1, last)):
                if not present[user, day - first]:
                    continue
                k = int(rng.poisson(12))
                u, d = np.full(k, user), np.full(k, day - first)
                block.add(
                    self._times(u, d, s0, s1),
                    u,
                    EventKind.HTTP_VISIT,
                    self.pools.draw(rng, "job", k, u),
                )

    def _insider(
        self, block: _Block, plant: Plant, first: int, last: int, base: np.ndarray
    ) -> None:
        rng, org = self.rng, self.org
        user = plant.user
        lo, hi = max(plant.first, first), min(plant.last, last - 1)
        for day in range(lo, hi + 1):
            if plant.channel != "night" and not self.workday[day]:
                continue  # thieves keep office hours, except the night owl
            day0 = int(base[day - first])
            office = day0 + int(org.habits["start_hour"][user] * 3600)

            def at(
                k: int, hours: float, begin: int = office, user: int = user
            ) -> tuple[np.ndarray, np.ndarray]:
                return begin + np.sort(rng.integers(0, int(hours * 3600), k)), np.full(k, user)

            if plant.channel == "usb":
                t, u = at(2, 8)
                block.add(t, u, EventKind.DEVICE_CONNECT, np.full(2, -1))
                block.add(t + 1800, u, EventKind.DEVICE_DISCONNECT, np.full(2, -1))
                k = self._volume(15, 35)
                ct = np.repeat(t, [k // 2, k - k // 2]) + rng.integers(10, 1700, k)
                block.add(
                    ct,
                    np.full(k, user),
                    EventKind.FILE_COPY,
                    self.pools.draw(rng, "sensitive", k, np.full(k, user)),
                    1,
                    rng.lognormal(13, 1.0, k).astype(np.int64),
                )
            elif plant.channel == "cloud":
                k = self._volume(15, 40)
                t, u = at(k, 9)
                block.add(
                    t,
                    u,
                    EventKind.HTTP_UPLOAD,
                    self.pools.draw(rng, "cloud_upload", k, u),
                    1,
                    rng.lognormal(15, 1.0, k).astype(np.int64),
                )
            elif plant.channel == "mail":
                k = self._volume(8, 16)
                t, u = at(k, 8)
                block.add(
                    t,
                    u,
                    EventKind.MAIL_SEND,
                    self.pools.draw(rng, "mail_personal", k, u),
                    rng.integers(2, 6, k),
                    rng.lognormal(15, 0.8, k).astype(np.int64),
                )
            elif plant.channel == "oa":
                k = self._volume(2500, 6000)
                t, u = at(k, 3, office + 3600)
                block.add(t, u, EventKind.REQUEST, self.pools.draw(rng, "oa", k, u))
            elif plant.channel == "night":
                k = self._volume(60, 140)
                t, u = at(k, 4, day0 + 22 * 3600)
                block.add(t[:1], u[:1], EventKind.LOGON, np.full(1, -1))
                block.add(t, u, EventKind.FILE_OPEN, self.pools.draw(rng, "sensitive", k, u))
                m = self._volume(60, 120)
                t2, u2 = at(m, 4, day0 + 22 * 3600)
                block.add(t2, u2, EventKind.REQUEST, self.pools.draw(rng, "oa", m, u2))
            if plant.scenario == "departing_user_exfiltration":
                self._collect_and_clean(block, plant, day, office)

    def _collect_and_clean(self, block: _Block, plant: Plant, day: int, office: int) -> None:
        rng, user = self.rng, plant.user
        if day < plant.first + 4:  # collect: open and pull many documents first
            k = self._volume(40, 80)
            t = office + np.sort(rng.integers(0, 8 * 3600, k))
            block.add(
                t,
                np.full(k, user),
                EventKind.FILE_OPEN,
                self.pools.draw(rng, "sensitive", k, np.full(k, user)),
            )
        if day > plant.last - 2:  # clean up: delete the traces
            k = self._volume(40, 90)
            t = office + 6 * 3600 + np.sort(rng.integers(0, 2 * 3600, k))
            block.add(
                t,
                np.full(k, user),
                EventKind.FILE_DELETE,
                self.pools.draw(rng, "sensitive", k, np.full(k, user)),
            )


def truth_of(org: Organisation, params: GenerateParams) -> dict[str, object]:
    """The ground truth written to ``truth.json``."""
    return {
        "seed": params.seed,
        "intensity": params.intensity,
        "users": org.size,
        "days": org.days,
        "start": org.start.isoformat(),
        "end": org.day(org.days - 1).isoformat(),
        "insiders": [
            {
                "user": org.ids[p.user],
                "scenario": p.scenario,
                "channel": p.channel,
                "window": [org.day(p.first).isoformat(), org.day(p.last).isoformat()],
                **(
                    {"last_working_day": org.day(int(org.last[p.user])).isoformat()}
                    if org.last[p.user] < org.days
                    else {}
                ),
            }
            for p in org.plants
        ],
        "benign": {kind: [org.ids[i] for i in users] for kind, users in org.benign.items()},
    }


def generate(
    outdir: Path | str, params: GenerateParams | None = None, progress: Progress = no_progress
) -> GenerateResult:
    """Generate an organisation's activity into ``outdir`` (created if missing)."""
    params = params or GenerateParams()
    if params.users < 10 or params.days < 30:
        raise ValueError("need at least 10 users and 30 days")
    if not 0 < params.intensity <= 10:
        raise ValueError("intensity must be in (0, 10]")
    for fmt in params.formats:
        if fmt not in ("baomi", "cert"):
            raise ValueError(f"unknown format {fmt!r}")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    # Files of an earlier run would mix with this one's (a loader reads every events-*.jsonl).
    for stale in [*outdir.glob("events-*.jsonl"), *outdir.glob("LDAP/*.csv")]:
        stale.unlink()
    rng = np.random.default_rng(params.seed)
    workday = np.array(
        [is_workday(params.start + dt.timedelta(days=d)) for d in range(params.days)]
    )
    org = build_organisation(
        rng, params.users, params.days, params.start, params.insiders_per_scenario, workday
    )
    pools = Pools.build(org, np.random.default_rng(params.seed + 1))
    sim = _Simulator(org, pools, rng, params.intensity)
    writers: list[BaomiWriter | CertWriter] = []
    if "baomi" in params.formats:
        writers.append(BaomiWriter(outdir, org, pools))
    if "cert" in params.formats:
        writers.append(CertWriter(outdir, org, pools, seed=params.seed))
    total = 0
    try:
        for first in range(0, params.days, params.chunk_days):
            last = min(params.days, first + params.chunk_days)
            arrays = sim.block(first, last)
            for writer in writers:
                writer.write(arrays)
            total += len(arrays[0])
            progress(f"days {last}/{params.days}: {total:,} events")
    finally:
        for writer in writers:
            writer.close()
    write_directory(outdir, org, params.formats)
    truth = truth_of(org, params)
    (outdir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return GenerateResult(outdir=outdir, events=total, truth=truth)
