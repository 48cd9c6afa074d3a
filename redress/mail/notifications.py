"""Messages Redress writes to customers, rendered in their language and put in the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from redress.complaints.hooks import TransitionContext
from redress.complaints.models import Channel, Complaint

from .models import MessageKind, OutboxMessage
from .services import outbox_enqueue


@dataclass
class Rendered:
    subject: str
    text: str
    html: str
    language: str


def render_message(name: str, language: str, context: dict[str, Any]) -> Rendered:
    """Render mail/<name>.<language>.{subject.txt,txt,html}, falling back to English."""
    languages = dict(settings.LANGUAGES)
    language = language if language in languages else settings.LANGUAGE_CODE
    try:
        render_to_string(f"mail/{name}.{language}.subject.txt", context)
    except TemplateDoesNotExist:
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        data = {**context, "language": language}
        subject = render_to_string(f"mail/{name}.{language}.subject.txt", data)
        data["subject_line"] = " ".join(subject.split())
        return Rendered(
            subject=data["subject_line"],
            text=render_to_string(f"mail/{name}.{language}.txt", data).strip() + "\n",
            html=render_to_string(f"mail/{name}.{language}.html", data),
            language=language,
        )


def tracking_url(complaint: Complaint) -> str:
    path = reverse("channels:track", kwargs={"token": complaint.tracking_token})
    return f"{settings.REDRESS_BASE_URL}{path}"


def acknowledgement_enqueue(ctx: TransitionContext) -> None:
    """After-hook: the primary response by email, when we have the customer's address."""
    complaint = ctx.complaint
    customer = complaint.customer
    if not customer.email:
        return None
    if OutboxMessage.objects.filter(complaint=complaint, kind=MessageKind.ACKNOWLEDGEMENT).exists():
        return None
    language = customer.preferred_language or complaint.language
    rendered = render_message(
        "acknowledgement",
        language,
        {
            "name": customer.addressee or customer.email,
            "reference": complaint.reference,
            "complaint_subject": complaint.subject,
            "reply_due_on": complaint.reply_due_on,
            "tracking_url": tracking_url(complaint),
            "organisation": settings.REDRESS_ORGANISATION_NAME,
        },
    )
    # RFC 3834: an answer to a mail is auto-replied, anything else auto-generated; either
    # way a well-behaved responder on the other side does not answer it.
    auto = "auto-replied" if complaint.channel == Channel.EMAIL else "auto-generated"
    outbox_enqueue(
        kind=MessageKind.ACKNOWLEDGEMENT,
        complaint=complaint,
        to=[customer.email],
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        language=rendered.language,
        reply_to=settings.DEFAULT_FROM_EMAIL,
        headers={"Auto-Submitted": auto, "X-Auto-Response-Suppress": "All"},
        actor=ctx.actor,
    )
