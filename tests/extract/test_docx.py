"""Word documents read straight from the package: parts, sections, notes and damage."""

from __future__ import annotations

import io
import posixpath
import zipfile

import pytest

from baomi.extract import ExtractError, Unit, extract_bytes

W_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def package(
    body: str,
    *,
    main: str = "word/document.xml",
    parts: dict[str, tuple[str, str, str]] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal docx: ``body`` in the main part; ``parts`` maps a relationship id to
    (target relative to the main part, relationship type, content type) of each extra part,
    whose XML is in ``extra`` (keyed by member name)."""
    folder = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    relationships = "".join(
        f'<Relationship Id="{rid}" Type="{RT}{kind}" Target="{target}"/>'
        for rid, (target, kind, _type) in (parts or {}).items()
    )
    overrides = "".join(
        f'<Override PartName="{posixpath.normpath("/" + folder + target)}" '
        f'ContentType="{WML}{content}"/>'
        for target, _kind, content in (parts or {}).values()
    )
    members = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            f'<Override PartName="/{main}" ContentType="{WML}document.main+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="{main}"/></Relationships>'
        ).encode(),
        f"{folder}_rels/{main.rsplit('/', 1)[-1]}.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relationships}</Relationships>"
        ).encode(),
        main: f"<w:document {W_NS}><w:body>{body}</w:body></w:document>".encode(),
        **(extra or {}),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def story(root: str, *paragraphs: str) -> bytes:
    return f"<w:{root} {W_NS}>{''.join(paragraph(p) for p in paragraphs)}</w:{root}>".encode()


def text_of(data: bytes) -> str:
    (result,) = extract_bytes(data, "a.docx")
    assert isinstance(result, Unit), result
    return result.text


def error_of(data: bytes) -> ExtractError:
    (result,) = extract_bytes(data, "a.docx")
    assert isinstance(result, ExtractError), result
    return result


HEADERS_AND_FOOTERS = {
    "rId1": ("header1.xml", "header", "header+xml"),
    "rId2": ("header2.xml", "header", "header+xml"),
    "rId3": ("footer1.xml", "footer", "footer+xml"),
    "rId4": ("header3.xml", "header", "header+xml"),
}
HEADER_PARTS = {
    "word/header1.xml": story("hdr", "首页页眉"),
    "word/header2.xml": story("hdr", "页眉"),
    "word/footer1.xml": story("ftr", "页脚"),
    "word/header3.xml": story("hdr", "第二节页眉"),
}


def test_headers_and_footers_follow_the_body_section_by_section_each_once() -> None:
    first_section = (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/>'
        '<w:headerReference w:type="default" r:id="rId2"/>'
        '<w:headerReference w:type="first" r:id="rId1"/></w:sectPr>'
    )
    # The second section has its own default header, reuses the footer, and
    # links its first-page header to the previous section (no reference).
    last_section = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId4"/>'
        '<w:footerReference w:type="default" r:id="rId3"/></w:sectPr>'
    )
    body = (
        f"<w:p><w:pPr>{first_section}</w:pPr><w:r><w:t>第一节</w:t></w:r></w:p>"
        f"{paragraph('第二节')}{last_section}"
    )
    data = package(body, parts=HEADERS_AND_FOOTERS, extra=HEADER_PARTS)
    assert text_of(data) == "第一节\n第二节\n首页页眉\n页眉\n页脚\n第二节页眉"


def test_an_unreferenced_header_is_not_read() -> None:
    data = package(paragraph("正文"), parts=HEADERS_AND_FOOTERS, extra=HEADER_PARTS)
    assert text_of(data) == "正文"


def test_footnotes_endnotes_and_comments_follow_without_separators() -> None:
    def notes(root: str, item: str, *texts: str) -> bytes:
        separators = (
            f'<w:{item} w:type="separator" w:id="-1">{paragraph("SEP")}</w:{item}>'
            f'<w:{item} w:type="continuationSeparator" w:id="0">{paragraph("CONT")}</w:{item}>'
        )
        items = "".join(
            f'<w:{item} w:id="{n}">{paragraph(text)}<w:p/></w:{item}>'
            for n, text in enumerate(texts, 1)
        )
        return f"<w:{root} {W_NS}>{separators}{items}</w:{root}>".encode()

    data = package(
        paragraph("正文"),
        parts={
            "rId7": ("comments.xml", "comments", "comments+xml"),
            "rId8": ("endnotes.xml", "endnotes", "endnotes+xml"),
            "rId9": ("footnotes.xml", "footnotes", "footnotes+xml"),
        },
        extra={
            "word/footnotes.xml": notes("footnotes", "footnote", "脚注一", "脚注二"),
            "word/endnotes.xml": notes("endnotes", "endnote", "尾注"),
            "word/comments.xml": notes("comments", "comment", "批注"),
        },
    )
    assert text_of(data) == "正文\n脚注一\n脚注二\n尾注\n批注"


def test_nested_tables_fold_into_their_cell() -> None:
    inner = (
        "<w:tbl><w:tr><w:tc>"
        + paragraph("内甲")
        + "</w:tc><w:tc>"
        + paragraph("内乙")
        + "</w:tc></w:tr></w:tbl>"
    )
    outer = (
        "<w:tbl><w:tr><w:tc>"
        + paragraph("外甲")
        + inner
        + "</w:tc><w:tc><w:p/>"
        + paragraph("外乙")
        + "</w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc>"
        + paragraph("末")
        + "</w:tc></w:tr></w:tbl>"
    )
    assert text_of(package(paragraph("前") + outer)) == "前\n外甲 内甲\t内乙\t外乙\n\t末"


def test_a_main_part_elsewhere_than_word_document_xml_is_found() -> None:
    data = package(
        paragraph("正文")
        + '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/></w:sectPr>',
        main="content/main.xml",
        parts={"rId1": ("../word/header1.xml", "header", "header+xml")},
        extra={"word/header1.xml": story("hdr", "页眉")},
    )
    assert text_of(data) == "正文\n页眉"


def test_whitespace_only_runs_are_kept_and_blank_formatting_is_not() -> None:
    body = '<w:p>\n  <w:r><w:t xml:space="preserve"> </w:t></w:r>\n  <w:r><w:t>甲</w:t></w:r></w:p>'
    assert text_of(package(body + paragraph("乙"))) == " 甲\n乙"


def test_a_broken_part_that_holds_no_text_is_not_read() -> None:
    data = package(
        paragraph("正文"),
        parts={"rId1": ("styles.xml", "styles", "styles+xml")},
        extra={"word/styles.xml": b"<w:styles"},
    )
    assert text_of(data) == "正文"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        ("cut_document", "Word document"),
        ("not_a_document", "w:document"),
        ("no_body", "w:body"),
        ("missing_header", "header9.xml"),
        ("unknown_relationship", "rId5"),
        ("missing_content_type", "content type"),
        ("template", "content type"),
        ("no_main_part", "officeDocument"),
    ],
)
def test_a_damaged_package_is_a_malformed_word_document(damage: str, expected: str) -> None:
    body = (
        paragraph("正文") + '<w:sectPr><w:headerReference w:type="default" r:id="rId5"/></w:sectPr>'
    )
    header = {"rId5": ("header1.xml", "header", "header+xml")}
    data = package(body, parts=header, extra={"word/header1.xml": story("hdr", "页眉")})
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    if damage == "cut_document":
        members["word/document.xml"] = members["word/document.xml"][:60]
    elif damage == "not_a_document":
        members["word/document.xml"] = story("hdr", "正文")
    elif damage == "no_body":
        members["word/document.xml"] = f"<w:document {W_NS}/>".encode()
    elif damage == "missing_header":
        members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
            b"header1.xml", b"header9.xml"
        )
    elif damage == "unknown_relationship":
        members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
            b"rId5", b"rId6"
        )
    elif damage == "missing_content_type":
        members["[Content_Types].xml"] = (
            members["[Content_Types].xml"]
            .replace(b'<Default Extension="xml" ContentType="application/xml"/>', b"")
            .replace(b"/word/header1.xml", b"/word/other.xml")
        )
    elif damage == "template":
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"document.main+xml", b"template.main+xml"
        )
    elif damage == "no_main_part":
        members["_rels/.rels"] = members["_rels/.rels"].replace(b"officeDocument", b"other")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    error = error_of(out.getvalue())
    assert error.code == "malformed"
    assert "Word document" in error.reason
    assert expected in error.reason
