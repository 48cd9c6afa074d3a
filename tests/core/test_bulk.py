"""redress.core.bulk: rows written below the ORM read back as the ORM writes them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from redress.complaints.models import Complaint, JournalEvent
from redress.core.bulk import insert_dicts, insert_rows, reserve_ids
from redress.customers.models import Customer
from redress.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_reserved_ids_are_never_handed_out_again(submit):
    first = reserve_ids(Complaint, 3)
    second = reserve_ids(Complaint, 2)  # nothing written in between

    assert len(set(first + second)) == 5
    assert min(second) > max(first)
    assert submit().pk > max(second)


def test_tuples_get_the_defaults_and_come_back_as_the_orm_stores_them(category):
    now = timezone.now()
    [customer_id] = reserve_ids(Customer, 1)
    insert_rows(
        Customer, ["id", "full_name", "email"], [(customer_id, "Ada", "ada@example.org")], now=now
    )
    ids = reserve_ids(Complaint, 2)
    received = now - timedelta(days=3, microseconds=7)
    insert_rows(
        Complaint,
        [
            "id",
            "reference",
            "channel",
            "received_at",
            "customer_id",
            "language",
            "subject",
            "description",
            "category_id",
            "reply_due_on",
        ],
        [
            (pk, f"RD-2020-{pk:06d}", "web", received, customer_id, "en", "S", "D", category.pk, d)
            for pk, d in zip(ids, [date(2020, 1, 2), None], strict=True)
        ],
        now=now,
    )
    insert_dicts(
        JournalEvent,
        [
            {"complaint_id": ids[0], "kind": "submitted", "data": {"channel": "web", "n": [1]}},
            {"complaint_id": ids[1], "kind": "note", "note": "Called.", "created_at": received},
        ],
    )

    customer = Customer.objects.get(pk=customer_id)
    assert (customer.kind, customer.created_at, customer.updated_at) == ("individual", now, now)
    first, second = Complaint.objects.filter(pk__in=ids).order_by("pk")
    assert first.received_at == received and timezone.is_aware(first.received_at)
    assert (first.reply_due_on, second.reply_due_on) == (date(2020, 1, 2), None)
    assert first.priority == "normal" and first.updated_at == now
    assert first.tracking_token and first.tracking_token != second.tracking_token
    events = {e.complaint_id: e for e in JournalEvent.objects.filter(complaint_id__in=ids)}
    assert events[ids[0]].data == {"channel": "web", "n": [1]}
    assert events[ids[1]].data == {} and events[ids[1]].created_at == received
    assert events[ids[1]].note == "Called." and events[ids[0]].note == ""


def test_documents_written_in_bulk_are_found_by_search(submit, staff):
    from redress.search.selectors import search_complaints

    complaints = [submit(subject=f"Chair {i}") for i in range(3)]
    SearchDocument.objects.filter(pk__in=[c.pk for c in complaints]).delete()

    # On SQLite the FTS5 table is fed by a trigger on each inserted row.
    insert_rows(
        SearchDocument,
        ["complaint_id", "title", "body"],
        [(c.pk, c.subject, f"the quokkabench number {i}") for i, c in enumerate(complaints)],
    )

    found = search_complaints(user=staff["quality"], query="quokkabench").rows
    assert sorted(c.pk for c in found) == sorted(c.pk for c in complaints)
