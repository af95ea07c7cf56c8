"""The app's bridge to the risk engine (:mod:`baomi.risk`): where an enterprise's store lives,
the People app's departure dates as HR facts, and a cached ranking.

Each enterprise has its own store, ``$BAOMI_HOME/risk/<org key>``; nothing here ever reads
another enterprise's store. Ranking a store takes seconds to minutes, so the result is kept
in ``<store>/web/ranking.json`` together with a fingerprint of everything it was computed
from (the store's ingested batches and the People app's departure dates); a change of either
makes the next read compute it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from django.conf import settings

from baomi.apps.orgs.models import Organisation
from baomi.apps.people.models import WATCH_DAYS_AFTER, WATCH_DAYS_BEFORE, Person
from baomi.risk.rank import RankParams, rank_users, user_daily, user_timeline
from baomi.risk.scenarios import DetectorParams
from baomi.risk.schema import HR_COLUMNS, HrKind
from baomi.risk.store import RiskStore, StoreError, arrow_schema

logger = logging.getLogger(__name__)

# The HR facts taken from the People app are one batch of the store, rewritten on each change.
PEOPLE_BATCH = "people-app"
# Bump when the ranking parameters or the cached shape change, so old caches are recomputed.
CACHE_VERSION = 2  # 2: users carry "explanations" (structured reasons)
_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


def rank_params() -> RankParams:
    """The departing-user watch window of the People app: 90 days before to 30 after."""
    return RankParams(
        detectors=DetectorParams(
            departing_before_days=WATCH_DAYS_BEFORE, departing_after_days=WATCH_DAYS_AFTER
        )
    )


def org_key(organisation: Organisation) -> str:
    """The directory name of the enterprise's store (its short name, which never changes)."""
    slug = organisation.slug or ""
    return slug if _KEY_RE.match(slug) else f"org-{organisation.pk}"


def risk_home() -> Path:
    return Path(settings.BAOMI_HOME) / "risk"


def store_for(organisation: Organisation) -> RiskStore:
    """The enterprise's own event store."""
    return RiskStore.for_org(risk_home(), org_key(organisation))


def uploads_dir(organisation: Organisation) -> Path:
    """Where uploaded archives are unpacked while they are ingested (outside every store)."""
    return Path(settings.BAOMI_HOME) / "risk-uploads" / org_key(organisation)


def has_data(organisation: Organisation) -> bool:
    return store_for(organisation).has_events()


# -- the activity users and the People app -------------------------------------------------
def _meta_text(store: RiskStore) -> str:
    try:
        return store.meta_path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def activity_directory(store: RiskStore) -> dict[str, str]:
    """Every user of the activity logs → their e-mail address from the directory (or "")."""
    if not store.has_events():
        return {}
    meta = hashlib.sha256(_meta_text(store).encode()).hexdigest()
    cache_path = store.root / "web" / "directory.json"
    cached = _read_json(cache_path)
    if cached.get("meta") == meta and isinstance(cached.get("users"), dict):
        return cached["users"]
    try:
        with store.connection() as con:
            users = con.execute(
                f"SELECT DISTINCT user FROM {store.events_sql()} WHERE user IS NOT NULL"  # noqa: S608
            ).fetchall()
            emails = con.execute(f"SELECT user, email FROM {store.users_sql()}").fetchall()  # noqa: S608
    except duckdb.Error:
        logger.exception("directory of %s failed", store.root)
        return {}
    mail = {u: (e or "") for u, e in emails if u}
    directory = {u: mail.get(u, "") for (u,) in users}
    _write_json(cache_path, {"meta": meta, "users": directory})
    return directory


def match_people(organisation: Organisation, directory: dict[str, str]) -> dict[str, Person]:
    """Activity user → the enterprise's Person, matched by employee number, user id or e-mail."""
    by_key: dict[str, str] = {}
    for user, email in directory.items():
        by_key.setdefault(user.lower(), user)
        if email:
            by_key.setdefault(email.lower(), user)
            by_key.setdefault(email.lower().split("@", 1)[0], user)
    matches: dict[str, Person] = {}
    people = Person.objects.filter(organisation=organisation).select_related("user")
    for person in people.order_by("employee_number"):
        keys = [person.employee_number.strip().lower()]
        if person.user is not None:
            keys += [person.user.email.lower(), person.user.email.lower().split("@", 1)[0]]
        for key in keys:
            matched = by_key.get(key)
            if key and matched and matched not in matches:
                matches[matched] = person
                break
    return matches


def people_hr_rows(matches: dict[str, Person]) -> list[dict[str, Any]]:
    """Resignation and last-working-day facts of the matched people (engine HR schema)."""
    rows = []
    for user, person in sorted(matches.items()):
        for kind, day in (
            (HrKind.RESIGNATION, person.resignation_date),
            (HrKind.LAST_DAY, person.last_working_day),
        ):
            if day is not None:
                rows.append(
                    {"user": user, "kind": str(kind), "date": day, "value": "", "source": "hr"}
                )
    return rows


def sync_people(organisation: Organisation, store: RiskStore) -> list[dict[str, Any]]:
    """Write the People app's departure dates into the store as its HR batch; return them."""
    rows = people_hr_rows(match_people(organisation, activity_directory(store)))
    path = store.root / "hr" / f"{PEOPLE_BATCH}.parquet"
    # Rewrite only on a change: pages read this on every view, and a ranking may be reading
    # the HR files at the same moment.
    state_path = store.root / "web" / "people-hr.json"
    state = json.dumps(rows, default=str, sort_keys=True)
    if _read_json(state_path).get("rows") == state and path.exists() == bool(rows):
        return rows
    if rows:
        table = pa.Table.from_pylist(
            rows,
            schema=arrow_schema(HR_COLUMNS),
        )
        store.write_table("hr", PEOPLE_BATCH, table)
    elif path.exists():
        path.unlink()
    _write_json(state_path, {"rows": state})
    return rows


# -- the ranking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Ranking:
    computed_at: str
    users: list[dict[str, Any]]
    error: str = ""


def _fingerprint(store: RiskStore, hr_rows: list[dict[str, Any]]) -> str:
    hr = json.dumps(hr_rows, default=str, sort_keys=True)
    text = f"{CACHE_VERSION}\n{_meta_text(store)}\n{hr}"
    return hashlib.sha256(text.encode()).hexdigest()


def ranking(organisation: Organisation, *, refresh: bool = False) -> Ranking:
    """The enterprise's ranked users, highest risk first (empty before the first import)."""
    store = store_for(organisation)
    if not store.has_events():
        return Ranking(computed_at="", users=[])
    hr_rows = sync_people(organisation, store)
    fingerprint = _fingerprint(store, hr_rows)
    cache_path = store.root / "web" / "ranking.json"
    cached = _read_json(cache_path)
    if not refresh and cached.get("fingerprint") == fingerprint:
        return Ranking(computed_at=cached["computed_at"], users=cached["users"])
    try:
        ranked = rank_users(store, params=rank_params())
    except StoreError:
        return Ranking(computed_at="", users=[])
    except duckdb.Error as exc:
        # E.g. a store written by an older engine; the page says so instead of failing.
        logger.exception("ranking of %s failed", store.root)
        return Ranking(computed_at="", users=[], error=str(exc).splitlines()[0][:300])
    users = [
        {
            **r.as_json(),
            "model_score": round(r.model_score, 4),
            "explanations": [e.as_json() for e in r.explanations],
        }
        for r in ranked
    ]
    computed_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _write_json(
        cache_path, {"fingerprint": fingerprint, "computed_at": computed_at, "users": users}
    )
    return Ranking(computed_at=computed_at, users=users)


# -- one user's activity --------------------------------------------------------------------
def daily_series(organisation: Organisation, user: str) -> list[dict[str, Any]]:
    """The user's daily features (one dict per active day, with ``day``)."""
    store = store_for(organisation)
    if not store.has_events():
        return []
    try:
        return user_daily(store, user)
    except duckdb.Error:
        logger.exception("daily features of %s failed", store.root)
        return []


def events_between(
    organisation: Organisation,
    user: str,
    start: dt.date,
    end: dt.date,
    kinds: tuple[str, ...],
    limit: int,
) -> list[Any]:
    """The user's events of ``kinds`` between two local dates, oldest first."""
    store = store_for(organisation)
    if not store.has_events():
        return []
    try:
        return user_timeline(store, user, start=start, end=end, kinds=kinds, limit=limit)
    except duckdb.Error:
        logger.exception("timeline of %s failed", store.root)
        return []
