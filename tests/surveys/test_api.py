"""Satisfaction checks through the API: read them; record an answer given by phone."""

import pytest

from redress.complaints.lifecycle import Status
from redress.complaints.models import Priority
from tests.conftest import assert_error, customer_input
from tests.stages import fresh, in_satisfaction_check, pending_check

pytestmark = pytest.mark.django_db


def checks_url(complaint):
    return f"/api/complaints/{complaint.reference}/satisfaction-checks/"


def answer_url(complaint, check):
    return f"{checks_url(complaint)}{check.pk}/answer/"


def test_the_checks_of_a_complaint_are_listed_without_the_private_token(api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    response = api(staff["handler"]).get(checks_url(complaint))
    assert response.status_code == 200
    [check] = response.json()
    assert (check["round"], check["state"], check["solved"], check["score"]) == (
        1,
        "pending",
        None,
        None,
    )
    assert "token" not in check
    assert pending_check(complaint).token not in response.content.decode()


def test_an_answer_given_by_phone_closes_the_complaint_and_works_once(api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    check = pending_check(complaint)
    client = api(staff["handler"])
    response = client.post(
        answer_url(complaint, check),
        {"solved": True, "score": 5, "comment": "Happy now."},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["state"], body["channel"], body["recorded_by"]) == (
        "answered",
        "phone",
        str(staff["handler"]),
    )
    assert fresh(complaint).status == Status.CLOSED
    assert_error(
        client.post(answer_url(complaint, check), {"solved": False, "score": 1}, format="json"),
        410,
        "survey_closed",
    )


def test_an_unhappy_answer_by_phone_reopens_and_escalates(api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    response = api(staff["handler"]).post(
        answer_url(complaint, pending_check(complaint)),
        {"solved": False, "score": 4, "comment": "Still wobbly."},
        format="json",
    )
    assert response.status_code == 200, response.content
    complaint = fresh(complaint)
    assert (complaint.status, complaint.priority) == (Status.REOPENED, Priority.HIGH)
    events = api(staff["quality"]).get(f"/api/complaints/{complaint.reference}/").json()["events"]
    assert [e["kind"] for e in events][-3:] == ["survey", "status", "escalated"]
    assert "Still wobbly." in events[-1]["note"]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"solved": None, "score": None}, {"solved", "score"}),
        ({"solved": True, "score": 9}, {"score"}),
        ({}, {"solved", "score"}),
        ({"solved": "perhaps", "score": 3}, {"solved"}),
    ],
)
def test_incomplete_answers_are_refused(data, fields, api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    response = api(staff["handler"]).post(
        answer_url(complaint, pending_check(complaint)), data, format="json"
    )
    assert_error(response, 400, "validation_failed", fields)
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


def test_a_check_is_answered_only_through_its_own_complaint(api, staff, submit):
    mine = in_satisfaction_check(submit, staff)
    other = in_satisfaction_check(
        submit, staff, customer=customer_input(full_name="Ann", email="ann@example.org")
    )
    client = api(staff["handler"])
    assert_error(
        client.post(
            answer_url(mine, pending_check(other)), {"solved": True, "score": 5}, format="json"
        ),
        404,
        "not_found",
    )
    assert fresh(other).status == Status.SATISFACTION_CHECK


def test_the_answer_is_refused_to_those_who_do_not_handle_the_complaint(api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    url = answer_url(complaint, pending_check(complaint))
    data = {"solved": True, "score": 5}
    assert_error(api(staff["handler_other"]).post(url, data, format="json"), 404, "not_found")
    assert_error(api(staff["signatory"]).post(url, data, format="json"), 403, "permission_denied")
    assert_error(api(staff["analyst"]).post(url, data, format="json"), 403, "permission_denied")
    assert fresh(complaint).status == Status.SATISFACTION_CHECK


def test_closing_through_the_api_waits_for_the_customers_answer(api, staff, submit):
    complaint = in_satisfaction_check(submit, staff)
    assert_error(
        api(staff["handler"]).post(
            f"/api/complaints/{complaint.reference}/transition/", {"to": "closed"}, format="json"
        ),
        409,
        "survey_pending",
    )
    assert fresh(complaint).status == Status.SATISFACTION_CHECK
