"""The journal's default list and its filters are read off an index in the journal's order."""

import pytest
from django.db import connection

from redress.complaints.models import Category
from redress.complaints.selectors import JournalFilters, journal_list

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL query plans")


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "complaint_received_idx"),
        ({"status": "acknowledged"}, "complaint_status_recv_idx"),
        ({"channel": "phone"}, "complaint_channel_recv_idx"),
        ({"category": "delivery"}, "complaint_category_recv_idx"),
    ],
)
def test_a_journal_page_is_served_by_an_index_without_sorting(staff, submit, filters, index):
    for i in range(30):
        submit(subject=f"Chair {i}")
    if "category" in filters:
        filters = {"category": Category.objects.get(code=filters["category"])}
    page = journal_list(user=staff["quality"], filters=JournalFilters(**filters))[:26]
    with connection.cursor() as cursor:
        # With sequential scans priced out the planner shows which index fits the query.
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        plan = page.explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_sort")
    assert index in plan, plan
    assert "Sort" not in plan.replace("Sort Key", ""), plan
