"""Plan pages, the complaint page's plans panel, and the plans API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redress.complaints.models import EventKind, JournalEvent
from redress.improvement import services
from redress.improvement.models import ActionStatus, Plan, PlanAction, PlanStatus
from tests.conftest import assert_error
from tests.improvement.test_plans import ROOT, add_action, propose
from tests.stages import investigating

pytestmark = pytest.mark.django_db


def due(days=7):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def complaint(submit, staff):
    return investigating(submit, staff)


def test_a_handler_proposes_a_plan_from_the_complaint_page(client, staff, complaint):
    client.force_login(staff["handler"])
    page = client.get(f"/staff/complaints/{complaint.reference}/")
    assert 'id="plans"' in page.content.decode() and "Propose a plan" in page.content.decode()
    response = client.post(
        f"/staff/complaints/{complaint.reference}/plans/",
        {"plan-title": "Lost parcels", "plan-root_cause": ROOT},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.proposed_by, plan.owner, plan.status) == (staff["handler"], None, "open")
    page = client.get(f"/staff/complaints/{complaint.reference}/").content.decode()
    assert f'href="/staff/plans/{plan.pk}/"' in page
    # The timeline shows the step.
    assert f"Corrective action plan #{plan.pk} proposed: Lost parcels" in page


def test_a_refused_proposal_keeps_what_was_typed(client, staff, complaint):
    client.force_login(staff["handler"])
    response = client.post(
        f"/staff/complaints/{complaint.reference}/plans/",
        {"plan-title": "Lost parcels again", "plan-root_cause": ""},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say what causes these complaints." in html
    assert 'value="Lost parcels again"' in html
    assert not Plan.objects.exists()


def test_a_handler_attaches_a_complaint_to_an_existing_plan(client, staff, complaint, submit):
    plan = propose(staff, [investigating(submit, staff, subject="Another")])
    client.force_login(staff["handler"])
    response = client.post(
        f"/staff/complaints/{complaint.reference}/plans/attach/", {"attach-plan": plan.pk}
    )
    assert response.status_code == 302
    assert complaint in plan.complaints.all()
    assert JournalEvent.objects.filter(complaint=complaint, kind=EventKind.PLAN).count() == 1
    panel = client.get(f"/staff/complaints/{complaint.reference}/").content.decode()
    assert f"#{plan.pk} {plan.title}" in panel and "2 complaints" in panel


def test_roles_without_plans_see_no_panel_and_no_plan_pages(client, staff, complaint):
    client.force_login(staff["intake"])
    assert client.get("/staff/plans/").status_code == 403
    client.force_login(staff["signatory"])
    page = client.get(f"/staff/complaints/{complaint.reference}/").content.decode()
    assert 'id="plans"' not in page
    assert client.get("/staff/plans/").status_code == 403


def test_a_quality_lead_runs_a_plan_through_its_page(client, staff, complaint):
    plan = propose(staff, [complaint])
    client.force_login(staff["quality"])
    url = f"/staff/plans/{plan.pk}/"
    # Starting without an action is refused with the reason on the page.
    refused = client.post(url + "move/", {"to": "in_progress"})
    assert refused.status_code == 409
    assert "Add at least one action before starting the plan." in refused.content.decode()
    bad = client.post(url + "actions/", {"action-description": "Scan parcels", "action-due_on": ""})
    assert bad.status_code == 400 and "Name the person who will do it." in bad.content.decode()
    assert "Scan parcels" in bad.content.decode()
    ok = client.post(
        url + "actions/",
        {
            "action-description": "Scan parcels",
            "action-owner": staff["handler"].pk,
            "action-due_on": due(),
        },
    )
    assert ok.status_code == 302
    assert client.post(url + "move/", {"to": "in_progress"}).status_code == 302
    action = PlanAction.objects.get()
    done = client.post(
        url + f"actions/{action.pk}/status/", {"status": "done", "note": "Scanners at the gate."}
    )
    assert done.status_code == 302
    no_date = client.post(url + "move/", {"to": "done"})
    assert no_date.status_code == 400 and "Give the review date." in no_date.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(url + "move/", {"to": "done", "review_on": today}).status_code == 302
    assert client.post(url + "move/", {"to": "checked", "note": "Quiet."}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CHECKED and plan.check_note == "Quiet."


def test_the_plan_list_query_count_does_not_grow_with_plans(
    client, staff, submit, django_assert_num_queries
):
    complaints = [investigating(submit, staff, subject=f"Case {i}") for i in range(3)]
    for i in range(6):
        plan = propose(staff, complaints[: 1 + i % 3])
        add_action(plan, staff)
    client.force_login(staff["quality"])
    client.get("/staff/plans/")
    # session, user, 2 × permissions, count, the page of plans with its counts
    with django_assert_num_queries(6):
        response = client.get("/staff/plans/")
    assert response.status_code == 200
    assert response.content.decode().count("data-plan=") == 6


def test_the_plan_page_query_count_is_fixed(client, staff, submit, django_assert_num_queries):
    complaints = [investigating(submit, staff, subject=f"Case {i}") for i in range(3)]
    plan = propose(staff, complaints)
    for _ in range(3):
        add_action(plan, staff)
    client.force_login(staff["quality"])
    client.get(f"/staff/plans/{plan.pk}/")
    # session, user, 2 × permissions, plan, actions, links, staff list for the owner field
    with django_assert_num_queries(8):
        response = client.get(f"/staff/plans/{plan.pk}/")
    assert response.status_code == 200


# ---- API -------------------------------------------------------------------------------


def test_the_api_walks_a_plan_through_its_lifecycle(api, staff, complaint, submit):
    other = investigating(submit, staff, subject="Second")
    handler = api(staff["handler"])
    created = handler.post(
        "/api/plans/",
        {
            "complaints": [complaint.reference],
            "title": "Lost parcels",
            "root_cause": ROOT,
            "root_cause_category": "supplier",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["complaints"] == [complaint.reference] and body["owner"] is None
    assert body["root_cause_category"] == "supplier"
    pk = body["id"]
    attached = handler.post(
        f"/api/plans/{pk}/complaints/", {"complaint": other.reference}, format="json"
    )
    assert attached.status_code == 201 and set(attached.json()["complaints"]) == {
        complaint.reference,
        other.reference,
    }
    assert_error(
        handler.post(f"/api/plans/{pk}/transition/", {"to": "in_progress"}, format="json"),
        403,
        "permission_denied",
    )
    quality = api(staff["quality"])
    assert_error(
        quality.post(
            f"/api/plans/{pk}/actions/",
            {"description": "", "owner": None, "due_on": None},
            format="json",
        ),
        400,
        "validation_failed",
        fields=["description", "owner", "due_on"],
    )
    action = quality.post(
        f"/api/plans/{pk}/actions/",
        {"description": "Scan parcels", "owner": staff["handler"].pk, "due_on": due()},
        format="json",
    )
    assert action.status_code == 201
    moved = quality.post(f"/api/plans/{pk}/transition/", {"to": "in_progress"}, format="json")
    assert moved.json()["status"] == "in_progress" and moved.json()["owner"] == str(
        staff["quality"]
    )
    # The action's owner records what was done.
    assert_error(
        handler.post(
            f"/api/plan-actions/{action.json()['id']}/status/", {"status": "done"}, format="json"
        ),
        400,
        "validation_failed",
        fields=["note"],
    )
    done = handler.post(
        f"/api/plan-actions/{action.json()['id']}/status/",
        {"status": "done", "note": "Installed."},
        format="json",
    )
    assert done.json()["status"] == ActionStatus.DONE
    quality.post(
        f"/api/plans/{pk}/transition/",
        {"to": "done", "review_on": timezone.localdate().isoformat()},
        format="json",
    )
    assert_error(
        quality.post(f"/api/plans/{pk}/transition/", {"to": "open"}, format="json"),
        409,
        "transition_not_allowed",
    )
    back = quality.post(
        f"/api/plans/{pk}/effectiveness/",
        {"stopped": False, "note": "One more in May."},
        format="json",
    )
    assert back.json()["status"] == "in_progress"
    quality.post(
        f"/api/plans/{pk}/transition/",
        {"to": "done", "review_on": timezone.localdate().isoformat()},
        format="json",
    )
    checked = quality.post(f"/api/plans/{pk}/effectiveness/", {"stopped": True}, format="json")
    assert checked.json()["status"] == "checked" and checked.json()["checked_at"]
    listed = quality.get("/api/plans/?status=checked").json()
    assert [p["id"] for p in listed] == [pk]
    events = JournalEvent.objects.filter(complaint=other, kind=EventKind.PLAN)
    assert [e.data["step"] for e in events] == [
        "attached",
        "action_added",
        "status",
        "action_status",
        "status",
        "status",
        "status",
        "status",
    ]


def test_the_api_refuses_complaints_the_user_cannot_see(api, staff, complaint):
    assert (
        api(staff["handler_other"])
        .post(
            "/api/plans/",
            {"complaints": [complaint.reference], "title": "x", "root_cause": "y"},
            format="json",
        )
        .status_code
        == 404
    )
    assert_error(api(staff["analyst"]).get("/api/plans/"), 403, "permission_denied")
    assert not Plan.objects.exists()


def test_open_plans_for_the_reports(staff, complaint):
    from redress.improvement.selectors import open_plans

    a = propose(staff, [complaint])
    b = propose(staff, [complaint])
    action = add_action(b, staff)
    services.plan_transition(plan=b, to=PlanStatus.IN_PROGRESS, actor=staff["quality"])
    services.action_set_status(action=action, actor=staff["quality"], status="done", note="ok")
    services.plan_transition(
        plan=b, to=PlanStatus.DONE, actor=staff["quality"], review_on=timezone.localdate()
    )
    services.plan_check_effectiveness(plan=b, actor=staff["quality"], stopped=True)
    plans = open_plans()
    assert [p.pk for p in plans] == [a.pk]
    assert plans[0].complaint_count == 1 and plans[0].open_action_count == 0


def test_a_handler_sees_only_the_plans_complaints_they_may_open(client, staff, submit):
    mine = investigating(submit, staff, subject="Mine")
    theirs = submit(subject="Someone else's secret subject")
    plan = propose(staff, [mine, theirs])
    client.force_login(staff["handler_other"])
    html = client.get(f"/staff/plans/{plan.pk}/").content.decode()
    assert "Someone else" not in html and "Mine" not in html
    assert "and 2 complaints of other teams" in html
    client.force_login(staff["handler"])
    html = client.get(f"/staff/plans/{plan.pk}/").content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert "and 1 complaint of another team" in html


def test_the_api_lists_only_the_plans_complaints_the_user_may_see(api, staff, submit):
    mine = investigating(submit, staff, subject="Mine")
    theirs = submit(subject="Someone else's")
    plan = propose(staff, [mine, theirs])
    assert api(staff["handler"]).get(f"/api/plans/{plan.pk}/").json()["complaints"] == [
        mine.reference
    ]
    assert set(api(staff["quality"]).get(f"/api/plans/{plan.pk}/").json()["complaints"]) == {
        mine.reference,
        theirs.reference,
    }
