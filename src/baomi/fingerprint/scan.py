"""Per-file pure functions of the leak engine: prepare secrets, scan suspects.

* :func:`prepare_unit` — normalise and fingerprint one secret unit
  (:class:`~baomi.fingerprint.index.PreparedDoc`), given the index key.
* :func:`scan_unit` — fingerprints of a suspect unit → index lookup → common
  text suppression → candidate secrets → passage alignment → :class:`Match`.
* :func:`prepare_file` / :func:`scan_file` — the same for every unit of a file;
  these are what :mod:`baomi.fingerprint.parallel` fans out.

**Common-text suppression.** A fingerprint present in more than
``ScanParams.common_docs`` secret documents (default: the larger of 20 and 1 %
of the index) is boilerplate and never seeds a candidate; a fingerprint present
in a template/base corpus document (``index build --template``) never does
either. Passages still extend across such text when it sits inside a copy.
"""

from __future__ import annotations

import functools
import math
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from baomi.extract.model import ExtractError, Unit
from baomi.fingerprint.align import AlignParams, Passage, align, covered, required_length
from baomi.fingerprint.index import IndexReader, PreparedDoc
from baomi.fingerprint.normalise import PROSE, Normalised, language_mode, normalise
from baomi.fingerprint.units import extract_units, text_unit
from baomi.fingerprint.winnow import WinnowParams, fingerprint, kgram_hashes


@dataclass(frozen=True)
class ScanParams:
    """Scan settings: alignment, suppression and output limits."""

    align: AlignParams = field(default_factory=AlignParams)
    common_docs: int = 20
    common_fraction: float = 0.01
    max_candidates: int = 50
    min_score: float = 0.0

    def common_threshold(self, secrets: int) -> int:
        """Fingerprints in more secret documents than this are suppressed."""
        return max(self.common_docs, math.ceil(self.common_fraction * secrets))


@dataclass(frozen=True)
class PassageOut:
    """One passage in raw-text coordinates (the CLI contract's passage object)."""

    suspect_span: tuple[int, int]
    secret_span: tuple[int, int]
    suspect_text: str
    secret_text: str
    matched: int


@dataclass
class Match:
    """A (suspect, secret) match with both directions of coverage.

    ``score`` is the larger of the two coverages (share of the secret found in
    the suspect; share of the suspect copied from the secret), both measured in
    normalised characters, so a short secret fully pasted into a long mail and
    a short mail made of part of a long secret both score high.
    """

    suspect: str
    secret: str
    score: float
    matched_chars: int
    passages: list[PassageOut]
    secret_coverage: float
    suspect_coverage: float
    longest_passage: int
    suspect_sha256: str
    secret_sha256: str
    secret_norm_ranges: list[tuple[int, int]] = field(default_factory=list, repr=False)
    secret_norm_chars: int = 0

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines object of ``baomi index scan --json`` (contract fields first)."""
        return {
            "suspect": self.suspect,
            "secret": self.secret,
            "score": round(self.score, 4),
            "matched_chars": self.matched_chars,
            "passages": [
                {
                    "suspect_span": list(p.suspect_span),
                    "secret_span": list(p.secret_span),
                    "suspect_text": p.suspect_text,
                    "secret_text": p.secret_text,
                }
                for p in self.passages
            ],
            "secret_coverage": round(self.secret_coverage, 4),
            "suspect_coverage": round(self.suspect_coverage, 4),
            "longest_passage": self.longest_passage,
            "suspect_sha256": self.suspect_sha256,
            "secret_sha256": self.secret_sha256,
        }


def normalise_unit(unit: Unit) -> Normalised:
    """Normalise a unit in the mode its language (or file name) calls for."""
    return normalise(unit.text, mode=language_mode(unit.language, unit.origin))


def prepare_unit(
    unit: Unit, key: bytes, params: WinnowParams, template: bool = False
) -> PreparedDoc:
    """Normalise and fingerprint one secret (or template) unit."""
    norm = normalise_unit(unit)
    prints = fingerprint(norm.text, key, params)
    return PreparedDoc(
        origin=unit.origin,
        sha256=unit.sha256,
        kind=unit.kind,
        mode=norm.mode,
        text=unit.text,
        norm_text=norm.text,
        hashes=prints.hashes,
        positions=prints.positions,
        template=template,
    )


def prepare_file(
    path: str, display: str, key: bytes, params: WinnowParams, template: bool = False
) -> list[PreparedDoc | ExtractError]:
    """:func:`prepare_unit` for every unit of a file (errors passed through)."""
    out: list[PreparedDoc | ExtractError] = []
    for item in extract_units(path, display):
        if isinstance(item, ExtractError):
            out.append(item)
        elif item.text.strip():
            out.append(prepare_unit(item, key, params, template))
    return out


def open_index(directory: str) -> IndexReader:
    """A per-process cached reader (workers scan many files against one index).

    The cache is keyed by the index's state on disk, so a rebuilt index is reopened.
    """
    directory = os.path.abspath(directory)
    try:
        stamp = os.stat(os.path.join(directory, "docs.sqlite")).st_mtime_ns
        names = os.listdir(os.path.join(directory, "shards"))
    except OSError:
        stamp, names = 0, []
    shards = tuple(sorted(n for n in names if n.endswith(".hashes.npy")))
    return _open_index(directory, stamp, shards)


def prepare_texts(
    items: list[tuple[str, str]], key: bytes, params: WinnowParams
) -> list[PreparedDoc]:
    """:func:`prepare_unit` for ``(origin, text)`` pairs that are not files (web app, bench)."""
    return [prepare_unit(text_unit(origin, text), key, params) for origin, text in items]


@functools.lru_cache(maxsize=4)
def _open_index(directory: str, stamp: int, shards: tuple[str, ...]) -> IndexReader:
    return IndexReader(directory)


@functools.lru_cache(maxsize=2048)
def _secret_norm_text(reader: IndexReader, key: bytes, doc_id: int) -> str | None:
    """The secret's normalised text: stored in the index, or normalised again if not."""
    stored = reader.norm_text(doc_id)
    if stored is not None:
        return stored
    normalised = _secret_normalised(reader, key, doc_id)
    return None if normalised is None else normalised[1].text  # None: fingerprint-only index


@functools.lru_cache(maxsize=512)
def _secret_run_hashes(reader: IndexReader, doc_id: int, run: int) -> npt.NDArray[np.uint64] | None:
    """Hashes of every ``run``-gram of the secret's normalised text (see :func:`_plausible`)."""
    text = _secret_norm_text(reader, reader.key, doc_id)
    return None if text is None else kgram_hashes(text, run, reader.key)


@functools.lru_cache(maxsize=256)
def _secret_normalised(
    reader: IndexReader, key: bytes, doc_id: int
) -> tuple[str, Normalised] | None:
    """The secret's text and its full normalisation (with the offset map)."""
    text = reader.text(doc_id)
    if text is None:
        return None
    return text, normalise(text, mode=reader.docs[doc_id].mode)


def scan_unit(unit: Unit, reader: IndexReader, params: ScanParams | None = None) -> list[Match]:
    """Matches of one suspect unit against the index, best first."""
    params = params or ScanParams()
    norm = normalise_unit(unit)
    prints = fingerprint(norm.text, reader.key, reader.params)
    if not len(prints):
        return []
    unique, inverse = np.unique(prints.hashes, return_inverse=True)
    postings = reader.lookup(unique)
    if not len(postings.query):
        return []
    suppressed = _suppressed(reader, postings, len(unique), params)
    places = _SuspectPlaces(inverse, prints.positions)
    rare = ~suppressed[postings.query]
    row, seed_suspect = places.expand(postings.query[rare], cap=16)
    seed_doc = postings.docs[rare][row]
    seed_secret = postings.positions[rare][row]
    # Candidates: most seeds first, ties in the order the index lists them.
    docs, first, counts = np.unique(seed_doc, return_index=True, return_counts=True)
    ranked = docs[np.lexsort((first, -counts))][: params.max_candidates].tolist()
    ranked = _plausible(norm, reader, ranked, seed_doc, seed_suspect, seed_secret, params)
    if not ranked:
        return []
    common = _common_positions(postings, suppressed, ranked, places)
    matches = []
    for doc_id in ranked:
        mine = seed_doc == doc_id
        seeds = list(zip(seed_suspect[mine].tolist(), seed_secret[mine].tolist(), strict=True))
        match = _match(unit, norm, reader, doc_id, seeds, common[doc_id], params)
        if match is not None and match.score >= params.min_score:
            matches.append(match)
    return sorted(matches, key=lambda m: -m.score)


class _SuspectPlaces:
    """Where each distinct fingerprint of the suspect occurs (ascending positions)."""

    def __init__(self, inverse: npt.NDArray[np.int64], positions: npt.NDArray[np.int64]) -> None:
        order = np.argsort(inverse, kind="stable")
        self.positions = positions[order]
        self.counts = np.bincount(inverse)
        self.starts = np.cumsum(self.counts) - self.counts

    def expand(
        self, query: npt.NDArray[np.int64], cap: int | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """For each ``query`` row, its suspect positions (the first ``cap``):
        returns (row number, position) pairs."""
        counts = self.counts[query]
        if cap is not None:
            counts = np.minimum(counts, cap)
        row = np.repeat(np.arange(len(query)), counts)
        rank = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
        return row, self.positions[self.starts[query][row] + rank]


def _plausible(
    norm: Normalised,
    reader: IndexReader,
    candidates: list[int],
    seed_doc: npt.NDArray[np.int64],
    seed_suspect: npt.NDArray[np.int64],
    seed_secret: npt.NDArray[np.int64],
    params: ScanParams,
) -> list[int]:
    """The candidates that alignment can turn into a passage, in the same order.

    :func:`~baomi.fingerprint.align.align` extends a seed only when the exact
    common run around it is long enough (``seed_run``; ``seed_run_code`` when
    either side is code); a candidate none of whose seeds has such a run yields
    nothing. Most candidates are chance k-gram matches between documents on
    the same topic, so they are dismissed here for all candidates at once: the
    seed's run is long enough exactly when some ``seed_run``-gram containing its
    k-gram is the same on both sides, and those grams are compared by hash (a
    collision only keeps a candidate that alignment then dismisses).
    """
    suspect, k = norm.text, reader.params.k
    # Prose suspects may still meet code secrets: take the shorter of the two runs.
    run = params.align.seed_run_for(code=True)
    if norm.mode == PROSE:
        run = min(run, params.align.seed_run_for(code=False))
    if run <= k:  # every seed's k-gram is already a common run that long
        return candidates
    if len(suspect) < run:
        return []
    chunks: list[npt.NDArray[np.uint64]] = []
    doc_ids: list[int] = []
    for doc_id in candidates:
        runs = None if reader.docs[doc_id].template else _secret_run_hashes(reader, doc_id, run)
        if runs is None or not len(runs):
            continue
        doc_ids.append(doc_id)
        chunks.append(runs)
    if not chunks:
        return []
    lengths = np.asarray([len(c) for c in chunks], dtype=np.int64)
    bases = np.cumsum(lengths) - lengths  # where each candidate's run hashes start
    order = np.argsort(doc_ids)
    sorted_ids = np.asarray(doc_ids, dtype=np.int64)[order]
    slot = np.searchsorted(sorted_ids, seed_doc).clip(0, len(sorted_ids) - 1)
    mine = sorted_ids[slot] == seed_doc
    slot = order[slot[mine]]  # the candidate each remaining seed belongs to
    base = bases[slot][:, None]
    length = lengths[slot][:, None]
    offsets = np.arange(run - k + 1, dtype=np.int64)  # the run-gram starts this far before
    a = seed_suspect[mine][:, None] - offsets
    b = seed_secret[mine][:, None] - offsets
    suspect_runs = kgram_hashes(suspect, run, reader.key)
    valid = (a >= 0) & (a < len(suspect_runs)) & (b >= 0) & (b < length)
    same = (
        suspect_runs[np.where(valid, a, 0)] == np.concatenate(chunks)[base + np.where(valid, b, 0)]
    )
    keep = {doc_ids[n] for n in np.unique(slot[(same & valid).any(axis=1)]).tolist()}
    return [doc_id for doc_id in candidates if doc_id in keep]


def _common_positions(
    postings: Any, suppressed: np.ndarray, candidates: list[int], places: _SuspectPlaces
) -> dict[int, npt.NDArray[np.int64]]:
    """Per candidate secret: sorted suspect positions of suppressed fingerprints it shares."""
    mask = suppressed[postings.query] & np.isin(postings.docs, np.asarray(candidates))
    row, position = places.expand(postings.query[mask])
    docs = postings.docs[mask][row]
    return {d: np.unique(position[docs == d]) for d in candidates}


def _suppressed(reader: IndexReader, postings: Any, queries: int, params: ScanParams) -> np.ndarray:
    """Boolean mask over query fingerprints: common text or template text."""
    # Distinct (query, document) pairs, as one integer each (far faster than unique(axis=1)).
    width = int(postings.docs.max()) + 1
    pairs = np.unique(postings.query * width + postings.docs)
    df = np.bincount(pairs // width, minlength=queries)
    suppressed = df > params.common_threshold(reader.active_secrets)
    if len(reader.templates):
        in_template = np.isin(postings.docs, reader.templates)
        suppressed[np.unique(postings.query[in_template])] = True
    return suppressed


def _match(
    unit: Unit,
    norm: Normalised,
    reader: IndexReader,
    doc_id: int,
    seeds: list[tuple[int, int]],
    common: npt.NDArray[np.int64],
    params: ScanParams,
) -> Match | None:
    info = reader.docs[doc_id]
    if info.template:
        return None
    # Align on the stored normalised text; build the offset map only for a hit.
    secret_norm_text = _secret_norm_text(reader, reader.key, doc_id)
    if secret_norm_text is None:  # a fingerprint-only index: no passages can be aligned
        return None
    code = norm.mode != PROSE or info.mode != PROSE
    passages = align(norm.text, secret_norm_text, seeds, reader.params.k, params.align, code)
    passages = _discount_common(norm.text, passages, seeds, common, params, code, reader.params.k)
    if not passages:
        return None
    secret = _secret_normalised(reader, reader.key, doc_id)
    if secret is None:
        return None
    secret_text, secret_norm = secret
    out = []
    for p in passages:
        a0, a1 = norm.original_span(p.suspect_start, p.suspect_end)
        b0, b1 = secret_norm.original_span(p.secret_start, p.secret_end)
        out.append(PassageOut((a0, a1), (b0, b1), unit.text[a0:a1], secret_text[b0:b1], p.matched))
    secret_ranges = [(p.secret_start, p.secret_end) for p in passages]
    secret_coverage = covered(secret_ranges) / max(1, len(secret_norm))
    suspect_coverage = covered([(p.suspect_start, p.suspect_end) for p in passages]) / max(
        1, len(norm)
    )
    return Match(
        suspect=unit.origin,
        secret=info.origin,
        score=min(1.0, max(secret_coverage, suspect_coverage)),
        matched_chars=sum(p.matched for p in passages),
        passages=out,
        secret_coverage=secret_coverage,
        suspect_coverage=suspect_coverage,
        longest_passage=max(p.matched for p in passages),
        suspect_sha256=unit.sha256,
        secret_sha256=info.sha256,
        secret_norm_ranges=secret_ranges,
        secret_norm_chars=len(secret_norm),
    )


def _discount_common(
    suspect: str,
    passages: list[Passage],
    seeds: list[tuple[int, int]],
    common: npt.NDArray[np.int64],
    params: ScanParams,
    code: bool,
    k: int,
) -> list[Passage]:
    """Remove from each passage the characters that only common text accounts for.

    Characters covered by a k-gram of a suppressed (common or template)
    fingerprint and by no k-gram of a rare shared fingerprint do not count, and
    characters under no shared k-gram count in the same proportion as the
    rest: a passage grown from a rare seed across boilerplate keeps only its
    own part, one made of common text drops below the minimum and out.
    """
    if not len(common):
        return passages
    rare = np.asarray(sorted({s for s, _ in seeds}), dtype=np.int64)
    kept = []
    for p in passages:
        length = p.suspect_end - p.suspect_start
        covered_rare = _coverage(rare, p.suspect_start, length, k)
        common_only = _coverage(common, p.suspect_start, length, k) & ~covered_rare
        n_rare, n_common = int(covered_rare.sum()), int(common_only.sum())
        if not n_common:
            kept.append(p)
            continue
        # Characters under no shared k-gram count in proportion to the rest.
        rare_share = n_rare / (n_rare + n_common)
        weight = (n_rare + (length - n_rare - n_common) * rare_share) / length
        matched = round(p.matched * weight)
        text = suspect[p.suspect_start : p.suspect_end]
        if matched >= required_length(params.align, code, text):
            kept.append(replace(p, matched=matched))
    return kept


def _coverage(
    positions: npt.NDArray[np.int64], start: int, length: int, k: int
) -> npt.NDArray[np.bool_]:
    """Which of ``length`` characters from ``start`` lie in a k-gram at ``positions``."""
    covered = np.zeros(length, dtype=bool)
    lo = np.searchsorted(positions, start - k + 1)
    hi = np.searchsorted(positions, start + length)
    for position in positions[lo:hi].tolist():
        covered[max(0, position - start) : max(0, position - start + k)] = True
    return covered


def scan_parameters(reader: IndexReader, params: ScanParams) -> dict[str, object]:
    """The settings of a scan, as recorded in reports (names in Chinese and English)."""
    return {
        "k（噪声阈值 noise threshold，字符）": reader.params.k,
        "t（保证阈值 guarantee threshold，字符）": reader.params.t,
        "窗口 window": reader.params.window,
        "最短段落 min passage（中文/英文/代码）": (
            f"{params.align.min_passage} / {params.align.min_passage_words} / "
            f"{params.align.min_passage_code}"
        ),
        "容错间隙 max gap / resync": f"{params.align.max_gap} / {params.align.resync}",
        "种子精确段 seed run（文本/代码）": (
            f"{params.align.seed_run} / {params.align.seed_run_code}"
        ),
        "常见文本抑制 common-text threshold（文档数）": params.common_threshold(
            reader.active_secrets
        ),
        "索引文档数 indexed documents": reader.active_secrets,
        "指纹 fingerprints": "keyed BLAKE2b-64 (per-index key), robust winnowing",
    }


def scan_file(
    index_dir: str,
    path: str,
    display: str,
    params: ScanParams | None = None,
    report_dir: str | None = None,
    report_pdf: bool = False,
) -> list[Match | ExtractError]:
    """:func:`scan_unit` for every unit of a suspect file (errors passed through).

    With ``report_dir``, a side-by-side report is written there for each match.
    """
    from baomi.fingerprint.report import write_report

    params = params or ScanParams()
    reader = open_index(index_dir)
    out: list[Match | ExtractError] = []
    for item in extract_units(path, display):
        if isinstance(item, ExtractError):
            out.append(item)
            continue
        matches = scan_unit(item, reader, params)
        out.extend(matches)
        for match in matches if report_dir else []:
            secret_text = reader.text(_doc_id(reader, match))
            write_report(
                match,
                str(report_dir),
                suspect_text=item.text,
                secret_text=secret_text or "",
                parameters=scan_parameters(reader, params),
                pdf=report_pdf,
            )
    return out


def _doc_id(reader: IndexReader, match: Match) -> int:
    for doc_id, info in reader.docs.items():
        if info.origin == match.secret and info.sha256 == match.secret_sha256:
            return doc_id
    raise KeyError(match.secret)


@dataclass(frozen=True)
class SecretCoverage:
    """How much of one secret appears across the whole suspect set."""

    secret: str
    coverage: float
    suspects: list[str]


def coverage_across(matches: list[Match]) -> list[SecretCoverage]:
    """Per-secret coverage over all suspects (a secret split over files is still found)."""
    ranges: dict[str, list[tuple[int, int]]] = defaultdict(list)
    sizes: dict[str, int] = {}
    suspects: dict[str, list[str]] = defaultdict(list)
    for m in matches:
        ranges[m.secret].extend(m.secret_norm_ranges)
        sizes[m.secret] = m.secret_norm_chars
        suspects[m.secret].append(m.suspect)
    result = [
        SecretCoverage(s, covered(r) / max(1, sizes[s]), sorted(set(suspects[s])))
        for s, r in ranges.items()
    ]
    return sorted(result, key=lambda c: -c.coverage)


def match_summary(match: Match) -> dict[str, Any]:
    """A compact dictionary of a match (for logs and the web app)."""
    data = asdict(match)
    data.pop("secret_norm_ranges", None)
    return data
