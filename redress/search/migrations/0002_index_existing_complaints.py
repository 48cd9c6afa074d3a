"""Search documents for the complaints stored before search existed (same text as index.py)."""

from collections import defaultdict
from typing import Any

from django.db import migrations
from django.utils import timezone

BATCH = 1000


def _join(parts: Any) -> str:
    return "\n".join(p for p in (str(s or "").strip() for s in parts) if p)


def build(apps: Any, schema_editor: Any) -> None:
    Complaint = apps.get_model("complaints", "Complaint")
    Statement = apps.get_model("investigations", "Statement")
    InboundMessage = apps.get_model("mail", "InboundMessage")
    SearchDocument = apps.get_model("search", "SearchDocument")
    db = schema_editor.connection.alias
    last = 0
    now = timezone.now()
    while True:
        rows = list(
            Complaint.objects.using(db)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk",
                "reference",
                "subject",
                "order_reference",
                "description",
                "customer__full_name",
                "customer__organisation_name",
                "customer__email",
            )[:BATCH]
        )
        if not rows:
            return
        ids = [r[0] for r in rows]
        said: dict[int, list[str]] = defaultdict(list)
        for cid, text in (
            Statement.objects.using(db)
            .filter(complaint_id__in=ids)
            .order_by("recorded_at", "id")
            .values_list("complaint_id", "text")
        ):
            said[cid].append(text)
        for cid, subject, text in (
            InboundMessage.objects.using(db)
            .filter(complaint_id__in=ids)
            .order_by("received_at", "id")
            .values_list("complaint_id", "subject", "text")
        ):
            said[cid].append(_join([subject, text]))
        SearchDocument.objects.using(db).bulk_create(
            [
                SearchDocument(
                    complaint_id=pk,
                    title=_join([subject, name, org, email, reference, order_reference]),
                    body=_join([description, *said.get(pk, [])]),
                    updated_at=now,
                )
                for pk, reference, subject, order_reference, description, name, org, email in rows
            ],
            ignore_conflicts=True,
        )
        last = ids[-1]


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("investigations", "0002_defaults"),
        ("mail", "0001_initial"),
    ]

    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
