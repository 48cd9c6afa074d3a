"""Reading an RFC 5322 message: pure code, no database.

`parse_message(raw)` turns bytes into a `ParsedMail` or raises `Unreadable` with a
reason. It never lets another exception out: real mail is full of broken headers,
wrong charsets and truncated encodings, and every one of them must end up stored
or quarantined, never dropped.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag

# "Re:", "AW:", "SV:", "Odg:", "ตอบกลับ:" and the like are left in the subject;
# only the reference matters for threading.
REFERENCE_RE = re.compile(r"\bRD-\d{4}-\d{6}\b")
MESSAGE_ID_RE = re.compile(r"<([^<>\s]+)>")
# Charsets seen in the wild under names Python does not know.
CHARSET_ALIASES = {
    "x-tis-620": "tis-620",
    "tis620": "tis-620",
    "x-windows-874": "cp874",
    "windows-874": "cp874",
    "x-cp1250": "cp1250",
    "x-user-defined": "cp1252",
    "unknown-8bit": "cp1252",
    "x-unknown": "cp1252",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "utf8": "utf-8",
}
AUTOMATIC_SENDERS = ("mailer-daemon", "postmaster", "noreply-dsn", "mail-daemon")
# Elements that stand apart as paragraphs, and those that only end a line.
BLOCK_TAGS = frozenset(
    ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul",
     "ol", "hr", "section", "article", "header", "footer", "address", "figure", "form"]
)  # fmt: skip
LINE_END_TAGS = frozenset(["li", "tr", "dt", "dd", "option"])


class Unreadable(Exception):
    """The bytes cannot be taken in as a message; `reason` says why."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    inline: bool = False

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class ParsedMail:
    message_id: str
    from_address: str
    from_name: str
    subject: str
    text: str
    date: datetime | None = None
    to: list[str] = field(default_factory=list)
    reply_to: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    text_from_html: bool = False
    automatic: str = ""  # why it is an automatic message (empty: a person wrote it)
    content_language: str = ""
    defects: list[str] = field(default_factory=list)
    # Message-IDs of messages enclosed whole or by their headers (a bounce, a forward).
    enclosed_message_ids: list[str] = field(default_factory=list)
    delivery_failed: bool = False  # a delivery report saying a message could not be delivered
    delivery_detail: str = ""

    def thread_ids(self) -> list[str]:
        """The Message-IDs this one answers, nearest first, then those it encloses."""
        ids = [*self.in_reply_to, *reversed(self.references), *self.enclosed_message_ids]
        return [i for i in dict.fromkeys(ids) if i]

    def subject_reference(self) -> str:
        match = REFERENCE_RE.search(self.subject)
        return match.group(0) if match else ""


def clean(text: str) -> str:
    """Text any database takes: raw 8-bit header bytes (kept by the parser as surrogates)
    decoded as UTF-8 or else Windows-1252, and no NUL characters."""
    if any("\udc80" <= c <= "\udcff" for c in text):
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    text = text.encode("utf-8", "replace").decode("utf-8")  # any lone surrogate left
    return text.replace("\x00", "")


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def normalise_message_id(value: str) -> str:
    """`<abc@host>` → `abc@host`; a missing or silly value gives ''."""
    value = clean(value or "").strip()
    match = MESSAGE_ID_RE.search(value)
    found = match.group(1) if match else value.strip("<> \t\r\n")
    if not found or any(c.isspace() for c in found):
        return ""
    return found[:255] if len(found) <= 255 else "sha256:" + sha256(found.encode())


def message_ids_in(value: str) -> list[str]:
    return [normalise_message_id(m) for m in MESSAGE_ID_RE.findall(value or "") if m]


def storage_message_id(raw: bytes) -> str:
    """The key a message is stored under: its Message-ID, or a digest of the bytes.

    A message without a Message-ID is still stored only once when delivered twice.
    """
    try:
        head = email.message_from_bytes(raw, policy=policy.compat32)
        found = normalise_message_id(str(head.get("Message-ID", "") or ""))
    except Exception:
        found = ""
    return found or f"sha256:{sha256(raw)}@redress.invalid"


def _header(msg: Message, name: str) -> str:
    """A header as text, encoded words decoded; never raises."""
    try:
        value = msg.get(name)
    except Exception:
        value = None
        raw_values = [v for k, v in msg.raw_items() if k.lower() == name.lower()]
        if raw_values:
            value = raw_values[0]
    if value is None:
        return ""
    text = str(value)
    if "=?" in text:
        with contextlib.suppress(Exception):  # a broken encoded word: keep it as it came
            text = str(make_header(decode_header(text)))
    return " ".join(clean(text).split())


def _sender(msg: Message) -> tuple[str, str]:
    try:
        header = msg.get("From")
        addresses = getattr(header, "addresses", ())
        if addresses and addresses[0].addr_spec and "@" in addresses[0].addr_spec:
            return clean(str(addresses[0].display_name or "")), clean(addresses[0].addr_spec)
    except Exception:
        pass
    name, address = parseaddr(_header(msg, "From"))
    return name, address if "@" in address else ""


def _decode_text(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    if not isinstance(payload, bytes):
        return str(payload)
    declared = (part.get_content_charset() or "").strip().lower() or "us-ascii"
    declared = CHARSET_ALIASES.get(declared, declared)
    for charset in (declared, "utf-8"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return payload.decode(declared, errors="replace")
    except LookupError:
        return payload.decode("cp1252", errors="replace")


def html_to_text(html: str) -> str:
    """Readable text from an HTML body: scripts, styles and markup gone, paragraphs kept.

    One pass over the tree (linear even for hostile, deeply nested markup): a line
    break where a block element starts or ends, and for <br>.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "template", "noscript"]):
        tag.decompose()
    parts: list[str] = []
    open_tags: list[Tag] = []

    def close(tag: Tag) -> None:
        if tag.name in BLOCK_TAGS:
            parts.append("\n\n")
        elif tag.name in LINE_END_TAGS:
            parts.append("\n")
        elif tag.name in ("td", "th"):
            parts.append(" ")

    for node in soup.descendants:
        while open_tags and open_tags[-1] is not node.parent:
            close(open_tags.pop())
        if isinstance(node, Tag):
            open_tags.append(node)
            if node.name in BLOCK_TAGS:
                parts.append("\n\n")
            elif node.name == "br":
                parts.append("\n")
        elif isinstance(node, NavigableString) and not isinstance(node, Comment | Doctype):
            parts.append(str(node))
    return tidy_text("".join(parts))


def tidy_text(text: str) -> str:
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    return "\n".join(out).strip()


def _filename(part: Message) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    if name and "=?" in name:
        with contextlib.suppress(Exception):
            name = str(make_header(decode_header(name)))
    name = " ".join(clean(str(name or "")).split())
    # Only the last path component: a name is data, never a path.
    return re.split(r"[\\/]", name)[-1][:200]


EXTENSIONS = {
    "text/plain": ".txt",
    "text/html": ".html",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "application/pdf": ".pdf",
    "message/rfc822": ".eml",
}


@dataclass
class _Walk:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    report: bool = False
    nested_ids: list[str] = field(default_factory=list)  # Message-IDs of enclosed messages
    delivery_failed: bool = False
    delivery_detail: str = ""


def _is_attachment(part: Message) -> bool:
    try:
        disposition = (part.get_content_disposition() or "").lower()
    except Exception:
        disposition = ""
    return disposition == "attachment" or bool(_filename(part))


def _walk(msg: Message, acc: _Walk, depth: int = 0) -> None:
    if depth > 40:  # pathological nesting: stop descending, keep what we have
        return
    ctype = msg.get_content_type()
    if ctype == "message/rfc822" or (ctype.startswith("message/") and _is_attachment(msg)):
        # (Python sees message/rfc822 as multipart: its payload is the inner message.)
        _nested(msg, acc, depth)
        return
    if ctype == "message/delivery-status":
        _delivery_status(msg, acc)
        return
    if ctype == "text/rfc822-headers":
        acc.nested_ids += message_ids_in(_header_block(msg, "Message-ID"))
    if msg.is_multipart():
        if ctype == "multipart/report":
            acc.report = True
        parts = msg.get_payload()
        if not isinstance(parts, list):
            return
        if ctype == "multipart/alternative":
            # Alternatives say the same thing: take the plain text if there is one.
            plain = [p for p in parts if isinstance(p, Message) and _is_plain(p)]
            chosen = plain[-1:] or parts[-1:]
            for part in chosen:
                if isinstance(part, Message):
                    _walk(part, acc, depth + 1)
            for part in parts:
                if isinstance(part, Message) and part not in chosen:
                    # The HTML alternative may carry inline images (multipart/related):
                    # the text is said already, the pictures are kept.
                    other = _Walk()
                    _walk(part, other, depth + 1)
                    acc.attachments += other.attachments
                    acc.report = acc.report or other.report
            return
        for part in parts:
            if isinstance(part, Message):
                _walk(part, acc, depth + 1)
        return
    maintype = msg.get_content_maintype()
    if maintype == "text" and not _is_attachment(msg) and ctype in ("text/plain", "text/html"):
        text = _decode_text(msg)
        (acc.plain if ctype == "text/plain" else acc.html).append(text)
        return
    if ctype == "message/disposition-notification":
        acc.report = True
    content = _payload_bytes(msg)
    name = _filename(msg) or _default_name(msg, len(acc.attachments) + 1)
    try:
        inline = (msg.get_content_disposition() or "") == "inline" or bool(msg.get("Content-ID"))
    except Exception:
        inline = False
    acc.attachments.append(
        ParsedAttachment(filename=name, content_type=ctype, content=content, inline=inline)
    )


def _is_plain(part: Message) -> bool:
    return part.get_content_type() == "text/plain" and not _is_attachment(part)


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="replace")
    if isinstance(raw, list):
        return b"".join(p.as_bytes() for p in raw if isinstance(p, Message))
    return b""


def _default_name(part: Message, number: int) -> str:
    return f"part-{number}{EXTENSIONS.get(part.get_content_type(), '.bin')}"


def _nested(part: Message, acc: _Walk, depth: int) -> None:
    """A forwarded message: kept as an .eml attachment, its text quoted for staff."""
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, Message):
        acc.attachments.append(
            ParsedAttachment(
                filename=_filename(part) or _default_name(part, len(acc.attachments) + 1),
                content_type=part.get_content_type(),
                content=_payload_bytes(part),
            )
        )
        return
    try:
        content = inner.as_bytes()
    except Exception:
        content = _payload_bytes(part)
    subject = _header(inner, "Subject")
    acc.nested_ids += message_ids_in(_header(inner, "Message-ID"))
    acc.attachments.append(
        ParsedAttachment(
            filename=_filename(part) or f"{_safe_stem(subject) or 'message'}.eml",
            content_type="message/rfc822",
            content=content,
        )
    )
    inner_acc = _Walk()
    _walk(inner, inner_acc, depth + 1)
    body = _body(inner_acc)[0]
    lines = [
        f"From: {_header(inner, 'From')}",
        f"Date: {_header(inner, 'Date')}",
        f"Subject: {subject}",
        "",
        body,
    ]
    acc.forwarded.append("\n".join(lines).strip())
    acc.report = acc.report or inner_acc.report


def _raw_text(part: Message) -> str:
    try:
        return clean(part.as_string())
    except Exception:
        return clean(_payload_bytes(part).decode("utf-8", errors="replace"))


def _delivery_status(part: Message, acc: _Walk) -> None:
    """RFC 3464: did delivery fail for good (Action: failed), and why."""
    acc.report = True
    text = _raw_text(part)
    if re.search(r"^\s*Action:\s*failed", text, re.IGNORECASE | re.MULTILINE):
        acc.delivery_failed = True
    found = re.findall(r"^\s*(Status|Diagnostic-Code):\s*(.+)$", text, re.IGNORECASE | re.MULTILINE)
    acc.delivery_detail = "; ".join(f"{k}: {v.strip()}" for k, v in found)[:500]


def _header_block(part: Message, name: str) -> str:
    """A header from a text/rfc822-headers part (the headers of a returned message)."""
    text = _raw_text(part)
    match = re.search(rf"^{name}:[ \t]*(.*(?:\r?\n[ \t].*)*)", text, re.IGNORECASE | re.MULTILINE)
    return match.group(1) if match else ""


def _safe_stem(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.")[:60]


def _body(acc: _Walk) -> tuple[str, bool]:
    plain = tidy_text("\n\n".join(t for t in acc.plain if t.strip()))
    if plain:
        return plain, False
    html = "\n".join(acc.html)
    if html.strip():
        return html_to_text(html), True
    return "", False


def automatic_reason(msg: Message, from_address: str, report: bool) -> str:
    """Why this is a machine's message we must never answer ('' when a person wrote it).

    RFC 3834 (Auto-Submitted), the Precedence and X-Autoreply conventions, delivery
    and read reports (RFC 3464, RFC 8098), and mail from MAILER-DAEMON or a null sender.
    """
    auto_submitted = _header(msg, "Auto-Submitted").lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"[:80]
    precedence = _header(msg, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply", "auto-reply"):
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if _header(msg, name):
            return name
    suppress = _header(msg, "X-Auto-Response-Suppress").lower()
    if any(flag in suppress for flag in ("all", "autoreply", "oof")):
        return f"X-Auto-Response-Suppress: {suppress}"[:80]
    if report or msg.get_content_type() == "multipart/report":
        return "delivery or read report"
    sender = (from_address.split("@", 1)[0] or _header(msg, "From")).lower().replace(" ", "-")
    if any(name in sender for name in AUTOMATIC_SENDERS):
        return "sent by a mail system"
    return_path = _header(msg, "Return-Path")
    if return_path.replace(" ", "") == "<>":
        return "null sender (bounce)"
    return ""


def parse_message(raw: bytes) -> ParsedMail:
    """Parse one message. Raises `Unreadable` (and only that) when it cannot be taken in."""
    try:
        return _parse(raw)
    except Unreadable:
        raise
    except RecursionError:
        raise Unreadable("nested too deeply to read") from None
    except Exception as error:  # a parser bug on hostile input must not lose the mail
        detail = f"{type(error).__name__}: {error}"
        raise Unreadable("the message could not be read", detail) from None


def _parse(raw: bytes) -> ParsedMail:
    if not raw.strip():
        raise Unreadable("empty message")
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    if not msg.keys():
        raise Unreadable("no message headers")
    name, address = _sender(msg)
    acc = _Walk()
    _walk(msg, acc)
    automatic = automatic_reason(msg, address, acc.report)
    if not address and not automatic:
        # A bounce may come from "<>"; anything else needs someone to answer to.
        raise Unreadable("no sender address", _header(msg, "From")[:500])
    text, from_html = _body(acc)
    if acc.forwarded:
        text = "\n\n".join([text, *(f"---------- Forwarded message ----------\n{f}"
                                   for f in acc.forwarded)]).strip()  # fmt: skip
    try:
        date_header = _header(msg, "Date")
        date = parsedate_to_datetime(date_header) if date_header else None
        if date is not None and date.tzinfo is None:
            date = None
    except Exception:
        date = None
    try:
        to = [a for _n, a in getaddresses([_header(msg, "To"), _header(msg, "Cc")]) if "@" in a]
    except Exception:
        to = []
    reply_to = parseaddr(_header(msg, "Reply-To"))[1]
    return ParsedMail(
        message_id=normalise_message_id(_header(msg, "Message-ID")),
        from_address=address.strip().lower()[:320],
        from_name=name.strip()[:200],
        subject=_header(msg, "Subject"),
        text=text,
        text_from_html=from_html,
        date=date,
        to=to,
        reply_to=reply_to if "@" in reply_to else "",
        in_reply_to=message_ids_in(_header(msg, "In-Reply-To")),
        references=message_ids_in(_header(msg, "References")),
        attachments=acc.attachments,
        automatic=automatic,
        enclosed_message_ids=acc.nested_ids[:20],
        delivery_failed=acc.delivery_failed,
        delivery_detail=acc.delivery_detail,
        content_language=_header(msg, "Content-Language").split(",")[0].strip()[:2].lower(),
        defects=[type(d).__name__ for d in msg.defects][:20],
    )


# Where a mail client starts quoting the message being answered.
QUOTE_HEADER_RE = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Ursprungligt meddelande|Izvorna poruka|Originalnachricht)"
    r"\s*-{2,}|_{20,})\s*$",
    re.IGNORECASE,
)
OUTLOOK_FROM_RE = re.compile(r"^\s*(From|Från|Šalje|Od|Von|จาก|প্রেরক)\s*:", re.IGNORECASE)


def strip_quoted_tail(text: str) -> str:
    """A reply without the message it quotes at its end (">" lines and their
    "On … wrote:" line, or an Outlook "Original Message" block). Text quoted in the
    middle, between the customer's own lines, is kept; so is everything if the
    reply is nothing but quotation."""
    lines = text.split("\n")
    cut = len(lines)
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if QUOTE_HEADER_RE.match(line) or (
            line.strip().startswith("____") and OUTLOOK_FROM_RE.match(nxt)
        ):
            cut = i
            break
    end = cut
    while end > 0 and (lines[end - 1].startswith(">") or not lines[end - 1].strip()):
        end -= 1
    if end < cut and end > 0 and lines[end - 1].rstrip().endswith(":"):
        end -= 1  # the attribution line: "On Mon, 16 Nov 2026, Redress wrote:"
    kept = "\n".join(lines[:end]).strip()
    return kept or text


def guess_language(text: str, default: str = "en") -> str:
    """The customer's language from the script and letters they wrote in."""
    sample = text[:4000]
    if re.search(r"[\u0E00-\u0E7F]", sample):
        return "th"
    if re.search(r"[\u0980-\u09FF]", sample):
        return "bn"
    if re.search(r"[čćđžČĆĐŽ]", sample) or re.search(r"\b(poštovani|reklamacij)", sample, re.I):
        return "hr"
    if re.search(r"[åÅ]", sample) or re.search(r"\b(och|inte|jag|hej)\b", sample, re.I):
        return "sv"
    return default
