"""The survey's messages to people, written to the outbox in the caller's transaction."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from redress.accounts.models import User
from redress.complaints.models import Complaint
from redress.mail.models import MessageKind
from redress.mail.services import outbox_enqueue

from .models import SatisfactionCheck


def survey_url(check: SatisfactionCheck) -> str:
    return settings.REDRESS_BASE_URL.rstrip("/") + reverse("surveys:answer", args=[check.token])


def _send(
    *, to: str, subject: str, body: str, complaint: Complaint, kind: str, language: str
) -> None:
    outbox_enqueue(
        kind=kind, to=[to], subject=subject, text=body, complaint=complaint, language=language
    )


def send_survey_link(check: SatisfactionCheck, *, reminder: bool = False) -> None:
    complaint = check.complaint
    customer = complaint.customer
    if not customer.email:
        return  # staff see the link on the complaint page and can ask by phone
    with translation.override(customer.preferred_language):
        context = {
            "complaint": complaint,
            "customer": customer,
            "url": survey_url(check),
            "reminder": reminder,
        }
        subject = render_to_string("surveys/email_subject.txt", context).strip()
        body = render_to_string("surveys/email_body.txt", context)
    _send(
        to=customer.email,
        subject=subject,
        body=body,
        complaint=complaint,
        kind=MessageKind.SURVEY,
        language=customer.preferred_language,
    )


def notify_escalation(complaint: Complaint, check: SatisfactionCheck, leads: list[User]) -> None:
    for lead in leads:
        if not lead.email:
            continue
        with translation.override(lead.language):
            context = {
                "complaint": complaint,
                "check": check,
                "lead": lead,
                "url": settings.REDRESS_BASE_URL.rstrip("/")
                + reverse("complaints:detail", args=[complaint.reference]),
            }
            subject = render_to_string("surveys/escalation_subject.txt", context).strip()
            body = render_to_string("surveys/escalation_body.txt", context)
        _send(
            to=lead.email,
            subject=subject,
            body=body,
            complaint=complaint,
            kind=MessageKind.STAFF_NOTICE,
            language=lead.language,
        )
