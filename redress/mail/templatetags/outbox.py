"""{% complaint_outbox complaint as outgoing %}: the messages listed on the complaint page."""

from __future__ import annotations

from typing import Any

from django import template

from ..models import OutboxMessage

register = template.Library()


@register.simple_tag
def complaint_outbox(complaint: Any) -> list[OutboxMessage]:
    # The list shows kind, subject, recipients and delivery: the bodies stay in the database.
    return list(
        OutboxMessage.objects.filter(complaint_id=complaint.pk)
        .defer("text", "html", "headers")
        .order_by("created_at", "id")
    )
