"""Keeping the search documents current: one row per complaint, rebuilt in bulk.

The write paths call `refresh([complaint.pk])` in their own transaction (intake through
the submission hook, statements and inbound mail from their services), so a search
never misses what was just written; the importer and `redress reindex` call it in bulk.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from django.db import connection
from django.utils import timezone

from redress.complaints.models import Complaint

from .models import SearchDocument

if TYPE_CHECKING:
    from redress.complaints.hooks import TransitionContext

BATCH = 1000


def _batches(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def _join(parts: Iterable[str]) -> str:
    return "\n".join(p for p in (s.strip() for s in parts) if p)


def _documents(ids: list[int]) -> list[SearchDocument]:
    from redress.investigations.models import Statement
    from redress.mail.models import InboundMessage

    said: dict[int, list[str]] = defaultdict(list)
    for complaint_id, text in (
        Statement.objects.filter(complaint_id__in=ids)
        .order_by("recorded_at", "id")
        .values_list("complaint_id", "text")
    ):
        said[complaint_id].append(text)
    for complaint_id, subject, text in (
        InboundMessage.objects.filter(complaint_id__in=ids)
        .order_by("received_at", "id")
        .values_list("complaint_id", "subject", "text")
    ):
        assert complaint_id is not None
        said[complaint_id].append(_join([subject, text]))
    now = timezone.now()
    rows = Complaint.objects.filter(pk__in=ids).values_list(
        "pk",
        "reference",
        "subject",
        "order_reference",
        "description",
        "customer__full_name",
        "customer__organisation_name",
        "customer__email",
    )
    documents = []
    for pk, reference, subject, order_reference, description, name, organisation, email in rows:
        title, body = document_text(
            reference=reference,
            subject=subject,
            order_reference=order_reference,
            description=description,
            customer=[name, organisation, email],
            said=said.get(pk, []),
        )
        documents.append(SearchDocument(complaint_id=pk, title=title, body=body, updated_at=now))
    return documents


def document_text(
    *,
    reference: str,
    subject: str,
    order_reference: str,
    description: str,
    customer: list[str],
    said: list[str],
) -> tuple[str, str]:
    """(title, body) of a complaint's search document: what names the case, what was said."""
    return (
        _join([subject, *customer, reference, order_reference]),
        _join([description, *said]),
    )


LOCK_AT_MOST = 50


def refresh(complaint_ids: Iterable[int], *, batch_size: int = BATCH) -> int:
    """(Re)build the search documents of these complaints; returns how many were written.

    Runs in batches of `batch_size` (four queries a batch); ids of complaints that do
    not exist are skipped. Call it inside the transaction that changed the text.
    """
    written = 0
    for chunk in _batches(complaint_ids, batch_size):
        if len(chunk) <= LOCK_AT_MOST and connection.in_atomic_block:
            # Two writers of one complaint's text (a statement and an email at once) read
            # and overwrite the same document: the complaint's row lock orders them, so the
            # second reads what the first committed. Bulk rebuilds run outside a transaction.
            list(
                Complaint.objects.select_for_update(of=("self",))
                .filter(pk__in=sorted(chunk))
                .values_list("pk", flat=True)
            )
        documents = _documents(chunk)
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["complaint"],
            update_fields=["title", "body", "updated_at"],
        )
        written += len(documents)
    return written


def after_submission(ctx: TransitionContext) -> None:
    refresh([ctx.complaint.pk])
