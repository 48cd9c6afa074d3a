"""Issue 8's acceptance test for corrective action: a recurring cluster becomes a plan.

A quality lead opens Recurring problems in a real Chromium, recomputes, makes a plan
from the cluster of Thai delivery complaints in one step, adds and completes its
actions, marks it done with today's review date, and records the effectiveness check.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from redress.complaints.models import EventKind, JournalEvent
from redress.improvement.models import ActionStatus, Plan, PlanStatus
from tests.improvement.test_clustering import CROATIAN_BILLING, SWEDISH_STAFF, THAI_DELIVERY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT_CAUSE = "The carrier's depot loses parcels and nobody chases a missing delivery scan."
ACTIONS = [
    "Scan every parcel at the depot gate.",
    "Chase every parcel without a delivery scan after two days.",
]


def submit_and_wait(page: Page, button) -> None:
    with page.expect_navigation():
        button.click()


def test_a_quality_lead_turns_a_recurring_cluster_into_a_checked_plan(
    live_server, staff_page, staff, submit
):
    delivery = [submit(subject=t[:40], description=t, language="th") for t in THAI_DELIVERY]
    for t in CROATIAN_BILLING + SWEDISH_STAFF:
        submit(subject=t[:40], description=t, language="hr")
    page = staff_page(live_server.url, "quality")

    page.get_by_role("link", name="Recurring problems").click()
    expect(page.get_by_test_id("run-info")).to_contain_text("Not computed yet")
    submit_and_wait(page, page.get_by_test_id("recompute"))
    expect(page.locator(".messages")).to_contain_text("being recomputed")
    expect(page.get_by_test_id("run-info")).to_contain_text("from 18 complaints")

    page.get_by_role("link", name="Similar text").click()
    row = page.locator("tr[data-kind=text]", has_text="มาส่ง")
    expect(row.get_by_test_id("size")).to_have_text(str(len(THAI_DELIVERY)))
    row.locator("summary", has_text="Make a plan").click()
    row.get_by_label("Root cause").fill(ROOT_CAUSE)
    submit_and_wait(page, row.get_by_role("button", name="Create the plan with 6 complaints"))
    expect(page.locator(".messages")).to_contain_text("Plan created with 6 complaints.")
    expect(page.get_by_test_id("plan-status")).to_have_text("Open")
    expect(page.get_by_test_id("plan-complaints").locator("li")).to_have_count(6)

    for text in ACTIONS:
        form = page.locator("form[data-form=action]")
        if not form.is_visible():
            page.locator("summary", has_text="Add an action").click()
        form.get_by_label("Action").fill(text)
        form.get_by_label("Owner").select_option(label=str(staff["handler"]))
        form.get_by_label("Due").fill(timezone.localdate().isoformat())
        submit_and_wait(page, form.get_by_role("button", name="Add action"))
        expect(page.locator(".messages")).to_contain_text("Action added.")
    expect(page.get_by_test_id("plan-actions").locator("tbody tr")).to_have_count(2)

    submit_and_wait(page, page.get_by_role("button", name="Accept and start"))
    expect(page.get_by_test_id("plan-status")).to_have_text("In progress")

    # "Mark done" while actions are open is refused with the reason.
    page.get_by_label("Effectiveness review date").fill(timezone.localdate().isoformat())
    submit_and_wait(page, page.get_by_role("button", name="Mark done"))
    expect(page.locator(".error-summary")).to_contain_text("2 actions are still open")

    for i, text in enumerate(ACTIONS):
        row = page.get_by_test_id("plan-actions").locator("tr", has_text=text)
        row.get_by_label("What was done").fill(f"Done in week {i + 1}.")
        submit_and_wait(page, row.get_by_role("button", name="Done", exact=True))
        expect(page.locator(".messages")).to_contain_text("Action updated.")
    expect(page.get_by_test_id("plan-actions")).to_contain_text("Done in week 2.")

    page.get_by_label("Effectiveness review date").fill(timezone.localdate().isoformat())
    submit_and_wait(page, page.get_by_role("button", name="Mark done"))
    expect(page.get_by_test_id("plan-status")).to_have_text("Done")
    expect(page.locator("#plan-moves")).to_contain_text("The review date has come")

    page.get_by_label("Note").fill("No parcel lost since the scanners went in.")
    submit_and_wait(page, page.get_by_role("button", name="Confirm it stopped"))
    expect(page.get_by_test_id("plan-status")).to_have_text("Effectiveness checked")
    expect(page.get_by_test_id("checked")).to_contain_text("No parcel lost since")

    plan = Plan.objects.get()
    assert plan.status == PlanStatus.CHECKED and plan.checked_by == staff["quality"]
    assert plan.review_on == timezone.localdate()
    assert set(plan.complaints.all()) == set(delivery)
    assert list(plan.actions.values_list("status", flat=True)) == [ActionStatus.DONE] * 2
    for complaint in delivery:
        steps = [
            e.data["step"]
            for e in JournalEvent.objects.filter(complaint=complaint, kind=EventKind.PLAN)
        ]
        assert steps == [
            "proposed",
            "action_added",
            "action_added",
            "status",
            "action_status",
            "action_status",
            "status",
            "status",
        ]

    # Back on Recurring problems, the cluster is now covered by the plan.
    page.goto(f"{live_server.url}/staff/recurring/?kind=text")
    row = page.locator("tr[data-kind=text]", has_text="มาส่ง")
    expect(row.get_by_test_id("covering-plan")).to_contain_text(f"#{plan.pk}")
