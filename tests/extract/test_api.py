"""The public API: iter_files, extract_path origins and the exported names."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import baomi.extract as extract
from baomi.extract import ExtractError, Unit, extract_path, iter_files


def test_the_public_names_are_exported() -> None:
    for name in extract.__all__:
        assert hasattr(extract, name), name


def test_iter_files_walks_folders_sorted_without_following_symlinks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("x")
    root = tmp_path / "root"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "b" / "c.txt").write_text("c")
    (root / ".hidden").write_text("h")
    (root / "B.txt").write_text("B")
    (root / "link_dir").symlink_to(outside, target_is_directory=True)
    (root / "link_file.txt").symlink_to(outside / "secret.txt")
    files = [path.relative_to(root).as_posix() for path in iter_files([root])]
    assert files == [".hidden", "B.txt", "a.txt", "b/c.txt"]


def test_iter_files_yields_explicit_paths_even_if_missing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.docx"
    assert list(iter_files([missing])) == [missing]


def test_extract_path_origin_is_the_path_as_given_or_the_display_name(tmp_path: Path) -> None:
    file = tmp_path / "note.txt"
    file.write_text("保密信息", encoding="utf-8")
    (unit,) = extract_path(file)
    assert isinstance(unit, Unit) and unit.origin == str(file)
    (unit,) = extract_path(str(file), display="uploads/note.txt")
    assert unit.origin == "uploads/note.txt"


def test_extract_path_reads_members_of_an_archive_on_disk(tmp_path: Path, build) -> None:
    archive = tmp_path / "a.zip"
    archive.write_bytes(build.zip({"x/y.txt": "内容".encode(), "z.bin": os.urandom(300)}))
    results = list(extract_path(archive, display="a.zip"))
    assert [(r.origin, type(r).__name__) for r in results] == [
        ("a.zip!x/y.txt", "Unit"),
        ("a.zip!z.bin", "ExtractError"),
    ]


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "docx",
        "doc",
        "xlsx",
        "pptx",
        "odf",
        "rtf",
        "pdf",
        "ofd",
        "eml",
        "html",
        "code",
        "csv",
    ],
)
def test_every_unit_kind_is_documented(kind: str) -> None:
    assert kind in extract.UNIT_KINDS


def test_results_are_immutable(tmp_path: Path) -> None:
    import dataclasses

    error = ExtractError(origin="a", code="empty", reason="the file is empty")
    with pytest.raises(dataclasses.FrozenInstanceError):
        error.code = "x"  # type: ignore[misc]


def test_the_display_name_gives_the_format_of_an_upload(tmp_path: Path) -> None:
    stored = tmp_path / "upload-7f3a"
    stored.write_text("SECRET_RATIO = 0.618\n", encoding="utf-8")
    (unit,) = extract_path(stored, display="uploads/ratio.py")
    assert isinstance(unit, Unit)
    assert (unit.origin, unit.kind, unit.language) == ("uploads/ratio.py", "code", "python")


def test_extract_path_on_a_folder_uses_relative_origins(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    origins = [r.origin for r in extract_path(tmp_path, display="case-12/")]
    assert origins == ["case-12/b.txt", "case-12/sub/a.txt"]


def test_the_origin_keeps_the_path_exactly_as_given(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("note.txt").write_text("保密", encoding="utf-8")
    (unit,) = extract_path("./note.txt")
    assert unit.origin == "./note.txt"


def test_error_codes_match_the_exception_classes() -> None:
    classes = [extract.CannotExtract, *extract.CannotExtract.__subclasses__()]
    codes = {cls.code for cls in classes}
    assert set(extract.ERROR_CODES) == codes
    assert len(extract.ERROR_CODES) == 11


def test_wrong_argument_types_are_programming_errors() -> None:
    with pytest.raises(TypeError, match="bytes"):
        list(extract.extract_bytes("text, not bytes", "a.txt"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str"):
        list(extract.extract_bytes(b"x", None))  # type: ignore[arg-type]
    (unit,) = extract.extract_bytes(bytearray("内容".encode()), "a.txt")
    assert isinstance(unit, Unit) and unit.text == "内容"
