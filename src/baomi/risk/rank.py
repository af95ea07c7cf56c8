"""Ranking: scenario findings plus an unsupervised score → users with reasons.

:func:`analyse` runs the whole pipeline on a store (features → baselines →
detectors → IsolationForest) and :func:`rank_users` returns the ranked list
the CLI and the web show. :func:`user_timeline` and :func:`user_daily` give
the events and daily features behind a user's reasons.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.ensemble import IsolationForest

from baomi.risk.baseline import peer_groups
from baomi.risk.features import FeatureMatrix, FeatureParams, daily_features
from baomi.risk.reasons import UNSUPERVISED as UNSUPERVISED  # re-exported
from baomi.risk.reasons import Explanation, unusual_profile_reason
from baomi.risk.scenarios import Departure, DetectionContext, DetectorParams, Finding, detect_all
from baomi.risk.schema import HrKind
from baomi.risk.store import RiskStore, utc_to_local_sql

MIN_USERS_FOR_MODEL_REASON = 20

# Features the IsolationForest sees (per user: typical and peak weekly totals).
MODEL_FEATURES = (
    "after_hours_logons",
    "off_day_events",
    "usb_connects",
    "removable_files",
    "removable_sensitive_files",
    "cloud_uploads",
    "cloud_visits",
    "personal_mail_attachments",
    "external_mail_attachments",
    "job_site_visits",
    "internal_requests",
    "request_peak",
    "after_hours_file_access",
    "file_deletes",
    "print_pages",
)


@dataclass(frozen=True)
class RankParams:
    """Parameters of the ranking (see docs/risk.md)."""

    features: FeatureParams = field(default_factory=FeatureParams)
    detectors: DetectorParams = field(default_factory=DetectorParams)
    model_weight: float = 2.0
    unsupervised_reason_quantile: float = 0.97
    seed: int = 0


@dataclass
class RankedUser:
    """One user's place in the ranking."""

    user: str
    score: float
    window: tuple[dt.date, dt.date]
    reasons: list[str]
    scenarios: list[str]
    model_score: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    # ``reasons`` as codes and parameters, in the same order (see baomi.risk.reasons).
    explanations: list[Explanation] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON Lines object ``{"user", "score", "window", "reasons", "scenarios"}``."""
        return {
            "user": self.user,
            "score": round(self.score, 4),
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "reasons": self.reasons,
            "scenarios": self.scenarios,
        }


@dataclass
class Analysis:
    """Everything :func:`analyse` computed (for benchmarks and drill-down)."""

    matrix: FeatureMatrix
    findings: list[Finding]
    model_scores: dict[str, float]
    ranked: list[RankedUser]


def load_context(store: RiskStore) -> tuple[dict[str, str], dict[str, str], dict[str, Departure]]:
    """Roles, departments and departures of the store's users."""
    with store.connection() as con:
        people = con.execute(f"SELECT user, role, department FROM {store.users_sql()}").fetchall()  # noqa: S608
        facts = con.execute(
            f"SELECT user, kind, max(date), any_value(source) FROM {store.hr_sql()} "  # noqa: S608
            f"WHERE kind IN ('{HrKind.RESIGNATION}', '{HrKind.LAST_DAY}') GROUP BY user, kind"
        ).fetchall()
    roles = {u: r or "" for u, r, _d in people}
    departments = {u: d or "" for u, _r, d in people}
    resignation: dict[str, dt.date] = {}
    last_day: dict[str, dt.date] = {}
    sources: dict[str, str] = {}
    for user, kind, day, source in facts:
        (resignation if kind == HrKind.RESIGNATION else last_day)[user] = day
        sources[user] = source or "hr"
    departures = {
        u: Departure(last_day=last_day.get(u), resignation=resignation.get(u), source=sources[u])
        for u in set(resignation) | set(last_day)
    }
    return roles, departments, departures


def model_scores(matrix: FeatureMatrix, ctx: DetectionContext, seed: int = 0) -> np.ndarray:
    """IsolationForest anomaly score per user (higher is more unusual), on weekly totals."""
    if len(matrix.users) < 2:
        return np.zeros(len(matrix.users))
    columns = []
    for name in MODEL_FEATURES:
        base = ctx.baseline(name, 7)
        peak = np.log1p(np.where(base.totals >= 0, base.totals, 0).max(axis=1))
        columns += [np.log1p(base.median), peak, peak - np.log1p(base.high)]
    data = np.column_stack(columns)
    forest = IsolationForest(n_estimators=200, random_state=seed, n_jobs=1)
    forest.fit(data)
    return -forest.score_samples(data)


def _combine(
    matrix: FeatureMatrix, findings: list[Finding], model: np.ndarray, params: RankParams
) -> list[RankedUser]:
    by_user: dict[str, list[Finding]] = {}
    for finding in findings:
        by_user.setdefault(finding.user, []).append(finding)
    order = np.argsort(np.argsort(model)) if len(model) else model
    percentile = (order + 1) / max(len(model), 1)
    ranked = []
    for i, user in enumerate(matrix.users):
        mine = sorted(by_user.get(user, []), key=lambda f: -f.strength)
        strength = 0.0
        if mine:
            strength = mine[0].strength + 0.5 * sum(f.strength for f in mine[1:])
        strength += params.model_weight * float(percentile[i]) ** 4
        explanations = [f.explanation for f in mine if f.explanation is not None]
        if len(explanations) != len(mine):
            explanations = []  # findings made elsewhere without one: the sentences only
        reasons = [f.reason for f in mine]
        if (
            len(model) >= MIN_USERS_FOR_MODEL_REASON
            and percentile[i] >= params.unsupervised_reason_quantile
        ):
            unusual = unusual_profile_reason(math.floor(percentile[i] * 100))
            reasons.append(unusual.text)
            if explanations or not mine:
                explanations.append(unusual)
        if mine:
            window = (mine[0].start, mine[0].end)
        else:
            window = (matrix.days[matrix.span[i, 0]], matrix.days[matrix.span[i, 1]])
        ranked.append(
            RankedUser(
                user=user,
                score=strength / (strength + 10.0),
                window=window,
                reasons=reasons,
                scenarios=[f.scenario for f in mine],
                model_score=float(model[i]),
                findings=mine,
                explanations=explanations,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.user))
    return ranked


def analyse(store: RiskStore, params: RankParams | None = None) -> Analysis:
    """Run features, baselines, detectors and the unsupervised model over ``store``."""
    params = params or RankParams()
    matrix = FeatureMatrix.from_table(daily_features(store, params.features))
    roles, departments, departures = load_context(store)
    groups = peer_groups(matrix.users, roles, departments)
    ctx = DetectionContext(
        matrix=matrix, groups=groups, departures=departures, params=params.detectors
    )
    findings = detect_all(ctx)
    model = model_scores(matrix, ctx, params.seed)
    ranked = _combine(matrix, findings, model, params)
    return Analysis(
        matrix=matrix,
        findings=findings,
        model_scores=dict(zip(matrix.users, (float(v) for v in model), strict=True)),
        ranked=ranked,
    )


def rank_users(
    store: RiskStore, *, top: int | None = None, params: RankParams | None = None
) -> list[RankedUser]:
    """Users ranked by risk, highest first (``top`` limits the list)."""
    ranked = analyse(store, params).ranked
    return ranked[:top] if top is not None else ranked


@dataclass(frozen=True)
class TimelineEvent:
    """One event of a user's timeline, in the organisation's local time."""

    time: dt.datetime
    kind: str
    category: str
    target: str
    pc: str
    n: int
    size: int
    sender: str = ""


def user_timeline(
    store: RiskStore,
    user: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    kinds: tuple[str, ...] | None = None,
    limit: int = 10_000,
) -> list[TimelineEvent]:
    """The user's events between ``start`` and ``end`` (local dates, inclusive), oldest first."""
    local = utc_to_local_sql("ts", store.timezone)
    clauses = ["user = ?"]
    args: list[Any] = [user]
    if start is not None:
        clauses.append(f"CAST({local} AS DATE) >= ?")
        args.append(start)
    if end is not None:
        clauses.append(f"CAST({local} AS DATE) <= ?")
        args.append(end)
    if kinds:
        clauses.append("kind IN (" + ", ".join("?" for _ in kinds) + ")")
        args.extend(kinds)
    query = (
        f"SELECT {local} AS lt, kind, category, target, pc, n, size, sender "  # noqa: S608
        f"FROM {store.events_sql()} WHERE {' AND '.join(clauses)} ORDER BY ts LIMIT {int(limit)}"
    )
    with store.connection() as con:
        rows = con.execute(query, args).fetchall()
    zone = dt.timezone(dt.timedelta(0))
    try:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(store.timezone)  # type: ignore[assignment]
    except (ImportError, KeyError, ValueError):
        pass
    return [
        TimelineEvent(
            time=lt.replace(tzinfo=zone),
            kind=kind,
            category=category or "",
            target=target or "",
            pc=pc or "",
            n=int(n or 0),
            size=int(size or 0),
            sender=sender or "",
        )
        for lt, kind, category, target, pc, n, size, sender in rows
    ]


def user_daily(
    store: RiskStore, user: str, params: FeatureParams | None = None
) -> list[dict[str, Any]]:
    """The user's daily features (one dict per active day), e.g. for a timeline chart."""
    table = daily_features(store, params)
    rows = table.filter(table.column("user").to_numpy(zero_copy_only=False) == user)
    return rows.to_pylist()
