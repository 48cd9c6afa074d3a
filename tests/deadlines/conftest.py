from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from redress.complaints.models import Category
from redress.deadlines.models import Deadline, DeadlinePolicy, PolicyAssignment

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def people(staff):
    """The staff of the main conftest, with email addresses so notices reach them."""
    for user in staff.values():
        user.email = f"{user.username}@redress.test"
        user.save(update_fields=["email"])
    return staff


@pytest.fixture
def clock(time_machine):
    """Stop the clock at an instant: clock(datetime(...)). Time does not tick by itself."""

    def _at(instant: datetime) -> datetime:
        time_machine.move_to(instant, tick=False)
        return instant

    return _at


@pytest.fixture
def use_policy(db):
    """Make the delivery category (the one `submit` uses) run on a policy, by code."""

    def _use(code: str) -> DeadlinePolicy:
        policy = DeadlinePolicy.objects.get(code=code)
        PolicyAssignment.objects.update_or_create(
            category=Category.objects.get(code="delivery"), priority="", defaults={"policy": policy}
        )
        return policy

    return _use


def deadlines_of(complaint) -> dict[str, Deadline]:
    """The complaint's deadlines by kind (the newest of each kind)."""
    return {d.kind: d for d in Deadline.objects.filter(complaint=complaint).order_by("id")}


def local(value: datetime, tz: ZoneInfo = LONDON) -> datetime:
    return value.astimezone(tz)
