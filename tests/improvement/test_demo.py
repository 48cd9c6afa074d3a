"""The demo's plans are made through the services from the demo's recurring problems."""

import pytest

from redress.improvement.demo import load_demo_plans
from redress.improvement.models import Plan, PlanStatus
from tests.improvement.test_clustering import THAI_DELIVERY
from tests.stages import investigating

pytestmark = pytest.mark.django_db


def test_the_demo_gets_a_checked_plan_a_running_one_and_a_proposal(submit, staff):
    for text in THAI_DELIVERY:
        investigating(submit, staff, subject=text[:40], description=text, language="th")
    assert load_demo_plans() == 3
    by_status = {p.status: p for p in Plan.objects.all()}
    assert set(by_status) == {PlanStatus.CHECKED, PlanStatus.IN_PROGRESS, PlanStatus.OPEN}
    assert by_status[PlanStatus.CHECKED].complaints.count() == len(THAI_DELIVERY)
    assert by_status[PlanStatus.IN_PROGRESS].actions.count() == 2
    assert by_status[PlanStatus.OPEN].proposed_by == staff["handler"]
    assert by_status[PlanStatus.OPEN].owner is None
