"""A letter as a PDF: letterhead, date, reference, block or semi-block, pages numbered.

`render_pdf(document)` is pure: a `LetterDocument` of plain values in, PDF bytes out,
through WeasyPrint (HarfBuzz shapes Thai and Bengali). The fonts are named in the CSS
so fontconfig never picks one: Noto Sans for Latin text, Noto Sans Thai and Noto Sans
Bengali for the scripts it lacks (Debian's fonts-noto-core; `.ci/run` installs it).
`render_letter_pdf(letter)` reads the frozen, signed version and the letter settings.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.html import escape

from .composer import format_date

FONT_FAMILIES = ("Noto Sans", "Noto Sans Thai", "Noto Sans Bengali")

LABELS: dict[str, dict[str, str]] = {
    "en": {"reference": "Our reference", "page": "Page", "of": "of", "draft": "DRAFT"},
    "sv": {"reference": "Vårt ärende", "page": "Sida", "of": "av", "draft": "UTKAST"},
    "hr": {"reference": "Naš broj", "page": "Stranica", "of": "od", "draft": "NACRT"},
    "bn": {"reference": "আমাদের রেফারেন্স", "page": "পৃষ্ঠা", "of": "/", "draft": "খসড়া"},
    "th": {"reference": "เลขที่อ้างอิง", "page": "หน้า", "of": "/", "draft": "ฉบับร่าง"},
}
# Page numbers in the language's own digits where letters use them.
COUNTER_STYLE = {"bn": "bengali"}


@dataclass(frozen=True)
class LetterDocument:
    language: str
    layout: str  # "block" or "semi_block"
    organisation: str
    organisation_address: str
    organisation_contact: str
    date_text: str
    reference: str
    recipient_name: str
    recipient_address: str
    subject: str
    body: str
    signer_name: str = ""
    signer_title: str = ""
    signature_image: bytes = b""
    logo: bytes = b""
    draft: bool = False


def _css(document: LetterDocument) -> str:
    labels = LABELS.get(document.language, LABELS["en"])
    counter = COUNTER_STYLE.get(document.language, "decimal")
    families = ", ".join(f'"{f}"' for f in FONT_FAMILIES)
    page = (
        f'"{labels["page"]} " counter(page, {counter}) " {labels["of"]} " counter(pages, {counter})'
    )
    watermark = (
        f'@page {{ @top-center {{ content: "{labels["draft"]}"; color: #b00020; '
        "font-weight: 700; letter-spacing: 0.3em; } }"
        if document.draft
        else ""
    )
    return f"""
@page {{ size: A4; margin: 22mm 22mm 24mm 25mm;
  @bottom-center {{ content: {page}; font: 8.5pt {families}; color: #555; }} }}
@page {{ @top-right {{ content: "{escape(document.reference)}"; font: 8.5pt {families};
  color: #555; }} }}
@page :first {{ @top-right {{ content: none; }} }}
{watermark}
html {{ font-family: {families}, sans-serif; font-size: 10.5pt; line-height: 1.5; color: #111; }}
.letterhead {{ border-bottom: 1.2pt solid #1d3557; padding-bottom: 4mm; margin-bottom: 9mm; }}
.letterhead img {{ height: 14mm; float: right; }}
.org {{ font-size: 15pt; font-weight: 700; color: #1d3557; }}
.org-address, .contact {{ font-size: 8.5pt; color: #444; white-space: pre-line; }}
.recipient {{ white-space: pre-line; min-height: 24mm; }}
.dateref {{ margin: 6mm 0; }}
.dateref p {{ margin: 0; }}
.subject {{ font-size: 11pt; font-weight: 700; margin: 0 0 5mm; }}
.body p {{ margin: 0 0 3.2mm; }}
.signature {{ margin-top: 2mm; page-break-inside: avoid; }}
.signature img {{ height: 16mm; display: block; margin: 1mm 0; }}
.signature .gap {{ height: 14mm; }}
.signature p {{ margin: 0; }}
.layout-semi_block .dateref {{ text-align: right; }}
.layout-semi_block .body p {{ text-indent: 8mm; }}
.layout-semi_block .body p.first, .layout-semi_block .body p.last {{ text-indent: 0; }}
.layout-semi_block .signature {{ margin-left: 50%; }}
"""


def _data_uri(data: bytes) -> str:
    kind = "image/png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.strip().split("\n"))


def letter_html(document: LetterDocument) -> str:
    """The letter as a standalone HTML page (also what the Chromium comparison prints)."""
    labels = LABELS.get(document.language, LABELS["en"])
    paragraphs = [p for p in document.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = []
    for i, paragraph in enumerate(paragraphs):
        css = "first" if i == 0 else "last" if i == len(paragraphs) - 1 else ""
        body.append(f'<p class="{css}">{_lines(paragraph)}</p>')
    logo = f'<img src="{_data_uri(document.logo)}" alt="">' if document.logo else ""
    signature = (
        f'<img src="{_data_uri(document.signature_image)}" alt="">'
        if document.signature_image
        else '<div class="gap"></div>'
    )
    signer = ""
    if document.signer_name:
        signer = (
            f'<p class="signer">{escape(document.signer_name)}</p>'
            f'<p class="title">{escape(document.signer_title)}</p>'
        )
    return f"""<!doctype html>
<html lang="{escape(document.language)}"><head><meta charset="utf-8">
<title>{escape(document.subject)}</title><style>{_css(document)}</style></head>
<body class="layout-{escape(document.layout)}">
<header class="letterhead">{logo}<div class="org">{escape(document.organisation)}</div>
<div class="org-address">{escape(document.organisation_address)}</div>
<div class="contact">{escape(document.organisation_contact)}</div></header>
<div class="recipient">{escape(document.recipient_name)}
{escape(document.recipient_address)}</div>
<div class="dateref"><p class="date">{escape(document.date_text)}</p>
<p class="ref">{escape(labels["reference"])}: {escape(document.reference)}</p></div>
<p class="subject">{escape(document.subject)}</p>
<div class="body">{"".join(body)}</div>
<div class="signature">{signature}{signer}</div>
</body></html>"""


@cache
def _font_config() -> Any:
    # One font configuration per process: fontconfig's scan is the slow part of a first render.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_pdf(document: LetterDocument) -> bytes:
    """The letter as PDF bytes."""
    from weasyprint import HTML

    html = HTML(string=letter_html(document))
    pdf = html.write_pdf(font_config=_font_config())
    assert pdf is not None
    return bytes(pdf)


# --- From the database -----------------------------------------------------------------


def letter_settings() -> Any:
    """The organisation's letter settings, or defaults from the environment."""
    from django.conf import settings

    from .models import Layout, OrganisationLetterSettings

    found = OrganisationLetterSettings.objects.first()
    return found or OrganisationLetterSettings(
        name=settings.REDRESS_ORGANISATION_NAME, layout=Layout.BLOCK
    )


def letter_document(letter: Any, *, version: Any = None) -> LetterDocument:
    """The document of a letter: its signed version, or (a preview) the given draft version."""
    from django.utils import timezone

    signed = version is None
    version = version or letter.approved_version
    if version is None:
        raise ValueError("an unsigned letter has no signed version to render")
    approval = getattr(version, "approval", None) if signed else None
    org = letter_settings()
    logo = b""
    if org.logo:
        with org.logo.open("rb") as handle:
            logo = handle.read()
    customer = letter.complaint.customer
    when = approval.letter_date if approval is not None else timezone.localdate()
    return LetterDocument(
        language=letter.language,
        layout=org.layout,
        organisation=org.name,
        organisation_address=org.address,
        organisation_contact=org.contact,
        date_text=format_date(when, letter.language),
        reference=letter.complaint.reference,
        recipient_name=customer.organisation_name or customer.addressee,
        recipient_address=(
            (f"{customer.contact_person}\n" if customer.organisation_name else "")
            + customer.postal_address
        ).strip(),
        subject=version.subject,
        body=version.body,
        signer_name=approval.signer_name if approval else "",
        signer_title=approval.signer_title if approval else "",
        signature_image=bytes(approval.signature_image) if approval else b"",
        logo=logo,
        draft=approval is None,
    )


def render_letter_pdf(letter: Any, *, version: Any = None) -> bytes:
    """The signed letter as PDF bytes (or a draft version, marked as a draft)."""
    return render_pdf(letter_document(letter, version=version))
