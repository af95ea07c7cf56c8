"""Fixture builders for the extract tests: every file is generated, none is stored."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from email.message import EmailMessage

import pytest


class Build:
    """Makers of small documents in each supported format."""

    @staticmethod
    def docx(paragraphs: Iterable[str] = ("商业秘密：退火温度 850 ℃。",), *, table=None,
             header: str | None = None, footer: str | None = None) -> bytes:  # fmt: skip
        import docx

        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        if table:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
        if header is not None:
            document.sections[0].header.paragraphs[0].text = header
        if footer is not None:
            document.sections[0].footer.paragraphs[0].text = footer
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    @staticmethod
    def xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
        import openpyxl

        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    @staticmethod
    def pptx(title: str, body: str, notes: str, table: list[list[str]] | None = None) -> bytes:
        import pptx
        from pptx.util import Inches

        presentation = pptx.Presentation()
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        slide.notes_slide.notes_text_frame.text = notes
        if table:
            shape = slide.shapes.add_table(
                len(table), len(table[0]), Inches(1), Inches(4), Inches(6), Inches(1)
            )
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    shape.table.cell(r, c).text = value
        out = io.BytesIO()
        presentation.save(out)
        return out.getvalue()

    @staticmethod
    def zip(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", method) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return out.getvalue()

    @staticmethod
    def mail(subject: str, body: str, *, html: str | None = None,
             attachments: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = "张三 <zhangsan@example.com>"
        message["To"] = "competitor@example.net"
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
        for name, data in (attachments or {}).items():
            message.add_attachment(
                data, maintype="application", subtype="octet-stream", filename=name
            )
        return message.as_bytes()

    @staticmethod
    def ofd(pages: list[list[tuple[float, float, str]]], template: list[tuple[float, float, str]]
            | None = None) -> bytes:  # fmt: skip
        """An OFD package; each page is a list of (x, y, text) objects in millimetres."""
        ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'

        def content(objects: list[tuple[float, float, str]], extra: str = "") -> bytes:
            body = "".join(
                f'<ofd:TextObject ID="{i}" Boundary="{x} {y} 80 6" Font="1" Size="4">'
                f'<ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject>'
                for i, (x, y, text) in enumerate(objects)
            )
            return (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}>{extra}<ofd:Content>'
                f"<ofd:Layer>{body}</ofd:Layer></ofd:Content></ofd:Page>"
            ).encode()

        use = '<ofd:Template TemplateID="9"/>' if template else ""
        members = {
            "OFD.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} DocType="OFD" Version="1.0">'
                "<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
            ).encode(),
            "Doc_0/Document.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}><ofd:CommonData>'
                + (
                    '<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>'
                    if template
                    else ""
                )
                + "</ofd:CommonData><ofd:Pages>"
                + "".join(
                    f'<ofd:Page ID="{i}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
                    for i in range(len(pages))
                )
                + "</ofd:Pages></ofd:Document>"
            ).encode(),
        }
        for i, objects in enumerate(pages):
            members[f"Doc_0/Pages/Page_{i}/Content.xml"] = content(objects, use)
        if template:
            members["Doc_0/Tpls/Tpl_0/Content.xml"] = content(template)
        return Build.zip(members)

    @staticmethod
    def odf(kind: str, body: str) -> bytes:
        """An OpenDocument package (kind: text, spreadsheet, presentation) with this body XML."""
        namespaces = " ".join(
            f'xmlns:{prefix}="urn:oasis:names:tc:opendocument:xmlns:{name}:1.0"'
            for prefix, name in (
                ("office", "office"), ("text", "text"), ("table", "table"), ("draw", "drawing"),
                ("presentation", "presentation"),
            )
        )  # fmt: skip
        content = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces}>'
            f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
            "</office:document-content>"
        )
        return Build.zip(
            {
                "mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(),
                "content.xml": content.encode(),
            }
        )

    @staticmethod
    def cfb(streams: dict[str, bytes]) -> bytes:
        """An OLE2 compound file (version 3) with these root-level streams.

        Streams under 4096 bytes go to the mini stream, as real files do.
        """
        end, free, none, sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF, 512
        small = {name: data for name, data in streams.items() if len(data) < 4096}
        big = {name: data for name, data in streams.items() if len(data) >= 4096}
        mini_stream, mini_fat, starts = bytearray(), [], {}
        for name, data in small.items():
            count = -(-len(data) // 64)
            starts[name] = len(mini_fat) if count else end
            first = len(mini_fat)
            mini_fat += [first + i + 1 for i in range(count - 1)] + ([end] if count else [])
            mini_stream += data.ljust(count * 64, b"\0")
        sizes = [
            -(-(1 + len(streams)) * 128 // sector),
            -(-len(mini_fat) * 4 // sector),
            -(-len(mini_stream) // sector),
            *(-(-len(data) // sector) for data in big.values()),
        ]
        fat_sectors = 1
        while fat_sectors * 128 < fat_sectors + sum(sizes):
            fat_sectors += 1
        fat = [0xFFFFFFFD] * fat_sectors

        def chain(count: int) -> int:
            if not count:
                return end
            first = len(fat)
            fat.extend([first + i + 1 for i in range(count - 1)] + [end])
            return first

        directory_start, mini_fat_start, mini_stream_start = (chain(n) for n in sizes[:3])
        for name, count in zip(big, sizes[3:], strict=True):
            starts[name] = chain(count)
        fat += [free] * (fat_sectors * 128 - len(fat))

        def entry(name: str, kind: int, start: int, size: int, child: int, right: int) -> bytes:
            raw = name.encode("utf-16-le") + b"\0\0" if name else b""
            return (
                raw.ljust(64, b"\0")
                + struct.pack("<HBBIII", len(raw), kind, 1, none, right, child)
                + bytes(36)
                + struct.pack("<IQ", start, size)
            )

        names = list(streams)
        directory = entry("Root Entry", 5, mini_stream_start, len(mini_stream),
                          1 if names else none, none)  # fmt: skip
        for index, name in enumerate(names, 1):
            right = index + 1 if index < len(names) else none
            directory += entry(name, 2, starts[name], len(streams[name]), none, right)
        while len(directory) < sizes[0] * sector:
            directory += entry("", 0, 0, 0, none, none)
        header = (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
            + struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, fat_sectors,
                          directory_start, 0, 4096, mini_fat_start, sizes[1], end, 0)
            + struct.pack("<109I", *(list(range(fat_sectors)) + [free] * (109 - fat_sectors)))
        )  # fmt: skip
        body = struct.pack(f"<{len(fat)}I", *fat) + directory
        body += struct.pack(f"<{len(mini_fat)}I", *mini_fat).ljust(sizes[1] * sector, b"\xff")
        body += bytes(mini_stream).ljust(sizes[2] * sector, b"\0")
        for data in big.values():
            body += data.ljust(-(-len(data) // sector) * sector, b"\0")
        return header + body

    @staticmethod
    def word(pieces: list[tuple[str, bool]], *, encrypted: bool = False) -> bytes:
        """A Word 97-2003 .doc whose text is these (text, 8-bit?) pieces."""
        word = bytearray(0x800)
        texts = bytearray()
        positions, descriptors = [0], []
        for text, compressed in pieces:
            offset = 0x800 + len(texts)
            raw = text.encode("cp1252" if compressed else "utf-16-le")
            fc = (offset * 2) | 0x40000000 if compressed else offset
            texts += raw + (b"\0" if len(raw) % 2 else b"")
            positions.append(positions[-1] + len(text))
            descriptors.append(struct.pack("<HIH", 0, fc, 0))
        word += texts
        word = word.ljust(4096, b"\0")
        struct.pack_into("<HH", word, 0, 0xA5EC, 0x00C1)
        struct.pack_into("<H", word, 0x0A, 0x0200 | (0x0100 if encrypted else 0))
        struct.pack_into("<H", word, 0x20, 14)
        struct.pack_into("<H", word, 0x3E, 22)
        struct.pack_into("<I", word, 0x4C, positions[-1])
        struct.pack_into("<H", word, 0x98, 0x5D)
        plc = b"".join(struct.pack("<I", p) for p in positions) + b"".join(descriptors)
        clx = b"\x01" + struct.pack("<h", 3) + b"abc" + b"\x02" + struct.pack("<I", len(plc)) + plc
        struct.pack_into("<II", word, 0x1A2, 16, len(clx))
        return Build.cfb({"WordDocument": bytes(word), "1Table": bytes(16) + clx})

    @staticmethod
    def minimal_pdf(content: bytes) -> bytes:
        """A one-page PDF with the given content stream and Helvetica as /F1."""
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            len(objects) + 1,
            xref,
        )
        return bytes(out)


@pytest.fixture
def build() -> type[Build]:
    return Build


@pytest.fixture(scope="session")
def chinese_pdf() -> bytes:
    """A two-page PDF with Chinese text, rendered by WeasyPrint with the Noto CJK fonts."""
    weasyprint = pytest.importorskip("weasyprint")
    html = (
        "<html><body style='font-family: \"Noto Sans CJK SC\", sans-serif'>"
        "<p>商业秘密保护：退火工艺温度为 850 度，保温 30 分钟。</p>"
        "<p style='page-break-before: always'>第二页：客户名单属于经营秘密。</p>"
        "</body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


@pytest.fixture(scope="session")
def sample_files() -> list[tuple[str, bytes]]:
    """One small valid file of each container format, to be damaged by property tests."""
    return [
        ("a.docx", Build.docx(["正文"], table=[["甲", "乙"]])),
        ("a.xlsx", Build.xlsx({"S": [["名称", 1], ["甲公司", 2.5]]})),
        ("a.pptx", Build.pptx("标题", "正文", "备注")),
        ("a.zip", Build.zip({"a.txt": "保密".encode(), "b.zip": Build.zip({"c.txt": b"x"})})),
        ("a.eml", Build.mail("主题", "正文", attachments={"a.txt": b"attached"})),
        ("a.ofd", Build.ofd([[(20, 20, "名称："), (36, 20, "甲公司")]], [(20, 10, "发票")])),
        (
            "a.ods",
            Build.odf(
                "spreadsheet",
                '<table:table table:name="S"><table:table-row>'
                "<table:table-cell><text:p>甲</text:p></table:table-cell>"
                "</table:table-row></table:table>",
            ),
        ),
        ("a.rtf", rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 x;}}\'c9\'cc\u24037?\par\cell\row}"),
        ("a.doc", Build.word([("保密\r", False), ("text\r", True), ("甲\x07乙\x07\x07", False)])),
        ("a.tgz", _tar_gz({"a.txt": "保密".encode(), "b.py": b"x = 1\n"})),
        ("a.pdf", Build.minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Secret text.) Tj ET")),
    ]


def _tar_gz(members: dict[str, bytes]) -> bytes:
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()
