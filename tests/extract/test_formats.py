"""Every supported format gives its text, kind and origin."""

from __future__ import annotations

import contextlib
import hashlib
import io
import zipfile

import pytest

from baomi.extract import ExtractError, Unit, extract_bytes, extract_text


@contextlib.contextmanager
def zipfile_members(data: bytes):
    """The members of a zip as a dict, to edit and re-zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        yield {info.filename: source.read(info) for info in source.infolist()}


def only_unit(data: bytes, name: str) -> Unit:
    results = list(extract_bytes(data, name))
    assert len(results) == 1, results
    (result,) = results
    assert isinstance(result, Unit), result
    return result


def test_text_file_in_gbk() -> None:
    data = "客户名单：甲公司，乙公司。报价单见附件。".encode("gbk")
    unit = only_unit(data, "notes.txt")
    assert unit.text == "客户名单：甲公司，乙公司。报价单见附件。"
    assert unit.kind == "text"
    assert unit.origin == "notes.txt"
    assert unit.sha256 == hashlib.sha256(data).hexdigest()
    assert unit.language is None


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("main.py", "python"),
        ("Main.java", "java"),
        ("lib.c", "c"),
        ("lib.h", "c"),
        ("lib.cpp", "cpp"),
        ("app.js", "javascript"),
        ("app.ts", "typescript"),
        ("main.go", "go"),
        ("lib.rs", "rust"),
        ("Program.cs", "csharp"),
        ("index.php", "php"),
        ("tool.rb", "ruby"),
        ("App.kt", "kotlin"),
        ("View.swift", "swift"),
        ("schema.sql", "sql"),
        ("build.sh", "shell"),
    ],
)
def test_source_code_reports_its_language(name: str, language: str) -> None:
    source = "// 退火温度控制\nint anneal_temperature = 850; // 保密参数\n"
    unit = only_unit(source.encode("utf-8"), name)
    assert unit.kind == "code"
    assert unit.language == language
    assert unit.text == source


def test_csv_rows_become_tab_separated_lines() -> None:
    data = '名称,电话,地址\n甲公司,010-1234,"北京,海淀"\n'.encode("gb18030")
    unit = only_unit(data, "customers.csv")
    assert unit.kind == "csv"
    assert unit.text == "名称\t电话\t地址\n甲公司\t010-1234\t北京,海淀"


def test_html_drops_scripts_and_styles() -> None:
    html = (
        "<html><head><title>工艺文件</title><style>p{color:red}</style></head><body>"
        "<script>var secret = 'not text';</script><h1>退火工艺</h1><p>温度&nbsp;850&deg;C</p>"
        "<table><tr><td>甲公司</td><td>13800000000</td></tr></table></body></html>"
    )
    unit = only_unit(html.encode("utf-8"), "page.html")
    assert unit.kind == "html"
    assert "工艺文件" in unit.text
    assert "退火工艺\n温度\xa0850°C" in unit.text
    assert "甲公司\t13800000000" in unit.text
    assert "not text" not in unit.text
    assert "color" not in unit.text


def test_html_honours_its_meta_charset() -> None:
    html = '<html><head><meta charset="gb2312"></head><body><p>保密协议</p></body></html>'
    unit = only_unit(html.encode("gb2312"), "page.htm")
    assert unit.text == "保密协议"


def test_docx_paragraphs_tables_headers_and_footers(build) -> None:
    data = build.docx(
        ["第一段：工艺说明。", "第二段：退火 850 ℃。"],
        table=[["客户", "电话"], ["甲公司", "13800000000"]],
        header="机密 页眉",
        footer="第 1 页 页脚",
    )
    unit = only_unit(data, "process.docx")
    assert unit.kind == "docx"
    lines = unit.text.split("\n")
    assert lines[:4] == [
        "第一段：工艺说明。",
        "第二段：退火 850 ℃。",
        "客户\t电话",
        "甲公司\t13800000000",
    ]
    assert "机密 页眉" in lines
    assert "第 1 页 页脚" in lines


def test_xlsx_rows_per_sheet_with_sheet_names(build) -> None:
    import datetime as dt

    data = build.xlsx(
        {
            "客户名单": [
                ["名称", "电话", "金额"],
                ["甲公司", "010-1234", 12.5],
                [None, None, None],
            ],
            "报价": [["型号", "日期"], ["A-1", dt.date(2024, 3, 1)]],
        }
    )
    unit = only_unit(data, "customers.xlsx")
    assert unit.kind == "xlsx"
    assert (
        unit.text
        == "客户名单\n名称\t电话\t金额\n甲公司\t010-1234\t12.5\n报价\n型号\t日期\nA-1\t2024-03-01"
    )


def test_pptx_slides_tables_and_notes(build) -> None:
    data = build.pptx(
        "工艺参数", "退火温度 850 ℃", "讲者备注：不得外传", [["参数", "值"], ["保温", "30 分钟"]]
    )
    unit = only_unit(data, "deck.pptx")
    assert unit.kind == "pptx"
    for expected in (
        "工艺参数",
        "退火温度 850 ℃",
        "讲者备注：不得外传",
        "参数\t值",
        "保温\t30 分钟",
    ):
        assert expected in unit.text


def test_pdf_with_chinese_text(chinese_pdf: bytes) -> None:
    unit = only_unit(chinese_pdf, "scan.pdf")
    assert unit.kind == "pdf"
    assert "商业秘密保护：退火工艺温度为 850 度，保温 30 分钟。" in unit.text
    assert "第二页：客户名单属于经营秘密。" in unit.text
    assert unit.text.index("商业秘密") < unit.text.index("第二页")


def test_pdf_parsed_in_process_gives_the_same_text(chinese_pdf: bytes) -> None:
    from baomi.extract import Limits

    isolated = only_unit(chinese_pdf, "a.pdf")
    (in_process,) = extract_bytes(chinese_pdf, "a.pdf", limits=Limits(isolate_pdf=False))
    assert isinstance(in_process, Unit)
    assert in_process.text == isolated.text


def test_minimal_hand_written_pdf(build) -> None:
    data = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Anneal at 850 C for 30 min.) Tj ET")
    assert only_unit(data, "a.pdf").text == "Anneal at 850 C for 30 min."


def test_pdf_without_text_is_empty(build) -> None:
    data = build.minimal_pdf(b"0 0 m 100 100 l S")
    (result,) = extract_bytes(data, "drawing.pdf")
    assert isinstance(result, ExtractError)
    assert result.code == "empty"


def test_mail_headers_bodies_and_attachments(build) -> None:
    xlsx = build.xlsx({"Sheet": [["名称", "电话"], ["甲公司", "13800000000"]]})
    data = build.mail(
        "报价单（内部）",
        "请查收客户名单。",
        html="<p>请查收<b>客户名单</b>。</p>",
        attachments={"客户名单.xlsx": xlsx, "说明.txt": "仅限内部使用".encode("gbk")},
    )
    results = list(extract_bytes(data, "mail.eml"))
    assert [r.origin for r in results] == [
        "mail.eml",
        "mail.eml!客户名单.xlsx",
        "mail.eml!说明.txt",
    ]
    body, sheet, note = results
    assert isinstance(body, Unit) and isinstance(sheet, Unit) and isinstance(note, Unit)
    assert body.kind == "eml"
    assert "Subject: 报价单（内部）" in body.text
    assert "From: 张三 <zhangsan@example.com>" in body.text
    assert "To: competitor@example.net" in body.text
    assert "请查收客户名单。" in body.text
    assert body.text.count("客户名单") == 1  # the HTML alternative is not repeated
    assert sheet.kind == "xlsx" and "甲公司\t13800000000" in sheet.text
    assert sheet.sha256 == hashlib.sha256(xlsx).hexdigest()
    assert note.text == "仅限内部使用"


def test_mail_with_html_body_only() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "图纸"
    message.set_content(
        "<html><body><p>图纸编号 D-001</p><script>x()</script></body></html>", subtype="html"
    )
    unit = only_unit(message.as_bytes(), "m.eml")
    assert "图纸编号 D-001" in unit.text
    assert "x()" not in unit.text


def test_mail_with_gb2312_body() -> None:
    raw = (
        "Subject: =?gb2312?B?{}?=\r\nFrom: a@example.com\r\nTo: b@example.com\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=gb2312\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    )
    import base64

    subject = base64.b64encode("客户资料".encode("gb2312")).decode()
    data = raw.format(subject).encode("ascii") + "离职前请勿拷贝客户资料。\r\n".encode("gb2312")
    unit = only_unit(data, "m.eml")
    assert "Subject: 客户资料" in unit.text
    assert "离职前请勿拷贝客户资料。" in unit.text


def test_attached_message_is_extracted_recursively(build) -> None:
    from email.message import EmailMessage

    inner = EmailMessage()
    inner["Subject"] = "原始邮件"
    inner.set_content("内嵌正文")
    outer = EmailMessage()
    outer["Subject"] = "转发"
    outer.set_content("见附件")
    outer.add_attachment(inner)
    results = list(extract_bytes(outer.as_bytes(), "fwd.eml"))
    assert [r.origin for r in results] == ["fwd.eml", "fwd.eml!attachment-1.eml"]
    assert isinstance(results[1], Unit) and "内嵌正文" in results[1].text


def test_unknown_extension_is_sniffed(build) -> None:
    assert only_unit(build.docx(["嗅探"]), "download").kind == "docx"
    assert only_unit("纯文本内容，没有扩展名。".encode(), "README").kind == "text"


def test_extract_text_returns_one_documents_text(build) -> None:
    assert extract_text(build.docx(["正文"]), "a.docx") == "正文"


def test_a_renamed_document_is_read_as_what_it_is(build) -> None:
    data = build.docx(["改了扩展名的工艺文件"])
    for disguise in ("notes.txt", "photo.jpg", "data.bin", "archive.zip"):
        unit = only_unit(data, disguise)
        assert (unit.kind, unit.text, unit.origin) == ("docx", "改了扩展名的工艺文件", disguise)
    pdf = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Renamed PDF.) Tj ET")
    assert only_unit(pdf, "readme.md").kind == "pdf"


def test_a_broken_ole_file_is_malformed_as_doc_and_unsupported_otherwise() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    (error,) = extract_bytes(ole, "old.doc")
    assert isinstance(error, ExtractError) and error.code == "malformed"
    (error,) = extract_bytes(ole, "old")
    assert isinstance(error, ExtractError) and error.code == "unsupported_format"
    assert "legacy Excel" in error.reason


def test_tsv_is_read_as_a_table() -> None:
    unit = only_unit("名称\t电话\n甲公司\t1\n".encode(), "t.tsv")
    assert (unit.kind, unit.text) == ("csv", "名称\t电话\n甲公司\t1")


def test_docx_text_boxes_are_read_once(build) -> None:
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(build.docx(["正文"])))
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    box = "<w:txbxContent><w:p><w:r><w:t>文本框里的密点</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f"<w:r {namespaces}><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx></mc:Choice>'
        f"<mc:Fallback><v:textbox>{box}</v:textbox></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    document.paragraphs[0]._p.append(run)
    out = io.BytesIO()
    document.save(out)
    unit = only_unit(out.getvalue(), "box.docx")
    assert unit.text.split("\n") == ["正文", "文本框里的密点"]


def test_pptx_group_shapes_are_read(build) -> None:
    import io

    import pptx
    from pptx.util import Inches

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    group = slide.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1))
    box.text_frame.text = "组合里的配方"
    out = io.BytesIO()
    presentation.save(out)
    assert only_unit(out.getvalue(), "g.pptx").text == "组合里的配方"


def _encrypted_pdf(build, user_password: str) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    source = build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Locked recipe.) Tj ET")
    for page in PdfReader(io.BytesIO(source)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_password_protected_pdf_is_unreadable(build) -> None:
    (error,) = extract_bytes(_encrypted_pdf(build, "secret"), "locked.pdf")
    assert isinstance(error, ExtractError)
    assert error.code == "unreadable" and "password" in error.reason


def test_pdf_encrypted_without_a_user_password_is_read(build) -> None:
    assert only_unit(_encrypted_pdf(build, ""), "open.pdf").text == "Locked recipe."


def test_docx_footnotes_and_comments_are_read(build) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(build.docx(["正文"]))) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts["word/footnotes.xml"] = (
        f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>脚注：配方来源</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    ).encode()
    parts["word/comments.xml"] = (
        f'<w:comments {w}><w:comment w:id="0" w:author="李"><w:p><w:r><w:t>批注：勿外传</w:t>'
        "</w:r></w:p></w:comment></w:comments>"
    ).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/footnotes" Target="footnotes.xml"/>'
        '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/comments" Target="comments.xml"/></Relationships>',
    )
    parts["word/_rels/document.xml.rels"] = rels.encode()
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = parts["[Content_Types].xml"].decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/word/footnotes.xml" ContentType="{mime}.footnotes+xml"/>'
        f'<Override PartName="/word/comments.xml" ContentType="{mime}.comments+xml"/></Types>',
    )
    parts["[Content_Types].xml"] = types.encode()
    unit = only_unit(build.zip(parts), "notes.docx")
    assert unit.text.split("\n") == ["正文", "脚注：配方来源", "批注：勿外传"]


def test_docx_paragraph_text_in_insertions_fields_and_inline_controls(build) -> None:
    import io

    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(build.docx(["甲："])))
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph = document.paragraphs[0]._p
    for xml in (
        f'<w:ins {w} w:id="1" w:author="a"><w:r><w:t>插入的</w:t></w:r></w:ins>',
        f'<w:del {w} w:id="2" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del>',
        f"<w:sdt {w}><w:sdtContent><w:r><w:t>控件值</w:t></w:r></w:sdtContent></w:sdt>",
        f'<w:fldSimple {w} w:instr="DATE"><w:r><w:t>域结果</w:t></w:r></w:fldSimple>',
        f"<w:r {w}><w:tab/><w:t>制表后</w:t><w:br/><w:t>换行后</w:t></w:r>",
    ):
        paragraph.append(parse_xml(xml))
    out = io.BytesIO()
    document.save(out)
    assert only_unit(out.getvalue(), "a.docx").text == "甲：插入的控件值域结果\t制表后\n换行后"


def test_pptx_smartart_text_and_line_breaks_are_read() -> None:
    import io

    import pptx
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.util import Inches

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1))
    box.text_frame.text = "第一行\v第二行"
    data = (
        '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
        "<dgm:pt><dgm:t><a:p><a:r><a:t>步骤一：</a:t></a:r><a:r><a:t>配料</a:t></a:r></a:p>"
        "</dgm:t></dgm:pt><dgm:pt><dgm:t><a:p><a:r><a:t>步骤二：烧结</a:t></a:r></a:p></dgm:t>"
        "</dgm:pt></dgm:ptLst></dgm:dataModel>"
    ).encode()
    part = Part(
        PackURI("/ppt/diagrams/data1.xml"),
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        presentation.part.package,
        data,
    )
    slide.part.relate_to(
        part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData"
    )
    out = io.BytesIO()
    presentation.save(out)
    assert only_unit(out.getvalue(), "s.pptx").text == "第一行\n第二行\n步骤一：配料\n步骤二：烧结"


def test_mail_inline_images_are_skipped_but_attached_images_reported() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "带图片的邮件"
    message.set_content("纯文本正文")
    message.add_alternative("<p>HTML 正文<img src='cid:logo'></p>", subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(b"\x89PNG\r\n\x1a\n" + bytes(50), "image", "png", cid="<logo>")
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(50), maintype="image", subtype="png", filename="图纸.png"
    )
    results = list(extract_bytes(message.as_bytes(), "m.eml"))
    assert [(r.origin, type(r).__name__) for r in results] == [
        ("m.eml", "Unit"),
        ("m.eml!图纸.png", "ExtractError"),
    ]
    assert "纯文本正文" in results[0].text and "HTML 正文" not in results[0].text  # type: ignore[union-attr]
    assert results[1].code == "unsupported_format"  # type: ignore[union-attr]


def test_mail_html_body_with_related_images_gives_one_unit() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "仅 HTML"
    message.set_content("<p>HTML 正文<img src='cid:logo'></p>", subtype="html")
    message.add_related(b"\x89PNG\r\n\x1a\n" + bytes(50), "image", "png", cid="<logo>")
    assert message.get_content_type() == "multipart/related"
    unit = only_unit(message.as_bytes(), "m.eml")
    assert "HTML 正文" in unit.text


def test_html_without_closing_head_keeps_its_body() -> None:
    html = "<html><head><title>标题</title><meta charset='utf-8'><body><p>正文段落</p></body>"
    assert only_unit(html.encode(), "a.html").text == "标题\n正文段落"


def test_ofd_pages_in_reading_order_with_templates(build) -> None:
    data = build.ofd(
        [
            # Deliberately out of order: the second line first, a right-hand column.
            [(20, 30, "金额：12,000 元"), (20, 20, "名称："), (36, 20, "甲科技有限公司"),
             (150, 20, "No. 0001")],
            [(20, 20, "第二页：保密条款")],
        ],
        template=[(20, 10, "电子发票（普通发票）")],
    )  # fmt: skip
    unit = only_unit(data, "invoice.ofd")
    assert unit.kind == "ofd"
    pages = unit.text.split("\n\f")
    assert pages[0].split("\n") == [
        "电子发票（普通发票）",
        "名称：甲科技有限公司\tNo. 0001",
        "金额：12,000 元",
    ]
    assert pages[1] == "电子发票（普通发票）\n第二页：保密条款"


def test_ofd_is_recognised_by_content_and_broken_ofd_is_malformed(build) -> None:
    data = build.ofd([[(20, 20, "内容")]])
    assert only_unit(data, "download.zip").kind == "ofd"
    with zipfile_members(data) as parts:
        del parts["Doc_0/Document.xml"]
    (error,) = extract_bytes(build.zip(parts), "bad.ofd")
    assert isinstance(error, ExtractError) and error.code == "malformed"


def test_odt_paragraphs_lists_and_tables(build) -> None:
    body = (
        "<text:h>工艺规程</text:h>"
        "<text:p>温度<text:s text:c='2'/>850<text:tab/>℃<text:line-break/>保温 30 分钟"
        "<office:annotation><text:p>批注不算正文</text:p></office:annotation></text:p>"
        "<text:list><text:list-item><text:p>步骤一</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>客户</text:p></table:table-cell>"
        "<table:table-cell><text:p>电话</text:p></table:table-cell></table:table-row>"
        "</table:table>"
    )
    unit = only_unit(build.odf("text", body), "rules.odt")
    assert unit.kind == "odf"
    assert unit.text == "工艺规程\n温度  850\t℃\n保温 30 分钟\n步骤一\n客户\t电话"


def test_ods_sheets_with_repeated_cells_and_rows(build) -> None:
    body = (
        '<table:table table:name="客户名单">'
        "<table:table-row><table:table-cell><text:p>甲公司</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="2"/>'
        "<table:table-cell><text:p>138</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-repeated="16000"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row></table:table>'
        '<table:table table:name="报价"><table:table-row table:number-rows-repeated="2">'
        "<table:table-cell><text:p>同一行</text:p></table:table-cell></table:table-row>"
        "</table:table>"
    )
    unit = only_unit(build.odf("spreadsheet", body), "list.ods")
    assert unit.text == "客户名单\n甲公司\t\t\t138\n报价\n同一行\n同一行"


def test_odp_slides_and_notes(build) -> None:
    body = (
        "<draw:page><draw:frame><draw:text-box><text:p>第一页标题</text:p></draw:text-box>"
        "</draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>演讲备注</text:p>"
        "</draw:text-box></draw:frame></presentation:notes></draw:page>"
        "<draw:page><draw:frame><draw:text-box><text:p>第二页</text:p></draw:text-box>"
        "</draw:frame></draw:page>"
    )
    unit = only_unit(build.odf("presentation", body), "deck.odp")
    assert unit.text == "第一页标题\n演讲备注\n第二页"
    assert only_unit(build.odf("presentation", body), "deck.zip").kind == "odf"


RTF = (
    rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}"
    rb"{\colortbl;\red0\green0\blue0;}{\*\generator Msftedit 5.41;}\viewkind4\uc1\pard"
    rb"\f0\fs20 \'c9\'cc\'d2\'b5\'c3\'d8\'c3\'dc\par"
    rb"\u24037?\u33402?\u21442?\u25968?: 850\tab C\par"
    rb"{\field{\*\fldinst HYPERLINK http://example.com}{\fldrslt \'c1\'b4\'bd\'d3}}\par"
    rb"{\pict\wmetafile8 0123456789abcdef}"
    rb"\trowd\cellx1000\cellx2000 \'bf\'cd\'bb\'a7\cell 138\cell\row"
    rb"}"
)


def test_rtf_with_gbk_bytes_unicode_fields_and_tables() -> None:
    unit = only_unit(RTF, "contract.rtf")
    assert unit.kind == "rtf"
    assert unit.text == "商业秘密\n工艺参数: 850\tC\n链接\n客户\t138"


def test_legacy_office_names_on_other_content_are_read() -> None:
    # Many systems save RTF or HTML as .doc, and HTML tables or tab-separated text as .xls.
    assert only_unit(RTF, "template.doc").kind == "rtf"
    html = "<html><body><table><tr><td>客户</td><td>电话</td></tr></table></body></html>"
    unit = only_unit(html.encode("gbk"), "export.xls")
    assert (unit.kind, unit.text) == ("html", "客户\t电话")
    unit = only_unit("客户\t电话\n甲公司\t138\n".encode("gbk"), "export.xls")
    assert (unit.kind, unit.text) == ("csv", "客户\t电话\n甲公司\t138")


def test_a_file_named_rtf_without_rtf_content_is_malformed() -> None:
    (error,) = extract_bytes(b"just text", "a.rtf")
    assert isinstance(error, ExtractError) and error.code == "malformed"


def test_excel_2003_xml_saved_as_xls_is_read_as_rows() -> None:
    xml = (
        '<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        "<DocumentProperties><Author>导出系统</Author></DocumentProperties>"
        '<Styles><Style ss:ID="Default"><Font/></Style></Styles>'
        '<Worksheet ss:Name="客户"><Table><Row><Cell><Data ss:Type="String">名称</Data></Cell>'
        '<Cell><Data ss:Type="String">电话</Data></Cell></Row><Row><Cell><Data ss:Type="String">'
        '甲公司</Data></Cell><Cell><Data ss:Type="Number">138</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>"
    )
    unit = only_unit(xml.encode(), "export.xls")
    assert unit.text == "名称\t电话\n甲公司\t138"


WORD_PIECES = [
    ("商业秘密：退火温度 850 ℃\r", False),
    ("Anneal at 850 C\r", True),  # an 8-bit (cp1252) piece
    ('\x13 HYPERLINK "http://example.com" \x14链接文字\x15\r', False),
    ("客户\x07电话\x07\x07甲公司\x07138\x07\x07", False),
]


def test_word_97_document_text_through_the_piece_table(build) -> None:
    unit = only_unit(build.word(WORD_PIECES), "process.doc")
    assert unit.kind == "doc"
    assert (
        unit.text == "商业秘密：退火温度 850 ℃\nAnneal at 850 C\n链接文字\n客户\t电话\n甲公司\t138"
    )


def test_word_97_document_is_read_whatever_its_name(build) -> None:
    assert only_unit(build.word(WORD_PIECES), "renamed.txt").kind == "doc"
    archive = build.zip({"old/spec.doc": build.word(WORD_PIECES)})
    assert only_unit(archive, "a.zip").origin == "a.zip!old/spec.doc"


def test_encrypted_word_97_document_is_unreadable(build) -> None:
    (error,) = extract_bytes(build.word(WORD_PIECES, encrypted=True), "locked.doc")
    assert isinstance(error, ExtractError) and error.code == "unreadable"


def test_other_ole_files_are_unsupported_with_a_reason(build) -> None:
    workbook = build.cfb({"Workbook": b"\x09\x08" + bytes(5000)})
    (error,) = extract_bytes(workbook, "old.xls")
    assert isinstance(error, ExtractError) and error.code == "unsupported_format"
    assert "legacy Excel" in error.reason


def test_damaged_word_97_documents_are_malformed(build) -> None:
    data = build.word(WORD_PIECES)
    (error,) = extract_bytes(data[:1500], "cut.doc")
    assert isinstance(error, ExtractError) and error.code == "malformed"
    looped = bytearray(data)
    first_directory = int.from_bytes(looped[0x30:0x34], "little")
    fat = 512  # the first FAT sector follows the header
    looped[fat + 4 * first_directory : fat + 4 * first_directory + 4] = first_directory.to_bytes(
        4, "little"
    )  # the directory chain now points at itself
    (error,) = extract_bytes(bytes(looped), "loop.doc")
    assert isinstance(error, ExtractError) and error.code == "malformed"
    assert "chain" in error.reason


def test_word_95_documents_are_unsupported(build) -> None:
    import struct

    from baomi.extract.cfb import CompoundFile

    word = bytearray(CompoundFile(build.word(WORD_PIECES)).stream("WordDocument") or b"")
    struct.pack_into("<H", word, 2, 0x0065)
    (error,) = extract_bytes(build.cfb({"WordDocument": bytes(word)}), "old95.doc")
    assert isinstance(error, ExtractError) and error.code == "unsupported_format"
    assert "Word 6.0/95" in error.reason
