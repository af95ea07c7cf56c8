"""Whole-run entry points: build an index from paths, remove from it, scan paths against it.

These are what the CLI and the web app's background tasks call. Per-file work
is fanned out by :func:`baomi.fingerprint.parallel.fan_out` (in-process for
small inputs, Dask for large ones or when a scheduler address is given).

Building again after a file changed keeps the index in step with the file: what
its new version no longer produces (a member taken out of an archive or a mail,
text that is now empty or unreadable) stops matching; see
:meth:`~baomi.fingerprint.index.IndexWriter.replace_file`.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from baomi.extract.model import ExtractError
from baomi.fingerprint.index import (
    IndexReader,
    IndexWriter,
    PreparedDoc,
    create_or_open,
    open_writer,
    read_meta,
)
from baomi.fingerprint.parallel import fan_out, should_distribute
from baomi.fingerprint.scan import Match, ScanParams, prepare_file, scan_file
from baomi.fingerprint.units import walk
from baomi.fingerprint.winnow import WinnowParams

Progress = Callable[[str, int], None]


@dataclass
class BuildResult:
    """Outcome of :func:`build_index`."""

    index: str
    documents_added: int = 0
    documents_unchanged: int = 0
    #: Secret documents taken out because the changed file they came from no
    #: longer produces them (a member removed from an archive, a failed extraction).
    documents_removed: int = 0
    documents_total: int = 0
    templates: int = 0
    errors: list[ExtractError] = field(default_factory=list)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _file_sha256(path: str) -> str | None:
    """SHA-256 of a regular file's bytes, or None when it cannot be read (extraction
    reports why). Opened without blocking and checked before reading, so a FIFO or a
    device named on the command line is never read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as stream:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return None


def prepare_top_file(
    path: str, display: str, key: bytes, params: WinnowParams, template: bool = False
) -> tuple[str | None, list[PreparedDoc | ExtractError]]:
    """The SHA-256 of a top-level file (None if unreadable) and :func:`prepare_file` of it.

    Hashed before extraction: if the file changes meanwhile, the recorded hash is the
    older one and the next build takes the file as changed again, which is safe.
    """
    sha256 = _file_sha256(path)
    return sha256, prepare_file(path, display, key, params, template)


def build_index(
    index_dir: str | Path,
    paths: Sequence[str],
    *,
    templates: Sequence[str] = (),
    params: WinnowParams | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    on_file: Progress | None = None,
) -> BuildResult:
    """Index secret material (files or folders) into ``index_dir``, adding to it.

    ``templates`` are template/base-corpus files whose text is excluded from
    matching (never seeds a candidate). ``on_file(origin, bytes)`` is called
    after each file. Unreadable or hostile files end up in ``errors``.

    A file indexed before under the same name (the path as given) is indexed again:
    unchanged documents are skipped, changed ones replace their old versions and,
    when the file's bytes changed, its documents that the new version no longer
    produces are taken out (``documents_removed``). A file that cannot be read at
    all (missing, no permission) keeps what the index holds of it.
    """
    create_or_open(index_dir, params)
    result = BuildResult(index=str(index_dir))
    files = [(f, d, False) for f, d in walk(list(paths))]
    files += [(f, d, True) for f, d in walk(list(templates))]
    sizes = [_size(f) for f, _, _ in files]
    with open_writer(index_dir) as writer:
        tasks = [(f, d, writer.key, writer.params, t) for f, d, t in files]
        distribute = should_distribute(sizes, scheduler, workers)
        results = fan_out(
            prepare_top_file, tasks, distribute=distribute, scheduler=scheduler, workers=workers
        )
        for number, (sha256, items) in results:
            _add_items(writer, items, result)
            _, display, template = files[number]
            if sha256 is not None:
                produced = {item.origin for item in items if isinstance(item, PreparedDoc)}
                taken = writer.replace_file(
                    display, sha256=sha256, produced=produced, template=template
                )
                if not template:
                    result.documents_removed += taken
            if on_file:
                on_file(files[number][1], sizes[number])
        result.documents_total = writer.active_secrets()
    return result


def _add_items(
    writer: IndexWriter, items: list[PreparedDoc | ExtractError], result: BuildResult
) -> None:
    for item in items:
        if isinstance(item, ExtractError):
            result.errors.append(item)
        elif writer.add(item):
            if item.template:
                result.templates += 1
            else:
                result.documents_added += 1
        else:
            result.documents_unchanged += 1


@dataclass
class RemoveResult:
    """Outcome of :func:`remove_from_index`."""

    index: str
    origins: list[str] = field(default_factory=list)
    documents_removed: int = 0
    documents_total: int = 0


def remove_from_index(
    index_dir: str | Path,
    select: str | Callable[[str], bool],
    *,
    compact: bool = False,
) -> RemoveResult:
    """Take secret documents out of ``index_dir``; later scans no longer match them.

    ``select`` is an origin (the document and its archive or mail members,
    ``origin!member…``, go) or a predicate over the origins the index holds (see
    :meth:`~baomi.fingerprint.index.IndexWriter.origins`), for callers that know
    exactly which origins belong to what. Their texts are deleted from the index;
    with ``compact`` their postings are dropped from the shards too (rewrites
    them all). Takes the index lock like a build, so it waits for a running one.
    Raises :class:`~baomi.fingerprint.index.IndexUnreadable` for a directory that
    is not an index (it is never created here).
    """
    read_meta(Path(index_dir))
    result = RemoveResult(index=str(index_dir))
    with open_writer(index_dir) as writer:
        if isinstance(select, str):
            prefix = select + "!"
            chosen = [o for o in writer.origins() if o == select or o.startswith(prefix)]
        else:
            chosen = [o for o in writer.origins() if select(o)]
        for origin in chosen:
            result.documents_removed += writer.remove(origin, members=False)
        result.origins = chosen
        if compact:
            writer.compact()
        result.documents_total = writer.active_secrets()
    return result


def scan_paths(
    index_dir: str | Path,
    paths: Sequence[str],
    *,
    params: ScanParams | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    on_file: Progress | None = None,
    report_dir: str | Path | None = None,
    report_pdf: bool = False,
) -> Iterator[Match | ExtractError]:
    """Scan suspect files or folders against an index; yields matches and per-file errors.

    With ``report_dir``, an HTML (and, with ``report_pdf``, PDF) report is
    written for each match. Raises
    :class:`~baomi.fingerprint.index.IndexUnreadable` before any work
    when ``index_dir`` is not a readable index.
    """
    IndexReader(index_dir).close()
    directory = str(Path(index_dir).resolve())
    files = list(walk(list(paths)))
    sizes = [_size(f) for f, _ in files]
    reports = str(Path(report_dir).resolve()) if report_dir else None
    tasks = [(directory, f, d, params, reports, report_pdf) for f, d in files]
    distribute = should_distribute(sizes, scheduler, workers)
    results = fan_out(scan_file, tasks, distribute=distribute, scheduler=scheduler, workers=workers)
    for number, items in results:
        yield from items
        if on_file:
            on_file(files[number][1], sizes[number])
