"""Remedies through the API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redress.complaints.lifecycle import Status
from redress.remedies.models import Remedy, RemedyStatus
from tests.conftest import assert_error
from tests.stages import add_remedy, decided, fresh, move

pytestmark = pytest.mark.django_db


def remedies_url(complaint):
    return f"/api/complaints/{complaint.reference}/remedies/"


def status_url(remedy):
    return f"/api/remedies/{remedy.pk}/status/"


def due(days=7):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def test_a_refund_and_a_replacement_are_agreed_and_listed(api, staff, submit):
    complaint = decided(submit, staff)
    client = api(staff["handler"])
    refund = client.post(
        remedies_url(complaint),
        {
            "kind": "refund",
            "owner": staff["handler"].pk,
            "due_on": due(),
            "amount": "129.00",
            "currency": "eur",
        },
        format="json",
    )
    assert refund.status_code == 201, refund.content
    body = refund.json()
    assert (body["kind"], body["amount"], body["currency"], body["status"], body["cost"]) == (
        "refund",
        "129.00",
        "EUR",
        "agreed",
        "129.00",
    )
    assert (body["owner"], body["owner_id"], body["complaint"]) == (
        str(staff["handler"]),
        staff["handler"].pk,
        complaint.reference,
    )
    replacement = client.post(
        remedies_url(complaint),
        {
            "kind": "replacement",
            "owner": staff["handler_mate"].pk,
            "due_on": due(10),
            "description": "A new table",
            "cost": "80",
        },
        format="json",
    )
    assert replacement.status_code == 201, replacement.content
    listed = client.get(remedies_url(complaint))
    assert listed.status_code == 200
    assert [r["kind"] for r in listed.json()] == ["refund", "replacement"]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"kind": "refund", "due_on": due()}, {"amount", "currency"}),
        ({"kind": "discount", "due_on": due(), "amount": "5"}, {"currency"}),
        ({"kind": "repair", "due_on": due(-1)}, {"due_on"}),
        ({"kind": "repair", "due_on": None}, {"due_on"}),
        ({"kind": "repair", "due_on": "next week"}, {"due_on"}),
        ({"kind": "cake", "due_on": due()}, {"kind"}),
        ({"kind": "repair", "due_on": due(), "cost": "-3"}, {"cost"}),
    ],
)
def test_refused_remedies_answer_with_the_fields_at_fault(data, fields, api, staff, submit):
    complaint = decided(submit, staff)
    data = {"owner": staff["handler"].pk, **data}
    response = api(staff["handler"]).post(remedies_url(complaint), data, format="json")
    assert_error(response, 400, "validation_failed", fields)
    assert not Remedy.objects.exists()


def test_remedies_are_refused_to_other_roles_and_out_of_sight(api, staff, submit):
    complaint = decided(submit, staff)
    data = {"kind": "apology", "owner": staff["handler"].pk, "due_on": due()}
    assert_error(
        api(staff["signatory"]).post(remedies_url(complaint), data, format="json"),
        403,
        "permission_denied",
    )
    assert_error(api(staff["analyst"]).get(remedies_url(complaint)), 403, "permission_denied")
    assert_error(api(staff["handler_other"]).get(remedies_url(complaint)), 404, "not_found")
    remedy = add_remedy(complaint, staff["handler"])
    assert_error(
        api(staff["handler_other"]).post(status_url(remedy), {"status": "done"}, format="json"),
        404,
        "not_found",
    )
    assert api(staff["signatory"]).get(remedies_url(complaint)).status_code == 200


def test_a_remedy_moves_on_to_done_and_then_stays_done(api, staff, submit):
    complaint = decided(submit, staff)
    remedy = add_remedy(complaint, staff["handler"])
    client = api(staff["handler"])
    started = client.post(
        status_url(remedy), {"status": "in_progress", "note": "Ordered."}, format="json"
    )
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    done = client.post(
        status_url(remedy), {"status": "done", "note": "Paid.", "cost": "130"}, format="json"
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["cost"]) == ("done", "130.00")
    assert done.json()["done_at"] is not None
    assert_error(
        client.post(status_url(remedy), {"status": "cancelled", "note": "Oops"}, format="json"),
        409,
        "remedy_transition_not_allowed",
    )
    assert_error(
        client.post(status_url(remedy), {"status": "lost"}, format="json"),
        400,
        "validation_failed",
        {"status"},
    )
    remedy.refresh_from_db()
    assert remedy.status == RemedyStatus.DONE


def test_cancelling_needs_a_reason(api, staff, submit):
    remedy = add_remedy(decided(submit, staff), staff["handler"])
    client = api(staff["handler"])
    assert_error(
        client.post(status_url(remedy), {"status": "cancelled"}, format="json"),
        400,
        "validation_failed",
        {"note"},
    )
    response = client.post(
        status_url(remedy), {"status": "cancelled", "note": "Customer declined."}, format="json"
    )
    assert response.status_code == 200 and response.json()["note"] == "Customer declined."


def test_the_api_cannot_ask_for_satisfaction_or_close_while_a_remedy_is_open(api, staff, submit):
    complaint = decided(submit, staff)
    add_remedy(complaint, staff["handler"])
    complaint = move(complaint, Status.RESPONDING, staff["handler"])
    client = api(staff["handler"])
    body = assert_error(
        client.post(
            f"/api/complaints/{complaint.reference}/transition/",
            {"to": "satisfaction_check"},
            format="json",
        ),
        409,
        "open_remedies",
    )
    assert "still open" in body["message"]
    assert fresh(complaint).status == Status.RESPONDING
