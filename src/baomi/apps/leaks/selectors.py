"""Reads of leak comparison, always for one acting user in one organisation. Anything the
user may not see answers Http404, as for objects that do not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from django.db.models import QuerySet
from django.http import Http404

from baomi.apps.leaks import services
from baomi.apps.leaks.models import Hit, Index, Scan, SecretDocument
from baomi.apps.leaks.rules import visible_indexes_q
from baomi.apps.orgs.models import Organisation, User
from baomi.apps.orgs.selectors import get_for_member


class _PkRow(TypedDict):
    pk: int


def _visible_index_ids(
    user: User, organisation: Organisation | None
) -> QuerySet[Index, _PkRow] | None:
    if organisation is None:
        return None
    q = visible_indexes_q(user, organisation)
    if q is None:
        return None
    return Index.objects.filter(q).values("pk")


def leaks_available(*, user: User, organisation: Organisation | None) -> None:
    """Raise Http404 unless the user may use leak comparison in ``organisation`` at all."""
    if organisation is None or not user.has_perm("leaks.use_leaks", organisation):
        raise Http404


def index_list(*, user: User, organisation: Organisation | None) -> QuerySet[Index]:
    """The indexes ``user`` may see in ``organisation``, newest first."""
    ids = _visible_index_ids(user, organisation)
    if ids is None:
        return Index.objects.none()
    # Before the state is read: a job whose worker stopped shows as failed (baomi.jobs).
    services.index_recover_stale(organisation=organisation)
    return (
        Index.objects.filter(pk__in=ids)
        .select_related("created_by")
        .prefetch_related("secrets")
        .order_by("-created_at", "-id")
    )


def index_get(*, user: User, organisation: Organisation | None, pk: object) -> Index:
    """One visible index, or Http404 (also for other tenants' indexes)."""
    return get_for_member(
        index_list(user=user, organisation=organisation), organisation=organisation, pk=pk
    )


def material_list(*, index: Index) -> QuerySet[SecretDocument]:
    """The secret material of an index the caller already holds (from :func:`index_get`)."""
    return index.material.select_related("secret", "uploaded_by").order_by("name", "id")


def material_get(
    *, user: User, organisation: Organisation | None, index_pk: object, pk: object
) -> SecretDocument:
    """One file of material of a visible index, or Http404 (also for a file of another
    index or of another tenant)."""
    index = index_get(user=user, organisation=organisation, pk=index_pk)
    return get_for_member(index.material.select_related("index"), organisation=organisation, pk=pk)


def scan_list(
    *, user: User, organisation: Organisation | None, index: Index | None = None
) -> QuerySet[Scan]:
    """Scans against the visible indexes (of one index if given), newest first."""
    ids = _visible_index_ids(user, organisation)
    if ids is None:
        return Scan.objects.none()
    services.scan_recover_stale(organisation=organisation)
    qs = Scan.objects.filter(organisation=organisation, index__in=ids)
    if index is not None:
        qs = qs.filter(index=index)
    return qs.select_related("index", "created_by").order_by("-created_at", "-id")


def scan_get(*, user: User, organisation: Organisation | None, pk: object) -> Scan:
    """One visible scan, or Http404."""
    return get_for_member(
        scan_list(user=user, organisation=organisation), organisation=organisation, pk=pk
    )


def hit_list(*, user: User, organisation: Organisation | None, scan: Scan) -> QuerySet[Hit]:
    """The hits of a visible scan, best first."""
    scan = scan_get(user=user, organisation=organisation, pk=scan.pk)
    return (
        Hit.objects.filter(scan=scan, organisation=organisation)
        .select_related("secret_document__secret", "suspect_file")
        .order_by("-score", "-matched_chars", "id")
    )


def hit_get(*, user: User, organisation: Organisation | None, pk: object) -> Hit:
    """One hit of a visible scan, or Http404."""
    ids = _visible_index_ids(user, organisation)
    if ids is None:
        raise Http404
    qs = Hit.objects.filter(scan__index__in=ids).select_related(
        "scan__index", "secret_document__secret", "suspect_file"
    )
    return get_for_member(qs, organisation=organisation, pk=pk)


def index_for_task(*, pk: int) -> Index:
    """An index for the background worker, which acts for no user (it was queued by one
    who had the permission)."""
    return Index.objects.select_related("organisation").get(pk=pk)


def scan_for_task(*, pk: int) -> Scan:
    """A scan for the background worker (see :func:`index_for_task`)."""
    return Scan.objects.select_related("organisation", "index").get(pk=pk)


@dataclass(frozen=True)
class SecretCoverage:
    """How much of one secret document the whole set of suspects of a scan covers."""

    secret: str
    coverage: float
    suspects: list[str]


def scan_coverage(*, hits: QuerySet[Hit]) -> list[SecretCoverage]:
    """Per secret document, the union of its passages over all suspects (best first): a
    secret split over several files shows as covered as a whole."""
    from baomi.fingerprint.align import covered

    ranges: dict[str, list[tuple[int, int]]] = {}
    sizes: dict[str, int] = {}
    suspects: dict[str, set[str]] = {}
    for hit in hits:
        if not hit.secret_chars:
            continue
        ranges.setdefault(hit.secret, []).extend((int(a), int(b)) for a, b in hit.secret_ranges)
        sizes[hit.secret] = hit.secret_chars
        suspects.setdefault(hit.secret, set()).add(hit.suspect)
    result = [
        SecretCoverage(s, covered(r) / max(1, sizes[s]), sorted(suspects[s]))
        for s, r in ranges.items()
    ]
    return sorted(result, key=lambda c: -c.coverage)
