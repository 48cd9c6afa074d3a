"""Investigation and decision through the API: happy paths, refusals, the restricted records."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redress.complaints.lifecycle import Status
from redress.complaints.models import EventKind
from redress.investigations import services as inv
from redress.investigations.models import Decision, DisciplinaryMeasure, Statement
from redress.investigations.selectors import fact_items_for
from tests.conftest import assert_error, make_user
from tests.stages import REASONS, decided, establish_facts, fresh, investigating

pytestmark = pytest.mark.django_db


def url(complaint, tail):
    return f"/api/complaints/{complaint.reference}/{tail}"


JUSTIFIED = {
    "outcome": "justified",
    "reasons": REASONS,
    "root_cause_category": "supplier",
    "root_cause": "The carrier lost the parcel.",
}


# --- Reading ----------------------------------------------------------------------------


def test_the_investigation_of_a_fresh_case(api, staff, submit):
    complaint = investigating(submit, staff)
    response = api(staff["handler"]).get(url(complaint, "investigation/"))
    assert response.status_code == 200
    body = response.json()
    assert body["statements"] == [] and body["evidence"] == []
    assert body["decision"] is None and body["decisions"] == []
    assert [f["text"] for f in body["checklist"]] == [
        "What happened",
        "When it happened",
        "Who was involved",
        "What the customer wants",
    ]
    assert all(f["finding"] is None and f["established_by"] is None for f in body["checklist"])


def test_the_investigation_is_read_only_by_those_who_may_see_the_complaint(api, staff, submit):
    complaint = investigating(submit, staff)
    for who in ("handler_mate", "quality", "signatory"):
        assert api(staff[who]).get(url(complaint, "investigation/")).status_code == 200
    assert_error(
        api(staff["handler_other"]).get(url(complaint, "investigation/")), 404, "not_found"
    )
    assert_error(
        api(staff["analyst"]).get(url(complaint, "investigation/")), 403, "permission_denied"
    )
    response = api().get(url(complaint, "investigation/"))
    assert response.status_code in (401, 403)
    assert response.json()["code"] in ("not_authenticated", "permission_denied")


# --- Statements and evidence ------------------------------------------------------------


def test_statements_are_recorded_and_listed(api, staff, submit):
    complaint = investigating(submit, staff)
    client = api(staff["handler"])
    response = client.post(
        url(complaint, "statements/"),
        {"kind": "intake", "text": "The customer called twice.", "employee": staff["intake"].pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "intake" and body["employee"] == str(staff["intake"])
    assert body["recorded_by"] == str(staff["handler"])
    response = client.post(
        url(complaint, "statements/"),
        {
            "kind": "discussion",
            "text": "Went through the log.",
            "participants": [staff["handler"].pk, staff["quality"].pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert sorted(response.json()["participants"]) == sorted(
        [str(staff["handler"]), str(staff["quality"])]
    )
    listed = client.get(url(complaint, "investigation/")).json()["statements"]
    assert [s["kind"] for s in listed] == ["intake", "discussion"]


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"kind": "intake", "text": "I took it."}, {"employee"}),
        ({"kind": "employee", "text": "I took it.", "employee": None}, {"employee"}),
        ({"kind": "discussion", "text": "We talked.", "participants": []}, {"participants"}),
        ({"kind": "customer", "text": "  "}, {"text"}),
        ({"kind": "rumour", "text": "Heard."}, {"kind"}),
        ({"kind": "employee", "text": "Me.", "employee": 999999}, {"employee"}),
        ({}, {"kind", "text"}),
    ],
)
def test_refused_statements_answer_with_the_fields_at_fault(data, fields, api, staff, submit):
    complaint = investigating(submit, staff)
    response = api(staff["handler"]).post(url(complaint, "statements/"), data, format="json")
    assert_error(response, 400, "validation_failed", fields)
    assert not Statement.objects.exists()


def test_statements_are_refused_to_a_signatory_and_after_the_investigation(api, staff, submit):
    complaint = investigating(submit, staff)
    data = {"kind": "customer", "text": "The parcel never came."}
    assert_error(
        api(staff["signatory"]).post(url(complaint, "statements/"), data, format="json"),
        403,
        "permission_denied",
    )
    type(complaint).objects.filter(pk=complaint.pk).update(status=Status.RESPONDING)
    assert_error(
        api(staff["handler"]).post(url(complaint, "statements/"), data, format="json"),
        409,
        "wrong_state",
    )


def test_evidence_is_uploaded_as_multipart(api, staff, submit):
    complaint = investigating(submit, staff)
    client = api(staff["handler"])
    response = client.post(
        url(complaint, "evidence/"),
        {
            "files": [
                SimpleUploadedFile("log.txt", b"delivery log", content_type="text/plain"),
                SimpleUploadedFile("note.csv", b"a,b", content_type="text/csv"),
            ],
            "description": "The carrier's log",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert [e["original_name"] for e in response.json()] == ["log.txt", "note.csv"]
    assert response.json()[0]["description"] == "The carrier's log"
    assert len(client.get(url(complaint, "investigation/")).json()["evidence"]) == 2

    response = client.post(url(complaint, "evidence/"), {"description": "x"}, format="multipart")
    assert_error(response, 400, "validation_failed", {"files"})
    response = client.post(
        url(complaint, "evidence/"),
        {"files": [SimpleUploadedFile("a.exe", b"MZ")]},
        format="multipart",
    )
    assert_error(response, 400, "validation_failed", {"files"})


# --- Facts ------------------------------------------------------------------------------


def test_facts_are_established_and_the_checklist_answered_back(api, staff, submit):
    complaint = investigating(submit, staff)
    item = fact_items_for(complaint.category)[0]
    client = api(staff["handler"])
    response = client.post(
        url(complaint, "facts/"), {"item": item.pk, "finding": "Lost in transit."}, format="json"
    )
    assert response.status_code == 201, response.content
    first = response.json()["checklist"][0]
    assert (first["item"], first["finding"], first["established_by"]) == (
        item.pk,
        "Lost in transit.",
        str(staff["handler"]),
    )
    assert_error(
        client.post(url(complaint, "facts/"), {"item": item.pk, "finding": " "}, format="json"),
        400,
        "validation_failed",
        {"finding"},
    )
    assert_error(
        client.post(url(complaint, "facts/"), {"item": 999999, "finding": "x"}, format="json"),
        400,
        "validation_failed",
        {"item"},
    )


# --- The decision -----------------------------------------------------------------------


def test_a_justified_decision_decides_the_complaint(api, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    response = api(staff["handler"]).post(url(complaint, "decision/"), JUSTIFIED, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["outcome"], body["state"], body["root_cause_category"]) == (
        "justified",
        "confirmed",
        "supplier",
    )
    assert fresh(complaint).status == Status.DECIDED
    detail = api(staff["handler"]).get(f"/api/complaints/{complaint.reference}/").json()
    assert detail["status"] == "decided"
    assert detail["events"][-1]["note"] == f"Justified: {REASONS}"
    investigation = api(staff["handler"]).get(url(complaint, "investigation/")).json()
    assert investigation["decision"]["id"] == body["id"]


def test_outside_our_responsibility_names_the_third_party(api, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    client = api(staff["handler"])
    data = {"outcome": "outside", "reasons": "A manufacturing defect under warranty."}
    assert_error(
        client.post(url(complaint, "decision/"), data, format="json"),
        400,
        "validation_failed",
        {"third_party_name", "third_party_contact"},
    )
    data |= {"third_party_name": "Northwind", "third_party_contact": "+44 20 7946 0000"}
    response = client.post(url(complaint, "decision/"), data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["third_party_name"] == "Northwind"
    assert response.json()["third_party_contact"] == "+44 20 7946 0000"


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"outcome": "not_justified", "reasons": ""}, {"reasons"}),
        ({"outcome": "justified", "reasons": REASONS}, {"root_cause_category", "root_cause"}),
        ({"outcome": "maybe", "reasons": REASONS}, {"outcome"}),
        ({"reasons": REASONS}, {"outcome"}),
        ({**JUSTIFIED, "root_cause_category": "astrology"}, {"root_cause_category"}),
    ],
)
def test_refused_decisions_answer_with_the_fields_at_fault(data, fields, api, staff, submit):
    complaint = investigating(submit, staff)
    establish_facts(complaint, staff["handler"])
    response = api(staff["handler"]).post(url(complaint, "decision/"), data, format="json")
    assert_error(response, 400, "validation_failed", fields)
    assert not Decision.objects.exists()
    assert fresh(complaint).status == Status.INVESTIGATING


def test_no_decision_with_facts_missing_or_in_the_wrong_state(api, staff, submit):
    complaint = investigating(submit, staff)
    client = api(staff["handler"])
    body = assert_error(
        client.post(url(complaint, "decision/"), JUSTIFIED, format="json"),
        400,
        "validation_failed",
        {"facts"},
    )
    assert "What happened" in body["fields"]["facts"][0]
    establish_facts(complaint, staff["handler"])
    assert client.post(url(complaint, "decision/"), JUSTIFIED, format="json").status_code == 201
    assert_error(
        client.post(url(complaint, "decision/"), JUSTIFIED, format="json"), 409, "wrong_state"
    )


def test_a_large_amount_is_confirmed_or_returned_by_the_quality_lead(api, staff, submit):
    complaint = investigating(submit, staff, amount_in_dispute=Decimal("2500"), currency="EUR")
    establish_facts(complaint, staff["handler"])
    handler, lead = api(staff["handler"]), api(staff["quality"])
    proposed = handler.post(url(complaint, "decision/"), JUSTIFIED, format="json")
    assert proposed.status_code == 201 and proposed.json()["state"] == "proposed"
    assert fresh(complaint).status == Status.INVESTIGATING

    assert_error(
        handler.post(url(complaint, "decision/confirm/"), {}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(
        lead.post(url(complaint, "decision/return/"), {"note": ""}, format="json"),
        400,
        "validation_failed",
        {"note"},
    )
    returned = lead.post(url(complaint, "decision/return/"), {"note": "Partly."}, format="json")
    assert returned.status_code == 200 and returned.json()["state"] == "returned"
    assert returned.json()["review_note"] == "Partly."
    assert_error(
        lead.post(url(complaint, "decision/confirm/"), {}, format="json"),
        409,
        "no_proposed_decision",
    )

    again = handler.post(
        url(complaint, "decision/"), {**JUSTIFIED, "outcome": "partly_justified"}, format="json"
    )
    assert again.json()["state"] == "proposed"
    confirmed = lead.post(url(complaint, "decision/confirm/"), {"note": "Fine."}, format="json")
    assert confirmed.status_code == 200, confirmed.content
    assert (confirmed.json()["state"], confirmed.json()["confirmed_by"]) == (
        "confirmed",
        str(staff["quality"]),
    )
    assert fresh(complaint).status == Status.DECIDED
    states = [d["state"] for d in handler.get(url(complaint, "investigation/")).json()["decisions"]]
    assert states == ["returned", "confirmed"]


# --- Disciplinary measures: restricted --------------------------------------------------


@pytest.fixture
def culprit(db):
    return make_user("culprit", None, last_name="Zanzibar")


def test_a_quality_lead_records_and_reads_disciplinary_measures(api, staff, submit, culprit):
    complaint = decided(submit, staff)
    lead = api(staff["quality"])
    response = lead.post(
        url(complaint, "disciplinary/"),
        {"employee": culprit.pk, "measure": "Written warning"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["employee"] == "Culprit Zanzibar"
    for who in ("quality", "signatory"):
        listed = api(staff[who]).get(url(complaint, "disciplinary/"))
        assert listed.status_code == 200
        assert [(m["employee"], m["measure"]) for m in listed.json()] == [
            ("Culprit Zanzibar", "Written warning")
        ]
    assert_error(
        lead.post(url(complaint, "disciplinary/"), {"employee": None, "measure": ""}, "json"),
        400,
        "validation_failed",
        {"employee", "measure"},
    )


def test_a_signatory_may_read_but_not_record(api, staff, submit, culprit):
    complaint = decided(submit, staff)
    assert api(staff["signatory"]).get(url(complaint, "disciplinary/")).status_code == 200
    assert_error(
        api(staff["signatory"]).post(
            url(complaint, "disciplinary/"),
            {"employee": culprit.pk, "measure": "Warning"},
            format="json",
        ),
        403,
        "permission_denied",
    )
    assert not DisciplinaryMeasure.objects.exists()


@pytest.mark.parametrize("who", ["handler", "handler_mate", "analyst"])
def test_handlers_and_analysts_are_refused_the_disciplinary_records(
    who, api, staff, submit, culprit
):
    complaint = decided(submit, staff)
    client = api(staff[who])
    assert_error(client.get(url(complaint, "disciplinary/")), 403, "permission_denied")
    assert_error(
        client.post(
            url(complaint, "disciplinary/"),
            {"employee": culprit.pk, "measure": "Warning"},
            format="json",
        ),
        403,
        "permission_denied",
    )
    assert not DisciplinaryMeasure.objects.exists()


def test_the_disciplinary_record_is_nowhere_in_what_a_handler_reads(api, staff, submit, culprit):
    complaint = decided(submit, staff)
    inv.disciplinary_record(
        complaint=complaint,
        actor=staff["quality"],
        employee=culprit,
        measure="Final written warning",
    )
    handler = api(staff["handler"])
    for path in (
        f"/api/complaints/{complaint.reference}/",
        url(complaint, "investigation/"),
        "/api/complaints/",
    ):
        response = handler.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        for secret in ("Zanzibar", "Final written warning", "culprit"):
            assert secret not in text, (path, secret)
    events = handler.get(f"/api/complaints/{complaint.reference}/").json()["events"]
    restricted = [e for e in events if e["kind"] == EventKind.RESTRICTED]
    assert len(restricted) == 1 and restricted[0]["note"] == ""
