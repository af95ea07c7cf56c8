"""Hostile and broken input: each bad file is a clear per-file error, and the walk goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baomi.extract import (
    ExtractError,
    Limits,
    MalformedFile,
    Unit,
    UnsupportedFormat,
    extract_bytes,
    extract_path,
    extract_text,
)

ERROR_CODES_EXPECTED = {
    "unsupported_format",
    "archive_too_large",
    "archive_ratio",
    "archive_depth",
    "too_many_members",
    "file_too_large",
    "malformed",
    "binary",
    "timeout",
    "unreadable",
    "empty",
}


def only_error(results) -> ExtractError:
    results = list(results)
    assert len(results) == 1, results
    assert isinstance(results[0], ExtractError), results
    assert results[0].code in ERROR_CODES_EXPECTED
    assert results[0].reason and "\n" not in results[0].reason
    return results[0]


def test_a_1_gb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(1 << 30)  # sparse: nothing is written
    started = time.monotonic()
    error = only_error(extract_path(huge, limits=Limits(max_file_bytes=200 << 20)))
    assert error.code == "file_too_large"
    assert "1 GB" in error.reason
    assert time.monotonic() - started < 1


def test_oversize_bytes_are_refused() -> None:
    error = only_error(extract_bytes(b"a" * 2000, "a.txt", limits=Limits(max_file_bytes=1000)))
    assert error.code == "file_too_large"


@pytest.mark.parametrize(
    "name",
    ["broken.docx", "broken.xlsx", "broken.pptx"],
)
def test_random_bytes_named_as_office_files_are_malformed(name: str) -> None:
    error = only_error(extract_bytes(os.urandom(3000), name))
    assert error.code == "malformed"
    assert error.origin == name


def test_a_zip_without_word_parts_is_a_malformed_docx(build) -> None:
    error = only_error(extract_bytes(build.zip({"hello.txt": b"hi"}), "fake.docx"))
    assert error.code == "malformed"
    assert "Word document" in error.reason


@pytest.mark.parametrize("name", ["cut.docx", "cut.xlsx", "cut.pptx"])
def test_truncated_office_files_are_malformed(build, name: str) -> None:
    makers = {
        "cut.docx": lambda: build.docx(["正文"] * 50),
        "cut.xlsx": lambda: build.xlsx({"S": [["a", "b"]] * 50}),
        "cut.pptx": lambda: build.pptx("标题", "正文", "备注"),
    }
    data = makers[name]()
    assert only_error(extract_bytes(data[: len(data) * 2 // 3], name)).code == "malformed"


def test_a_docx_with_broken_xml_is_malformed(build) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build.docx(["正文"]))) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"][:200]
    assert only_error(extract_bytes(build.zip(parts), "bad.docx")).code == "malformed"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage" * 100,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>",
        b"not a pdf at all",
    ],
)
def test_malformed_pdfs_are_errors(data: bytes) -> None:
    assert only_error(extract_bytes(data, "bad.pdf")).code in {"malformed", "empty"}


def test_truncated_pdf_is_an_error_or_partial_text(chinese_pdf: bytes) -> None:
    results = list(extract_bytes(chinese_pdf[: len(chinese_pdf) // 3], "cut.pdf"))
    assert len(results) == 1
    assert isinstance(results[0], ExtractError | Unit)


def test_a_slow_pdf_times_out_and_the_worker_recovers(build) -> None:
    slow = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td " + b"(ab) Tj 0 -1 Td " * 100_000 + b"ET")
    started = time.monotonic()
    error = only_error(extract_bytes(slow, "slow.pdf", limits=Limits(seconds_per_file=0.5)))
    assert error.code == "timeout"
    assert time.monotonic() - started < 3
    fine = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Still working.) Tj ET")
    (unit,) = extract_bytes(fine, "fine.pdf")
    assert isinstance(unit, Unit) and unit.text == "Still working."


def test_a_timeout_stops_the_rest_of_an_archive_with_one_error(build) -> None:
    archive = build.zip({f"m{i}.txt": "保密文本".encode() for i in range(50)})
    results = list(extract_bytes(archive, "a.zip", limits=Limits(seconds_per_file=0)))
    assert [r.code for r in results] == ["timeout"]  # type: ignore[union-attr]


def test_unsupported_formats_are_reported() -> None:
    error = only_error(extract_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100), "photo.png"))
    assert error.code == "unsupported_format"
    assert ".png" in error.reason


def test_empty_and_whitespace_files_are_empty() -> None:
    assert only_error(extract_bytes(b"", "a.txt")).code == "empty"
    assert only_error(extract_bytes(b" \n\t\n", "a.txt")).code == "empty"


def test_missing_file_and_special_files_are_unreadable(tmp_path: Path) -> None:
    assert only_error(extract_path(tmp_path / "missing.txt")).code == "unreadable"
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    error = only_error(extract_path(fifo))
    assert error.code == "unreadable" and "regular" in error.reason


def test_extract_text_raises_specific_exceptions(build) -> None:
    with pytest.raises(UnsupportedFormat):
        extract_text(b"\x89PNG\r\n", "a.png")
    with pytest.raises(UnsupportedFormat):
        extract_text(build.zip({"a.txt": b"x"}), "a.zip")
    with pytest.raises(MalformedFile):
        extract_text(b"PK\x03\x04 broken", "a.docx")


def test_a_folder_with_good_and_bad_files_finishes_and_lists_the_errors(
    tmp_path: Path, build
) -> None:
    folder = tmp_path / "suspect"
    (folder / "sub").mkdir(parents=True)
    (folder / "a_good.txt").write_bytes("客户名单：甲公司。".encode("gbk"))
    (folder / "b_binary.txt").write_bytes(os.urandom(4096))
    (folder / "c_bomb.zip").write_bytes(build.zip({"x.txt": b"\0" * (8 << 20)}))
    (folder / "d_broken.docx").write_bytes(b"PK\x03\x04" + os.urandom(500))
    (folder / "e_broken.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    (folder / "f_photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(100))
    (folder / "sub" / "g_good.docx").write_bytes(build.docx(["工艺说明"]))
    (folder / "sub" / "h_empty.txt").write_bytes(b"")
    results = list(extract_path(folder, display="suspect"))
    summary = [(r.origin, r.code if isinstance(r, ExtractError) else r.kind) for r in results]
    assert summary == [
        ("suspect/a_good.txt", "text"),
        ("suspect/b_binary.txt", "binary"),
        ("suspect/c_bomb.zip!x.txt", "archive_ratio"),
        ("suspect/d_broken.docx", "malformed"),
        ("suspect/e_broken.pdf", "malformed"),
        ("suspect/f_photo.jpg", "unsupported_format"),
        ("suspect/sub/g_good.docx", "docx"),
        ("suspect/sub/h_empty.txt", "empty"),
    ]


EXTENSIONS = [
    ".txt", ".csv", ".html", ".py", ".docx", ".xlsx", ".pptx", ".pdf", ".ofd", ".eml", ".zip",
    ".tar", ".gz", ".tar.xz", ".odt", ".ods", ".rtf", ".doc", ".xls", "",
]  # fmt: skip
PREFIXES = [
    b"", b"PK\x03\x04", b"PK\x05\x06", b"%PDF-1.4\n", b"<html>", b"<table>", b"\xff\xfe",
    b"\xef\xbb\xbf", b"\x1f\x8b\x08\x00", b"BZh9", b"\xfd7zXZ\x00", b"{\\rtf1 ",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
]  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=1500),
    extension=st.sampled_from(EXTENSIONS),
)
def test_extraction_never_raises_on_random_bytes(
    prefix: bytes, body: bytes, extension: str
) -> None:
    results = list(extract_bytes(prefix + body, "random" + extension))
    assert results
    for result in results:
        assert isinstance(result, Unit | ExtractError)
        if isinstance(result, ExtractError):
            assert result.code in ERROR_CODES_EXPECTED


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_extraction_never_raises_on_damaged_real_files(sample_files, data) -> None:
    name, original = data.draw(st.sampled_from(sample_files))
    position = data.draw(st.integers(0, len(original) - 1))
    damage = data.draw(st.binary(min_size=1, max_size=16))
    damaged = original[:position] + damage + original[position + len(damage) :]
    for result in extract_bytes(damaged, name):
        assert isinstance(result, Unit | ExtractError)


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reading of the engine's clock is one second later than the last."""
    import itertools

    from baomi.extract import budget

    ticks = itertools.count()
    monkeypatch.setattr(budget, "monotonic", lambda: float(next(ticks)))


def test_a_huge_html_page_is_checked_against_the_deadline_between_chunks(ticking_clock) -> None:
    limits = Limits(seconds_per_file=5)
    small = "<p>保密段落</p>".encode()
    assert isinstance(next(iter(extract_bytes(small, "small.html", limits=limits))), Unit)
    huge = ("<div><p>" + "保密段落，" * 20 + "</p></div>\n").encode() * 20_000  # about 4 MB
    assert only_error(extract_bytes(huge, "big.html", limits=limits)).code == "timeout"


def test_a_huge_mail_is_checked_against_the_deadline_between_chunks(ticking_clock) -> None:
    limits = Limits(seconds_per_file=5)
    headers = (
        b"Subject: big\r\nFrom: a@example.com\r\nTo: b@example.com\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    )
    small = headers + "客户资料\r\n".encode()
    assert isinstance(next(iter(extract_bytes(small, "small.eml", limits=limits))), Unit)
    huge = headers + "第一行：客户资料\r\n".encode() * 200_000  # about 5 MB
    assert only_error(extract_bytes(huge, "big.eml", limits=limits)).code == "timeout"


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + "]>"
)


@pytest.mark.parametrize(
    ("name", "member"),
    [
        ("laughs.docx", "word/document.xml"),
        ("laughs.xlsx", "xl/worksheets/sheet1.xml"),
        ("laughs.pptx", "ppt/slides/slide1.xml"),
    ],
)
def test_billion_laughs_in_office_xml_is_malformed(build, name: str, member: str) -> None:
    import io
    import zipfile

    original = {
        "laughs.docx": lambda: build.docx(["XX"]),
        "laughs.xlsx": lambda: build.xlsx({"S": [["XX"]]}),
        "laughs.pptx": lambda: build.pptx("XX", "b", "c"),
    }[name]()
    with zipfile.ZipFile(io.BytesIO(original)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts[member].decode()
    if xml.startswith("<?xml"):
        xml = xml.split("?>", 1)[1]
    parts[member] = (LAUGHS + xml.replace(">XX<", ">&i;<")).encode()
    started = time.monotonic()
    assert only_error(extract_bytes(build.zip(parts), name)).code == "malformed"
    assert time.monotonic() - started < 5


def test_the_documented_error_codes_are_exported() -> None:
    from baomi.extract import ERROR_CODES

    assert set(ERROR_CODES) == ERROR_CODES_EXPECTED


def test_pdfs_from_several_threads_share_the_worker_pool(build) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def extract_one(index: int) -> str:
        pdf = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Page %d.) Tj ET" % index)
        (unit,) = extract_bytes(pdf, f"{index}.pdf")
        assert isinstance(unit, Unit)
        return unit.text

    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(extract_one, range(6)))
    assert texts == [f"Page {index}." for index in range(6)]
