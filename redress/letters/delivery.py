"""How a signed letter leaves by email: through the outbox, like every message.

`send_letter_email` builds the message (the letter's subject, a short covering note in
the letter's language, the PDF attached) and writes it to the outbox in the surrounding
transaction, so a rolled-back send sends nothing and a crash loses nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage

if TYPE_CHECKING:
    from .models import Letter

# The covering note of the email; the letter itself is the attached PDF.
COVER_NOTE = {
    "en": "Please find attached our letter about your complaint {reference}.",
    "sv": "Bifogat finns vårt brev om ditt klagomål {reference}.",
    "hr": "U privitku Vam dostavljamo naše pismo u vezi s Vašim prigovorom {reference}.",
    "bn": "আপনার অভিযোগ {reference} সম্পর্কে আমাদের চিঠিটি সংযুক্ত করা হলো।",
    "th": "บริษัทฯ ขอส่งหนังสือเกี่ยวกับข้อร้องเรียนเลขที่ {reference} ของท่านมาพร้อมนี้",
}


def letter_email(letter: Letter, pdf: bytes, to: list[str], cc: list[str]) -> EmailMessage:
    """The email that carries a signed letter: subject, covering note and body, PDF attached."""
    version = letter.approved_version
    assert version is not None
    reference = letter.complaint.reference
    note = COVER_NOTE.get(letter.language, COVER_NOTE["en"]).format(reference=reference)
    message = EmailMessage(
        subject=version.subject,
        body=f"{note}\n\n{version.body}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        cc=cc,
    )
    message.attach(f"{reference}.pdf", pdf, "application/pdf")
    return message


def send_letter_email(letter: Letter, pdf_bytes: bytes, to: list[str], cc: list[str]) -> None:
    """Queue the signed letter with its PDF in the outbox, in the current transaction."""
    from redress.mail.models import MessageKind
    from redress.mail.services import outbox_enqueue

    message = letter_email(letter, pdf_bytes, to, cc)
    outbox_enqueue(
        kind=MessageKind.LETTER,
        to=list(message.to),
        cc=list(message.cc),
        subject=str(message.subject),
        text=str(message.body),
        complaint=letter.complaint,
        language=letter.language,
        attachments=[(f"{letter.complaint.reference}.pdf", "application/pdf", pdf_bytes)],
    )
