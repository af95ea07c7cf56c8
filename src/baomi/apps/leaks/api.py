"""``/api/leaks``: read indexes of secret material, scans and their hits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from ninja import Router, Schema

from baomi.apps.leaks.models import Hit, Index, Scan
from baomi.apps.leaks.selectors import (
    hit_get,
    hit_list,
    index_get,
    index_list,
    leaks_available,
    scan_get,
    scan_list,
)
from baomi.apps.orgs.models import Organisation, User
from baomi.http import AuthenticatedRequest

router = Router(tags=["leaks"])


class FileError(Schema):
    origin: str
    code: str
    reason: str


class IndexOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    message: str
    progress_done: int
    progress_total: int
    documents: int
    rows: int
    secrets: list[str]
    key_columns: list[str]
    errors: list[FileError]
    created_at: dt.datetime


class ScanOut(Schema):
    id: int
    index: int
    label: str
    status: str
    message: str
    progress_done: int
    progress_total: int
    hit_count: int
    min_score: float
    suspects: list[str]
    errors: list[FileError]
    parameters: dict[str, str]
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class PassageOut(Schema):
    suspect_span: list[int]
    secret_span: list[int]
    suspect_text: str
    secret_text: str


class HitOut(Schema):
    id: int
    scan: int
    suspect: str
    secret: str
    secret_code: str | None
    score: float
    matched_chars: int
    secret_coverage: float
    suspect_coverage: float
    longest_passage: int
    passages: list[PassageOut]
    suspect_sha256: str
    secret_sha256: str
    rows: list[int]
    columns_matched: list[str]
    case_reference: str


def _context(request: AuthenticatedRequest) -> tuple[User, Organisation]:
    org = request.organisation
    user = request.user
    leaks_available(user=user, organisation=org)
    if org is None:  # pragma: no cover — leaks_available raised already
        raise Http404
    return user, org


def _index_out(index: Index) -> dict[str, Any]:
    return {
        **{f: getattr(index, f) for f in IndexOut.model_fields if hasattr(index, f)},
        "secrets": [s.code for s in index.secrets.all()],
    }


def _scan_out(scan: Scan) -> dict[str, Any]:
    return {
        **{f: getattr(scan, f) for f in ScanOut.model_fields if hasattr(scan, f)},
        "index": scan.index_id,
        "suspects": [s.name for s in scan.suspects.all()],
    }


def _hit_out(hit: Hit) -> dict[str, Any]:
    document = hit.secret_document
    return {
        **{f: getattr(hit, f) for f in HitOut.model_fields if hasattr(hit, f)},
        "scan": hit.scan_id,
        "secret_code": document.secret.code if document and document.secret else None,
    }


@router.get("/indexes", response=list[IndexOut])
def indexes_list(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    user, org = _context(request)
    return [_index_out(i) for i in index_list(user=user, organisation=org)]


@router.get("/indexes/{index_id}", response=IndexOut)
def indexes_read(request: AuthenticatedRequest, index_id: int) -> dict[str, Any]:
    user, org = _context(request)
    return _index_out(index_get(user=user, organisation=org, pk=index_id))


@router.get("/scans", response=list[ScanOut])
def scans_list(request: AuthenticatedRequest, index: int | None = None) -> list[dict[str, Any]]:
    user, org = _context(request)
    chosen = index_get(user=user, organisation=org, pk=index) if index is not None else None
    qs = scan_list(user=user, organisation=org, index=chosen).prefetch_related("suspects")
    return [_scan_out(s) for s in qs]


@router.get("/scans/{scan_id}", response=ScanOut)
def scans_read(request: AuthenticatedRequest, scan_id: int) -> dict[str, Any]:
    user, org = _context(request)
    return _scan_out(scan_get(user=user, organisation=org, pk=scan_id))


@router.get("/scans/{scan_id}/hits", response=list[HitOut])
def scan_hits(request: AuthenticatedRequest, scan_id: int) -> list[dict[str, Any]]:
    user, org = _context(request)
    scan = scan_get(user=user, organisation=org, pk=scan_id)
    return [_hit_out(h) for h in hit_list(user=user, organisation=org, scan=scan)]


@router.get("/hits/{hit_id}", response=HitOut)
def hits_read(request: AuthenticatedRequest, hit_id: int) -> dict[str, Any]:
    user, org = _context(request)
    return _hit_out(hit_get(user=user, organisation=org, pk=hit_id))
