"""Staff notifications about deadlines.

`notify_staff` is the one place a deadline message leaves the system: it writes to the
outbox in the caller's transaction, and the worker delivers it. Whether a notice is sent at all is
decided before this, by a unique DeadlineNotice row, so this function never decides
"once".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from redress.accounts.models import User
from redress.accounts.roles import Role, group_name
from redress.complaints.models import Complaint
from redress.mail.models import MessageKind
from redress.mail.services import outbox_enqueue


def quality_leads() -> list[User]:
    return list(
        User.objects.filter(is_active=True, groups__name=group_name(Role.QUALITY_LEAD))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def responsible_people(complaint: Complaint) -> list[User]:
    """The responsible person; before there is one, who took it in; else the quality leads."""
    for user in (complaint.assignee, complaint.intake_by):
        if user is not None and user.is_active and user.email:
            return [user]
    return quality_leads()


def complaint_url(complaint: Complaint) -> str:
    base = settings.REDRESS_BASE_URL.rstrip("/")
    return base + reverse("complaints:detail", args=[complaint.reference])


def notify_staff(*, users: Iterable[User], template: str, context: dict[str, Any]) -> list[str]:
    """Email each user, in their own language, once the transaction commits.

    `template` names a pair: `<template>_subject.txt` and `<template>_body.txt`.
    Returns the addresses written to.
    """
    seen: set[str] = set()
    sent = []
    for user in users:
        if not user.email or user.email in seen:
            continue
        seen.add(user.email)
        with translation.override(user.language or settings.LANGUAGE_CODE):
            data = {
                **context,
                "user": user,
                "url": complaint_url(context["complaint"]) if "complaint" in context else "",
            }
            subject = " ".join(render_to_string(f"{template}_subject.txt", data).split())
            body = render_to_string(f"{template}_body.txt", data)
        outbox_enqueue(
            kind=(
                MessageKind.DEADLINE_WARNING
                if template.endswith("warning")
                else MessageKind.STAFF_NOTICE
            ),
            to=[user.email],
            subject=subject,
            text=body,
            complaint=context.get("complaint"),
            language=user.language or settings.LANGUAGE_CODE,
        )
        sent.append(user.email)
    return sent
