"""Visible text of HTML: stdlib ``html.parser``, scripts and styles dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from .text import decode_text

# <head> is not skipped: its end tag is optional, and only <title> in it holds text.
_SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "styles", "documentproperties"}
)
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "table", "tr", "ul", "title", "caption", "tbody", "thead", "tfoot",
        "row", "worksheet",  # Excel 2003 XML (SpreadsheetML)
    }
)  # fmt: skip
_FEED_CHUNK = 256 * 1024
_CELLS = frozenset({"td", "th", "cell"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        elif tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            self.parts.append("\n")
        elif tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str, check: Callable[[], None] | None = None) -> str:
    """The visible text of an HTML document: title first, block elements on their own lines.

    ``check`` is called between chunks of the input (the parser is pure Python;
    a deadline check lets a huge page time out).
    """
    collector = _TextCollector()
    for start in range(0, len(markup), _FEED_CHUNK):
        if check is not None:
            check()
        collector.feed(markup[start : start + _FEED_CHUNK])
    collector.close()
    body = "".join(collector.parts)
    lines = [re.sub(r"[ \t\r\f\v]*\t[ \t\r\f\v]*", "\t", line).strip() for line in body.split("\n")]
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(collector.title).split())
    return f"{title}\n{text}" if title else text


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: a ``<meta charset>`` declaration if it holds, else detection."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        encoding = match.group(1).decode("ascii").lower()
        if encoding in {"gb2312", "gbk"}:
            encoding = "gb18030"
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)
