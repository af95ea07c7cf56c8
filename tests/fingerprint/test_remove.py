"""Removing material from an index: a removed secret is never matched again."""

from __future__ import annotations

import random
import sqlite3
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baomi.fingerprint.index import IndexReader, IndexUnreadable, open_writer
from baomi.fingerprint.pipeline import build_index, remove_from_index
from baomi.fingerprint.scan import Match, ScanParams, scan_parameters, scan_unit
from baomi.fingerprint.units import text_unit

from .helpers import filler


def _write(tmp: Path, files: dict[str, str]) -> list[str]:
    paths = []
    for name, text in files.items():
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def _scan(index: Path, text: str) -> list[Match]:
    reader = IndexReader(index)
    try:
        return scan_unit(text_unit("suspect.txt", text), reader)
    finally:
        reader.close()


def _matched(index: Path, text: str) -> set[str]:
    return {m.secret.rsplit("/", 1)[-1] for m in _scan(index, text)}


def _suspect(rng: random.Random, secrets: dict[str, str]) -> str:
    """A suspect copying a long passage of every secret."""
    parts = [filler(rng, 300)]
    for text in secrets.values():
        parts += [text[500:1100], filler(rng, 300)]
    return "\n".join(parts)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10**6), st.integers(2, 5), st.data())
def test_a_removed_secret_is_never_matched_while_the_others_are(
    seed: int, count: int, data: st.DataObject
) -> None:
    rng = random.Random(seed)
    secrets = {f"secret{i}.txt": filler(rng, 2000) for i in range(count)}
    gone = data.draw(st.sampled_from(sorted(secrets)))
    suspect = _suspect(rng, secrets)
    with tempfile.TemporaryDirectory() as tmp:
        paths = _write(Path(tmp), secrets)
        index = Path(tmp) / "idx"
        build_index(index, paths)
        assert _matched(index, suspect) == set(secrets)
        origin = next(p for p in paths if p.endswith("/" + gone))
        result = remove_from_index(index, origin)
        assert (result.documents_removed, result.documents_total) == (1, count - 1)
        assert _matched(index, suspect) == set(secrets) - {gone}
        reader = IndexReader(index)
        assert reader.active_secrets == count - 1
        assert origin not in {d.origin for d in reader.docs.values()}
        assert str(count - 1) in str(scan_parameters(reader, ScanParams()))
        reader.close()


def test_removing_then_adding_the_same_file_matches_again(tmp_path: Path) -> None:
    rng = random.Random(7)
    secrets = {"a.txt": filler(rng, 2000), "b.txt": filler(rng, 2000)}
    paths = _write(tmp_path, secrets)
    index = tmp_path / "idx"
    suspect = _suspect(rng, secrets)
    build_index(index, paths)
    assert remove_from_index(index, paths[0]).documents_removed == 1
    assert _matched(index, suspect) == {"b.txt"}
    again = build_index(index, [paths[0]])
    assert (again.documents_added, again.documents_unchanged, again.documents_total) == (1, 0, 2)
    assert _matched(index, suspect) == {"a.txt", "b.txt"}
    match = next(m for m in _scan(index, suspect) if m.secret.endswith("a.txt"))
    assert match.passages and match.passages[0].secret_text  # its text is stored anew


def test_removing_an_unknown_origin_removes_nothing(tmp_path: Path) -> None:
    rng = random.Random(8)
    secrets = {"a.txt": filler(rng, 2000)}
    paths = _write(tmp_path, secrets)
    index = tmp_path / "idx"
    build_index(index, paths)
    for unknown in ("nope.txt", paths[0] + "x", paths[0][:-1], ""):
        result = remove_from_index(index, unknown)
        assert (result.documents_removed, result.documents_total) == (0, 1)
        assert result.origins == []
    with open_writer(index) as writer:
        assert writer.remove("nope.txt") == 0
    assert _matched(index, _suspect(rng, secrets)) == {"a.txt"}


def test_the_removed_texts_are_gone_from_docs_sqlite(tmp_path: Path) -> None:
    rng = random.Random(9)
    first, second = filler(rng, 2000), filler(rng, 2000)
    path = tmp_path / "plan.txt"
    keep = _write(tmp_path, {"keep.txt": filler(rng, 2000)})
    index = tmp_path / "idx"
    path.write_text(first, encoding="utf-8")
    build_index(index, [str(path), *keep])
    path.write_text(second, encoding="utf-8")  # a new version replaces the first
    build_index(index, [str(path)])
    with sqlite3.connect(index / "docs.sqlite") as db:
        assert db.execute("SELECT count(*) FROM texts").fetchone()[0] == 3
    remove_from_index(index, str(path))
    with sqlite3.connect(index / "docs.sqlite") as db:
        bodies = [zlib.decompress(b).decode() for (b,) in db.execute("SELECT body FROM texts")]
        rows = db.execute("SELECT origin, active FROM docs ORDER BY id").fetchall()
    db.close()
    assert len(bodies) == 1 and bodies[0] == Path(keep[0]).read_text(encoding="utf-8")
    assert rows == [(str(path), 0), (keep[0], 1), (str(path), 0)]
    raw = (index / "docs.sqlite").read_bytes()
    for text in (first, second):  # secure_delete: not even in free pages
        assert zlib.compress(text.encode("utf-8"), 6)[:64] not in raw


def test_members_of_an_archive_go_with_it_but_not_lookalike_names(tmp_path: Path) -> None:
    rng = random.Random(10)
    texts = {
        "pack.zip!a.txt": filler(rng, 2000),
        "pack.zip!b/c.txt": filler(rng, 2000),
        "pack.zip.txt": filler(rng, 2000),
        "pack": filler(rng, 2000),
    }
    index = tmp_path / "idx"
    with open_writer(index) as writer:
        from baomi.fingerprint.scan import prepare_texts

        for doc in prepare_texts(list(texts.items()), writer.key, writer.params):
            writer.add(doc)
    result = remove_from_index(index, "pack.zip")
    assert result.documents_removed == 2
    assert result.origins == ["pack.zip!a.txt", "pack.zip!b/c.txt"]
    assert _matched(index, _suspect(rng, texts)) == {"pack.zip.txt", "pack"}
    picked = remove_from_index(index, lambda origin: origin == "pack")
    assert (picked.documents_removed, picked.documents_total) == (1, 1)


def test_compacting_drops_the_postings_of_removed_documents(tmp_path: Path) -> None:
    rng = random.Random(11)
    secrets = {"a.txt": filler(rng, 2000), "b.txt": filler(rng, 2000)}
    paths = _write(tmp_path, secrets)
    index = tmp_path / "idx"
    build_index(index, [paths[0]])
    build_index(index, [paths[1]])
    before = IndexReader(index)
    postings = sum(len(h) for h, _, _ in before.shards)
    before.close()
    remove_from_index(index, paths[0], compact=True)
    after = IndexReader(index)
    assert len(after.shards) == 1
    assert {int(d) for d in after.shards[0][1]} == {next(iter(after.docs))}
    assert 0 < sum(len(h) for h, _, _ in after.shards) < postings
    after.close()
    assert _matched(index, _suspect(rng, secrets)) == {"b.txt"}


def test_removing_from_a_directory_that_is_no_index_refuses(tmp_path: Path) -> None:
    with pytest.raises(IndexUnreadable):
        remove_from_index(tmp_path / "missing", "a.txt")
    assert not (tmp_path / "missing").exists()
