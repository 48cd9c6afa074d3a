"""Found by profiling the benchmark: intake looked the customer up by a full scan.

`email__iexact` cannot use the plain index on the address (SQLite: LIKE; PostgreSQL:
UPPER(email)), so at 100,000 customers each intake scanned them all while holding the intake
lock. The lookup now goes through an index on the lowered address.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.functions import Lower

from redress.complaints import services
from redress.customers.models import Customer, CustomerKind

pytestmark = pytest.mark.django_db


def submit(category, email: str):
    return services.complaint_submit(
        customer=services.CustomerInput(
            kind=CustomerKind.INDIVIDUAL, full_name="Ada Lovelace", email=email
        ),
        complaint=services.ComplaintInput(
            subject="Late parcel", description="It never came.", category=category, language="en"
        ),
        channel="web",
    )


def test_a_returning_customer_is_found_by_address_whatever_its_case(category):
    card = Customer.objects.create(full_name="Ada Lovelace", email="Ada.Lovelace@Example.org")

    complaint = submit(category, "ada.lovelace@EXAMPLE.org")

    assert complaint.customer_id == card.pk
    assert Customer.objects.count() == 1


def test_the_address_lookup_is_served_by_the_lowered_address_index():
    query = Customer.objects.alias(email_lower=Lower("email")).filter(
        email_lower="ada@example.org", kind="individual"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
        plan = query.explain()
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")
    assert "customer_email_lower_idx" in plan, plan
