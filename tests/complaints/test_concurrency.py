"""Reference numbers under load: every intake gets its own number, and none is ever reused.

These tests commit for real (transaction=True) and run intakes in threads, each thread on
its own database connection, the way concurrent requests do.
"""

from __future__ import annotations

import importlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from redress.complaints.lifecycle import Status
from redress.complaints.models import Category, Complaint, JournalEvent, ReferenceCounter
from redress.complaints.services import complaint_submit
from redress.customers.models import Customer
from tests.conftest import complaint_input, customer_input

IS_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
IS_SQLITE = "sqlite" in settings.DATABASES["default"]["ENGINE"]

# Real commits; the data migration's categories are restored for each test.
committing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def categories(request):
    """The category tree of the data migration, whatever an earlier committing test flushed.

    serialized_rollback alone is not enough after the browser tests: Playwright's event loop
    gives this thread a new connection object that lacks Django's serialized test data.
    """
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("transactional_db")
    migration = importlib.import_module(
        "redress.complaints.migrations.0002_journal_guard_and_categories"
    )
    migration.add_categories(apps, None)
    assert Category.objects.filter(code="delivery", is_active=True).exists()


def _intake(i: int) -> str:
    """One web intake on this thread's own connection, closed afterwards."""
    try:
        complaint = complaint_submit(
            customer=customer_input(email=f"customer{i}@example.org", full_name=f"Customer {i}"),
            complaint=complaint_input(Category.objects.get(code="delivery"), subject=f"No. {i}"),
            channel="web",
        )
        return complaint.reference
    finally:
        connection.close()


def _number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


def _run_concurrently(total: int, workers: int) -> list[str]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_intake, range(total)))


def _assert_all_distinct_and_stored(references: list[str], total: int) -> None:
    year = timezone.localdate().year
    assert len(references) == total
    assert len(set(references)) == total, "two intakes got the same reference"
    assert all(r.startswith(f"RD-{year}-") for r in references)
    # Nothing was rolled back, so the numbers are exactly 1..total, each once.
    assert sorted(_number(r) for r in references) == list(range(1, total + 1))
    stored = list(Complaint.objects.values_list("reference", flat=True))
    assert sorted(stored) == sorted(references)
    assert ReferenceCounter.objects.get(year=year).last == total
    # Each intake is whole: acknowledged, with its two journal events.
    assert Complaint.objects.exclude(status=Status.ACKNOWLEDGED).count() == 0
    # received + acknowledged each (the queued acknowledgement email is counted apart)
    assert JournalEvent.objects.exclude(kind="email_out").count() == 2 * total


@pytest.mark.postgres
@pytest.mark.skipif(not IS_POSTGRES, reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
@committing
def test_200_concurrent_submissions_on_postgresql_get_200_distinct_references():
    references = _run_concurrently(total=200, workers=24)
    _assert_all_distinct_and_stored(references, 200)


@pytest.mark.skipif(not IS_SQLITE, reason="the SQLite variant; the PostgreSQL one runs there")
@committing
def test_concurrent_submissions_on_sqlite_get_distinct_references():
    # IMMEDIATE transactions take the write lock at BEGIN: intakes queue, none fails.
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    references = _run_concurrently(total=60, workers=8)
    _assert_all_distinct_and_stored(references, 60)


@committing
def test_a_rolled_back_intake_leaves_no_trace_and_the_next_number_is_new():
    first = _intake(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        drawn = complaint_submit(
            customer=customer_input(email="rolled@example.org"),
            complaint=complaint_input(Category.objects.get(code="delivery")),
            channel="web",
        ).reference
        raise RuntimeError("the request failed after the intake")
    assert not Complaint.objects.filter(reference=drawn).exists()
    assert not Customer.objects.filter(email="rolled@example.org").exists()
    assert _number(drawn) == _number(first) + 1

    after = _intake(3)
    stored = list(Complaint.objects.values_list("reference", flat=True))
    assert len(stored) == len(set(stored)) == 2
    assert _number(after) > _number(first)
    # The counter never falls behind a number in use, so the next one is new again.
    year = timezone.localdate().year
    assert ReferenceCounter.objects.get(year=year).last >= max(_number(r) for r in stored)
    assert _number(_intake(4)) > _number(after)


@committing
def test_an_intake_waiting_behind_one_that_rolls_back_gets_a_number_nobody_holds():
    drawn: dict[str, str] = {}
    holding = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def doomed() -> None:
        try:
            with transaction.atomic():
                drawn["doomed"] = complaint_submit(
                    customer=customer_input(email="doomed@example.org"),
                    complaint=complaint_input(Category.objects.get(code="delivery")),
                    channel="web",
                ).reference
                holding.set()
                release.wait(10)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
            holding.set()
        finally:
            connection.close()

    def waiting() -> None:
        try:
            drawn["waiting"] = _intake(2)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    first = _intake(1)
    a = threading.Thread(target=doomed)
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=waiting)
    b.start()
    time.sleep(0.5)  # b now waits for a's lock on the counter
    assert "waiting" not in drawn, "the second intake did not wait for the first"
    release.set()
    a.join(20)
    b.join(20)
    assert not errors, errors
    # Nothing of the rolled-back intake was kept; its number went back unused.
    assert not Customer.objects.filter(email="doomed@example.org").exists()
    stored = list(Complaint.objects.values_list("reference", flat=True))
    assert sorted(stored) == sorted([first, drawn["waiting"]])
    assert len(set(stored)) == 2
    assert _number(drawn["waiting"]) > _number(first)
    assert _number(_intake(3)) > _number(drawn["waiting"])
