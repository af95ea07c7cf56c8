"""E-mail (RFC 5322 ``.eml``) with the stdlib ``email`` package: headers, bodies, attachments."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.feedparser import BytesFeedParser
from email.message import EmailMessage, Message

from .markup import html_to_text
from .text import decode_text

_FEED_CHUNK = 256 * 1024
_HEADERS = ("Subject", "From", "To", "Cc", "Date")


@dataclass
class MailParts:
    """A message's readable text and its attachments as (file name, bytes)."""

    text: str
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def parse_mail(data: bytes, check: Callable[[], None] | None = None) -> MailParts:
    """Split a message into header and body text, and attachments.

    Plain-text bodies are preferred; an HTML body is used when a
    ``multipart/alternative`` has no plain part, or stands alone. Attached
    messages (``message/rfc822``) are returned as ``.eml`` attachments; images
    shown inside an HTML body (``multipart/related``) are skipped.
    ``check`` is called between chunks of the input.
    """
    parser = BytesFeedParser(policy=policy.default)
    for start in range(0, len(data), _FEED_CHUNK):
        if check is not None:
            check()  # the parser is pure Python: let a huge message time out
        parser.feed(data[start : start + _FEED_CHUNK])
    message = parser.close()
    lines = []
    for name in _HEADERS:
        value = message.get(name)
        if value is not None:
            lines.append(f"{name}: {_header_text(value)}")
    parts = MailParts(text="")
    bodies: list[str] = []
    _walk(message, bodies, parts, counter=[0])
    parts.text = "\n".join(lines) + "\n\n" + "\n\n".join(body for body in bodies if body.strip())
    return parts


def _header_text(value: object) -> str:
    return " ".join(str(value).split())


def _walk(
    part: Message,
    bodies: list[str],
    parts: MailParts,
    counter: list[int],
    inside_related: bool = False,
) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or (
        part.get_content_maintype() == "message" and part.is_multipart()
    ):
        inner = part.get_payload()
        message = inner[0] if isinstance(inner, list) and inner else inner
        if isinstance(message, Message):
            name = _filename(part, counter, ".eml")
            parts.attachments.append((name, message.as_bytes(policy=policy.default)))
        return
    if part.is_multipart():
        children = [child for child in part.iter_parts()] if isinstance(part, EmailMessage) else []
        if content_type == "multipart/alternative":
            # The alternatives say the same thing: keep the plain one if there is one.
            plain = [child for child in children if child.get_content_type() == "text/plain"]
            children = plain or children[-1:]
        for child in children:
            _walk(child, bodies, parts, counter, inside_related=content_type == "multipart/related")
        return
    disposition = part.get_content_disposition()
    if inside_related and disposition != "attachment" and part.get_content_maintype() == "image":
        return  # a logo or picture shown in the HTML body, not an attachment
    if disposition == "attachment" or part.get_filename() or part.get_content_maintype() != "text":
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.attachments.append((_filename(part, counter, None), payload))
        return
    if content_type in ("text/plain", "text/html"):
        body = _body_text(part)
        bodies.append(html_to_text(body) if content_type == "text/html" else body)
    else:
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.attachments.append((_filename(part, counter, None), payload))


def _body_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(part.get_payload())
    charset = part.get_content_charset()
    if charset:
        if charset.lower() in {"gb2312", "gbk"}:
            charset = "gb18030"
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(payload)


def _filename(part: Message, counter: list[int], default_extension: str | None) -> str:
    name = part.get_filename()
    if name:
        # An attachment is one file: folders in its name are flattened.
        return name.replace("/", "_").replace("\\", "_")
    counter[0] += 1
    extension = default_extension or mimetypes.guess_extension(part.get_content_type()) or ".bin"
    return f"attachment-{counter[0]}{extension}"
