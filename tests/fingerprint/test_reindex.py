"""Indexing a changed file again: what its new version no longer holds stops matching.

The owner of an archive of secrets takes a document out of it and builds the index
again: that document must not be matched any more, the others still are.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
import tempfile
import zipfile
import zlib
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from baomi.cli import app
from baomi.extract import ExtractError
from baomi.fingerprint import pipeline
from baomi.fingerprint.index import IndexReader, PreparedDoc
from baomi.fingerprint.pipeline import build_index
from baomi.fingerprint.scan import scan_unit
from baomi.fingerprint.units import text_unit
from baomi.fingerprint.winnow import WinnowParams

from .helpers import filler

runner = CliRunner()


def _zip(path: Path, members: dict[str, str]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    path.write_bytes(buffer.getvalue())


def _mail(path: Path, body: str, attachments: dict[str, str]) -> None:
    message = EmailMessage()
    message["From"] = "alice@example.com"
    message["To"] = "bob@example.com"
    message["Subject"] = "plans"
    message.set_content(body)
    for name, text in attachments.items():
        message.add_attachment(text.encode("utf-8"), "text", "plain", filename=name)
    path.write_bytes(message.as_bytes())


def _copy_of(*texts: str, seed: int = 0) -> str:
    """A suspect copying a long passage of each text, between unrelated filler."""
    rng = random.Random(seed)
    parts = [filler(rng, 300)]
    for text in texts:
        parts += [text[500:1100], filler(rng, 300)]
    return "\n".join(parts)


def _matched(index: Path, suspect: str) -> set[str]:
    reader = IndexReader(index)
    try:
        return {m.secret for m in scan_unit(text_unit("suspect.txt", suspect), reader)}
    finally:
        reader.close()


def _rows(index: Path) -> list[tuple[int, str, int, int]]:
    """``(id, origin, template, active)`` of every document row."""
    with sqlite3.connect(index / "docs.sqlite") as db:
        rows = db.execute("SELECT id, origin, template, active FROM docs ORDER BY id").fetchall()
    db.close()
    return rows


def _active(index: Path, *, template: bool = False) -> set[str]:
    return {origin for _, origin, t, active in _rows(index) if active and t == template}


def _stored_texts(index: Path) -> list[str]:
    with sqlite3.connect(index / "docs.sqlite") as db:
        bodies = [zlib.decompress(b).decode() for (b,) in db.execute("SELECT body FROM texts")]
    db.close()
    return bodies


def _texts(rng: random.Random, names: list[str]) -> dict[str, str]:
    return {name: filler(rng, 2000) for name in names}


def test_a_member_taken_out_of_an_archive_no_longer_matches(tmp_path: Path) -> None:
    rng = random.Random(1)
    members = _texts(rng, ["a.txt", "b.txt", "c/d.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    first = build_index(index, [str(archive)])
    assert (first.documents_added, first.documents_total) == (3, 3)
    suspect = _copy_of(members["b.txt"])
    assert _matched(index, suspect) == {f"{archive}!b.txt"}

    _zip(archive, {k: v for k, v in members.items() if k != "b.txt"})
    again = build_index(index, [str(archive)])

    assert again.documents_added == 0 and again.documents_unchanged == 2
    assert (again.documents_removed, again.documents_total) == (1, 2)
    assert _matched(index, suspect) == set()
    assert _matched(index, _copy_of(members["a.txt"], members["c/d.txt"])) == {
        f"{archive}!a.txt",
        f"{archive}!c/d.txt",
    }
    assert members["b.txt"] not in _stored_texts(index)  # like remove: its text is deleted
    assert IndexReader(index).active_secrets == 2


def test_a_changed_member_replaces_its_old_version_and_a_new_one_is_added(
    tmp_path: Path,
) -> None:
    rng = random.Random(2)
    members = _texts(rng, ["a.txt", "b.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    build_index(index, [str(archive)])
    changed = {"a.txt": filler(rng, 2000), "new.txt": filler(rng, 2000)}
    _zip(archive, changed)

    again = build_index(index, [str(archive)])

    assert (again.documents_added, again.documents_unchanged) == (2, 0)
    assert (again.documents_removed, again.documents_total) == (1, 2)
    assert _active(index) == {f"{archive}!a.txt", f"{archive}!new.txt"}
    assert _matched(index, _copy_of(members["a.txt"], members["b.txt"])) == set()
    assert _matched(index, _copy_of(*changed.values())) == {
        f"{archive}!a.txt",
        f"{archive}!new.txt",
    }


def test_an_attachment_taken_out_of_a_mail_no_longer_matches(tmp_path: Path) -> None:
    rng = random.Random(3)
    body = filler(rng, 2000)
    attachments = _texts(rng, ["报价.txt", "notes.txt"])
    mail = tmp_path / "mail.eml"
    _mail(mail, body, attachments)
    index = tmp_path / "idx"
    assert build_index(index, [str(mail)]).documents_total == 3
    suspect = _copy_of(attachments["notes.txt"])
    assert _matched(index, suspect) == {f"{mail}!notes.txt"}

    _mail(mail, body, {"报价.txt": attachments["报价.txt"]})
    again = build_index(index, [str(mail)])

    # The mail's own text changed too (one attachment less): it replaces its old version.
    assert (again.documents_added, again.documents_unchanged) == (1, 1)
    assert (again.documents_removed, again.documents_total) == (1, 2)
    assert _matched(index, suspect) == set()
    assert _matched(index, _copy_of(attachments["报价.txt"])) == {f"{mail}!报价.txt"}
    assert _active(index) == {str(mail), f"{mail}!报价.txt"}


def test_an_unchanged_file_indexed_again_changes_nothing(tmp_path: Path) -> None:
    rng = random.Random(4)
    members = _texts(rng, ["a.txt", "b.txt", "c.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    plain = tmp_path / "plain.txt"
    plain.write_text(filler(rng, 2000), encoding="utf-8")
    index = tmp_path / "idx"
    build_index(index, [str(archive), str(plain)])
    rows = _rows(index)

    again = build_index(index, [str(archive), str(plain)])

    assert (again.documents_added, again.documents_unchanged) == (0, 4)
    assert (again.documents_removed, again.documents_total) == (0, 4)
    assert _rows(index) == rows  # no new rows, no flag changed


def test_an_unchanged_file_keeps_its_documents_when_extraction_fails_this_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A time-out on a busy machine must not drop material whose file did not change."""
    rng = random.Random(5)
    members = _texts(rng, ["a.txt", "b.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    build_index(index, [str(archive)])
    real = pipeline.prepare_file

    def flaky(
        path: str, display: str, key: bytes, params: WinnowParams, template: bool = False
    ) -> list[PreparedDoc | ExtractError]:
        items = real(path, display, key, params, template)
        return [
            ExtractError(i.origin, "timeout", "too slow")
            if isinstance(i, PreparedDoc) and i.origin.endswith("b.txt")
            else i
            for i in items
        ]

    monkeypatch.setattr(pipeline, "prepare_file", flaky)
    again = build_index(index, [str(archive)])

    assert [e.code for e in again.errors] == ["timeout"]
    assert (again.documents_removed, again.documents_total) == (0, 2)
    assert _matched(index, _copy_of(members["b.txt"])) == {f"{archive}!b.txt"}


@pytest.mark.parametrize(
    ("new_content", "code"),
    [(b"", "empty"), (b"PK\x03\x04 no longer a real archive", "malformed")],
)
def test_a_file_whose_new_version_gives_no_text_stops_matching(
    tmp_path: Path, new_content: bytes, code: str
) -> None:
    rng = random.Random(6)
    members = _texts(rng, ["a.txt", "b.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    keep = tmp_path / "keep.txt"
    keep.write_text(filler(rng, 2000), encoding="utf-8")
    index = tmp_path / "idx"
    build_index(index, [str(archive), str(keep)])

    archive.write_bytes(new_content)
    again = build_index(index, [str(archive)])

    assert [(e.origin, e.code) for e in again.errors] == [(str(archive), code)]
    assert (again.documents_removed, again.documents_total) == (2, 1)
    assert _matched(index, _copy_of(*members.values())) == set()
    assert _active(index) == {str(keep)}
    assert _stored_texts(index) == [keep.read_text(encoding="utf-8")]


def test_a_plain_file_that_is_now_empty_stops_matching(tmp_path: Path) -> None:
    rng = random.Random(7)
    plan = tmp_path / "plan.txt"
    text = filler(rng, 2000)
    plan.write_text(text, encoding="utf-8")
    index = tmp_path / "idx"
    build_index(index, [str(plan)])
    plan.write_text(" \n", encoding="utf-8")

    again = build_index(index, [str(plan)])

    assert [e.code for e in again.errors] == ["empty"]
    assert (again.documents_removed, again.documents_total) == (1, 0)
    assert _matched(index, _copy_of(text)) == set()
    plan.write_text(text, encoding="utf-8")  # the text comes back: indexed anew
    back = build_index(index, [str(plan)])
    assert (back.documents_added, back.documents_total) == (1, 1)
    assert _matched(index, _copy_of(text)) == {str(plan)}


def test_a_missing_file_keeps_what_the_index_holds_of_it(tmp_path: Path) -> None:
    """Nothing was read, so nothing is known about a new version: take it out with remove."""
    rng = random.Random(8)
    members = _texts(rng, ["a.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    build_index(index, [str(archive)])
    archive.unlink()

    again = build_index(index, [str(archive)])

    assert [e.code for e in again.errors] == ["unreadable"]
    assert (again.documents_removed, again.documents_total) == (0, 1)
    assert _matched(index, _copy_of(members["a.txt"])) == {f"{archive}!a.txt"}


def test_lookalike_names_are_left_alone(tmp_path: Path) -> None:
    rng = random.Random(9)
    folder = tmp_path / "dir"
    folder.mkdir()
    texts: dict[str, str] = {}
    for name in ("a.zip", "a.zip.bak", "a.zip2"):
        members = _texts(rng, ["x.txt", "y.txt"])
        _zip(folder / name, members)
        texts.update({f"{folder}/{name}!{k}": v for k, v in members.items()})
    # A file whose own name looks like a member of a.zip (a "!" in a file name).
    texts[f"{folder}/a.zip!z.txt"] = filler(rng, 2000)
    (folder / "a.zip!z.txt").write_text(texts[f"{folder}/a.zip!z.txt"], encoding="utf-8")
    index = tmp_path / "idx"
    assert build_index(index, [str(folder)]).documents_total == 7

    _zip(folder / "a.zip", {"y.txt": texts[f"{folder}/a.zip!y.txt"]})
    again = build_index(index, [str(folder)])

    gone = f"{folder}/a.zip!x.txt"
    assert (again.documents_removed, again.documents_total) == (1, 6)
    assert _active(index) == set(texts) - {gone}
    assert _matched(index, _copy_of(*texts.values())) == set(texts) - {gone}


def test_templates_follow_the_same_rule_within_templates(tmp_path: Path) -> None:
    rng = random.Random(10)
    members = _texts(rng, ["form.txt", "letterhead.txt"])
    archive = tmp_path / "base.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    first = build_index(index, [str(archive)], templates=[str(archive)])
    assert (first.documents_total, first.templates) == (2, 2)

    _zip(archive, {"form.txt": members["form.txt"]})
    again = build_index(index, [], templates=[str(archive)])

    assert again.documents_removed == 0  # counts secrets only
    assert _active(index, template=True) == {f"{archive}!form.txt"}
    # The same origins indexed as secrets belong to another build: untouched.
    assert _active(index) == {f"{archive}!form.txt", f"{archive}!letterhead.txt"}
    assert len(IndexReader(index).templates) == 1


def test_an_index_built_before_file_hashes_were_kept_is_repaired(tmp_path: Path) -> None:
    rng = random.Random(11)
    members = _texts(rng, ["a.txt", "b.txt"])
    archive = tmp_path / "pack.zip"
    _zip(archive, members)
    index = tmp_path / "idx"
    build_index(index, [str(archive)])
    with sqlite3.connect(index / "docs.sqlite") as db:
        db.execute("DROP TABLE files")  # as an index written by an older version
    db.close()
    _zip(archive, {"a.txt": members["a.txt"]})

    again = build_index(index, [str(archive)])

    assert (again.documents_removed, again.documents_total) == (1, 1)
    assert _matched(index, _copy_of(members["b.txt"])) == set()


def _build_json(index: Path, *paths: Path) -> dict[str, object]:
    built = runner.invoke(app, ["index", "build", str(index), *map(str, paths), "--json"])
    assert built.exit_code == 0, built.stderr
    line: dict[str, object] = json.loads(built.stdout.strip().splitlines()[-1])
    return line


def test_building_twice_on_the_command_line_reports_consistent_counts(tmp_path: Path) -> None:
    rng = random.Random(12)
    folder = tmp_path / "secrets"
    folder.mkdir()
    members = _texts(rng, ["a.txt", "b.txt", "c.txt"])
    _zip(folder / "pack.zip", members)
    (folder / "plain.txt").write_text(filler(rng, 2000), encoding="utf-8")
    index = tmp_path / "idx"

    first = _build_json(index, folder)
    same = _build_json(index, folder)
    _zip(folder / "pack.zip", {k: v for k, v in members.items() if k != "c.txt"})
    smaller = _build_json(index, folder)

    counts = ("documents_added", "documents_unchanged", "documents_total")
    assert [tuple(r[c] for c in counts) for r in (first, same, smaller)] == [
        (4, 0, 4),
        (0, 4, 4),
        (0, 3, 3),
    ]
    human = runner.invoke(app, ["index", "build", str(index), str(folder)])
    assert human.exit_code == 0
    assert "0 documents added, 3 unchanged, 3 in the index" in human.stdout
    suspects = tmp_path / "suspects"
    suspects.mkdir()
    (suspects / "c-copy.txt").write_text(_copy_of(members["c.txt"]), encoding="utf-8")
    (suspects / "a-copy.txt").write_text(_copy_of(members["a.txt"]), encoding="utf-8")
    scanned = runner.invoke(app, ["index", "scan", str(index), str(suspects), "--json"])
    assert scanned.exit_code == 0, scanned.stderr
    lines = [json.loads(line) for line in scanned.stdout.splitlines() if line.strip()]
    assert [(m["suspect"], m["secret"]) for m in lines] == [
        (f"{suspects}/a-copy.txt", f"{folder}/pack.zip!a.txt")
    ]


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 5), st.data())
def test_after_any_change_exactly_the_members_of_the_new_version_match(
    seed: int, count: int, data: st.DataObject
) -> None:
    rng = random.Random(seed)
    old = _texts(rng, [f"m{i}.txt" for i in range(count)])
    kept = data.draw(st.sets(st.sampled_from(sorted(old))), label="kept")
    edited = data.draw(st.sets(st.sampled_from(sorted(old))), label="edited") & kept
    added = data.draw(st.integers(0, 2), label="added")
    new = {k: (filler(rng, 2000) if k in edited else v) for k, v in old.items() if k in kept}
    new.update(_texts(rng, [f"new{i}.txt" for i in range(added)]))
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "pack.zip"
        index = Path(tmp) / "idx"
        _zip(archive, old)
        build_index(index, [str(archive)])
        _zip(archive, new)

        again = build_index(index, [str(archive)])

        expected = {f"{archive}!{name}" for name in new}
        assert _active(index) == expected
        assert again.documents_total == len(new)
        assert again.documents_removed == len(set(old) - kept)
        assert again.documents_unchanged == len(kept - edited)
        assert again.documents_added == len(edited) + added
        assert _matched(index, _copy_of(*old.values(), *new.values())) == expected
        assert sorted(_stored_texts(index)) == sorted(
            [*new.values(), *(old[k] for k in edited)]  # replaced versions keep their text
        )
