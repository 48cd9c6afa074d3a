"""The REST API end to end: intake, the journal list, every action, errors, roles, the guard.

Every request goes through DRF's APIClient with a real token and a real database.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from redress.complaints import services
from redress.complaints.lifecycle import Status
from redress.complaints.models import (
    Attachment,
    Category,
    Complaint,
    JournalEvent,
    ReferenceCounter,
)
from redress.customers.models import Customer
from redress.letters.models import Signature

LIST = "/api/complaints/"
REFERENCE = re.compile(r"^RD-(\d{4})-\d{6}$")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"

pytestmark = pytest.mark.django_db


# --- helpers ------------------------------------------------------------------------------


def api(user=None) -> APIClient:
    """A client that authenticates with the user's real token (none for anonymous)."""
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def detail_url(reference: str, action: str = "") -> str:
    return f"{LIST}{reference}/" + (f"{action}/" if action else "")


def payload(**overrides) -> dict:
    data = {
        "customer": {
            "full_name": "Ana Babić",
            "email": "ana@example.hr",
            "phone": "+385 1 234 5678",
            "preferred_language": "hr",
        },
        "language": "hr",
        "category": "delivery",
        "subject": "Paket nije stigao",
        "description": "Naručila sam paket prije tri tjedna i još nije stigao.",
    }
    customer = overrides.pop("customer", None)
    if customer is not None:
        data["customer"] = {**data["customer"], **customer}
    data.update(overrides)
    return data


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def snapshot() -> dict:
    """Everything a refused request must leave untouched."""
    return {
        "complaints": Complaint.objects.count(),
        "customers": Customer.objects.count(),
        "events": JournalEvent.objects.count(),
        "attachments": Attachment.objects.count(),
        "counters": list(ReferenceCounter.objects.values_list("year", "last")),
        "files": stored_files(),
    }


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    return body


def create(user, **overrides) -> dict:
    response = api(user).post(LIST, payload(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def registered_to(handler, actor, **overrides) -> Complaint:
    """A complaint taken in by the API and registered to `handler` (out of the intake queue)."""
    reference = create(actor, **overrides)["reference"]
    complaint = Complaint.objects.get(reference=reference)
    return services.complaint_register(complaint=complaint, actor=actor, assignee=handler)


# --- intake -------------------------------------------------------------------------------


def test_creating_a_complaint_answers_201_with_a_reference_and_acknowledges_it(staff):
    before = timezone.now()
    body = create(staff["intake"])

    match = REFERENCE.match(body["reference"])
    assert match, body["reference"]
    assert int(match.group(1)) == timezone.localdate().year
    assert body["status"] == "acknowledged"
    assert body["channel"] == "api"
    assert body["category"] == "delivery"
    assert body["customer_card"]["full_name"] == "Ana Babić"
    assert body["customer_card"]["email"] == "ana@example.hr"
    assert body["reply_due_on"] > timezone.localdate().isoformat()
    assert [(e["kind"], e["to_status"]) for e in body["events"]] == [
        ("submitted", "received"),
        ("status", "acknowledged"),
        ("email_out", ""),  # the acknowledgement, queued in the outbox
    ]

    complaint = Complaint.objects.get(reference=body["reference"])
    assert complaint.status == Status.ACKNOWLEDGED
    assert complaint.intake_by == staff["intake"]
    assert complaint.acknowledged_at >= before
    assert complaint.customer.preferred_language == "hr"


def test_each_new_complaint_gets_the_next_reference_number(staff):
    first = create(staff["intake"])["reference"]
    second = create(staff["intake"], customer={"email": "other@example.hr"})["reference"]
    assert int(second[-6:]) == int(first[-6:]) + 1


def test_a_staff_channel_complaint_stays_received_until_acknowledged(staff):
    body = create(staff["intake"], channel="phone")
    assert body["status"] == "received"
    assert body["acknowledged_at"] is None


def test_the_web_channel_is_not_offered_to_api_clients(staff):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(channel="web"), format="json"),
        400,
        "validation_failed",
    )
    assert "channel" in body["fields"]
    assert snapshot() == before


# --- the journal list and its filters ------------------------------------------------------


@pytest.fixture
def journal(staff):
    """Four complaints that differ in every filterable way, visible to the quality lead."""
    quality, intake = staff["quality"], staff["intake"]
    warranty = Category.objects.get(code="warranty")
    a = create(
        intake,
        subject="Broken chair leg",
        received_at="2024-01-10T10:00:00Z",
        category="warranty",
        channel="phone",
        customer={"email": "a@example.org"},
    )
    b = create(
        intake,
        subject="Parcel lost",
        received_at="2024-03-05T10:00:00Z",
        customer={"email": "b@example.org", "full_name": "Bertil Svensson"},
    )
    c = create(
        quality, subject="Late van", customer={"email": "c@example.org"}, order_reference="ORD-4711"
    )
    d = create(
        quality,
        subject="Rude driver",
        category="staff-conduct",
        channel="visit",
        customer={"email": "d@example.org"},
    )
    services.complaint_register(
        complaint=Complaint.objects.get(reference=c["reference"]),
        actor=quality,
        assignee=staff["handler"],
    )
    services.complaint_register(
        complaint=Complaint.objects.get(reference=b["reference"]),
        actor=quality,
        assignee=quality,
    )
    return {
        "a": a["reference"],
        "b": b["reference"],
        "c": c["reference"],
        "d": d["reference"],
        "warranty": warranty,
    }


def test_the_list_shows_every_complaint_the_user_may_see_newest_first(staff, journal):
    got = references(api(staff["quality"]).get(LIST))
    assert got == [journal["d"], journal["c"], journal["b"], journal["a"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "registered"}, ["c", "b"]),
        ({"status": "received"}, ["d", "a"]),
        ({"category": "warranty"}, ["a"]),
        ({"category": "staff-conduct"}, ["d"]),
        ({"channel": "phone"}, ["a"]),
        ({"channel": "api"}, ["c", "b"]),
        ({"assignee": "none"}, ["d", "a"]),
        ({"assignee": "me"}, ["b"]),
        ({"received_from": "2024-02-01", "received_to": "2024-12-31"}, ["b"]),
        ({"received_to": "2024-01-31"}, ["a"]),
        ({"overdue": "true"}, ["b", "a"]),
        ({"q": "parcel"}, ["b"]),
        ({"q": "svensson"}, ["b"]),
        ({"q": "ORD-4711"}, ["c"]),
        ({"sort": "received"}, ["a", "b", "c", "d"]),
        ({"sort": "-reference"}, ["d", "c", "b", "a"]),
        ({"status": "received", "channel": "visit"}, ["d"]),
    ],
    ids=lambda v: "&".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else "",
)
def test_each_list_filter_narrows_the_journal(staff, journal, query, expected):
    got = references(api(staff["quality"]).get(LIST, query))
    assert got == [journal[k] for k in expected]


def test_the_assignee_filter_takes_a_user_id(staff, journal):
    got = references(api(staff["quality"]).get(LIST, {"assignee": staff["handler"].pk}))
    assert got == [journal["c"]]


def test_the_category_filter_includes_subcategories_and_takes_an_id(staff, journal):
    child = Category.objects.create(
        code="warranty-repair", name_en="Repair", parent=journal["warranty"]
    )
    e = create(staff["quality"], category="warranty-repair", customer={"email": "e@x.org"})
    got = references(api(staff["quality"]).get(LIST, {"category": journal["warranty"].pk}))
    assert got == [e["reference"], journal["a"]]
    got = references(api(staff["quality"]).get(LIST, {"category": child.code}))
    assert got == [e["reference"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"category": "nonsense"}, "category"),
        ({"sort": "colour"}, "sort"),
        ({"received_from": "10/01/2024"}, "received_from"),
        ({"assignee": "999999"}, "assignee"),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else v,
)
def test_an_unknown_list_filter_value_is_a_validation_error(staff, journal, query, field):
    body = assert_error(api(staff["quality"]).get(LIST, query), 400, "validation_failed")
    assert list(body["fields"]) == [field]


def test_the_list_answers_the_fields_a_journal_row_needs(staff, journal):
    rows = api(staff["quality"]).get(LIST, {"q": "Late van"}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["status"] == "registered"
    assert row["assignee"] == {"id": staff["handler"].pk, "name": str(staff["handler"])}
    assert row["category"] == "delivery"
    assert row["is_overdue"] is False


def test_retrieving_a_complaint_answers_its_card_timeline_and_possible_moves(staff, journal):
    response = api(staff["handler"]).get(detail_url(journal["c"]))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == journal["c"]
    assert body["status"] == "registered"
    assert body["customer_card"]["email"] == "c@example.org"
    # email_out: the acknowledgement queued in the outbox.
    assert [e["kind"] for e in body["events"]] == [
        "submitted",
        "status",
        "email_out",
        "status",
        "assigned",
    ]
    # A handler may investigate or ... nothing else from "registered" (withdraw is acknowledge).
    assert "investigating" in body["available_transitions"]
    assert "registered" not in body["available_transitions"]


def test_retrieving_an_unknown_reference_is_not_found(staff):
    assert_error(api(staff["quality"]).get(detail_url("RD-2024-999999")), 404, "not_found")


# --- every lifecycle action, end to end ----------------------------------------------------


def test_every_action_endpoint_takes_a_phone_complaint_to_closed(staff):
    intake, quality = api(staff["intake"]), api(staff["quality"])
    handler, mate = api(staff["handler"]), api(staff["handler_mate"])
    ref = create(staff["intake"], channel="phone")["reference"]

    promised = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    r = intake.post(
        detail_url(ref, "acknowledge"), {"reply_due_on": promised, "note": "Called"}, format="json"
    )
    assert r.status_code == 200, r.content
    assert (r.json()["status"], r.json()["reply_due_on"]) == ("acknowledged", promised)

    r = intake.post(detail_url(ref, "register"), {"assignee": staff["handler"].pk}, format="json")
    assert r.status_code == 200, r.content
    assert r.json()["status"] == "registered"
    assert r.json()["assignee"]["id"] == staff["handler"].pk

    r = quality.post(
        detail_url(ref, "assign"),
        {"assignee": staff["handler_mate"].pk, "note": "Holiday cover"},
        format="json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["assignee"]["id"] == staff["handler_mate"].pk

    r = mate.post(detail_url(ref, "notes"), {"note": "Customer prefers a call."}, format="json")
    assert r.status_code == 201, r.content
    assert (r.json()["kind"], r.json()["is_public"]) == ("note", False)

    upload = SimpleUploadedFile("receipt.png", PNG, content_type="image/png")
    r = mate.post(detail_url(ref, "attachments"), {"files": [upload]}, format="multipart")
    assert r.status_code == 201, r.content
    assert [(a["original_name"], a["size"]) for a in r.json()] == [("receipt.png", len(PNG))]
    stored = Attachment.objects.get(complaint__reference=ref)
    with stored.file.open("rb") as f:
        assert f.read() == PNG

    r = mate.post(detail_url(ref, "transition"), {"to": "investigating"}, format="json")
    assert r.status_code == 200, r.content
    # Deciding needs the facts established and a reasoned decision (issue 3's endpoints).
    for fact in mate.get(f"/api/complaints/{ref}/investigation/").json()["checklist"]:
        r = mate.post(
            f"/api/complaints/{ref}/facts/",
            {"item": fact["item"], "finding": "Confirmed from the carrier's log."},
            format="json",
        )
        assert r.status_code == 201, r.content
    r = mate.post(
        f"/api/complaints/{ref}/decision/",
        {"outcome": "not_justified", "reasons": "The parcel was delivered and signed for."},
        format="json",
    )
    assert r.status_code == 201, r.content
    # The response letter: drafted from the case (responding), signed, sent (moves it on).
    r = handler.post(f"/api/complaints/{ref}/letters/", {"kind": "not_justified"}, format="json")
    assert r.status_code == 201, r.content
    letter = r.json()["id"]
    assert quality.get(detail_url(ref)).json()["status"] == "responding"
    Signature.objects.create(user=staff["signatory"], name="Sara Lindgren", title="Director")
    r = api(staff["signatory"]).post(f"/api/letters/{letter}/approve/", {}, format="json")
    assert r.status_code == 200, r.content
    r = mate.post(
        f"/api/letters/{letter}/send/", {"via": "post", "to": "1 High Street"}, format="json"
    )
    assert r.status_code == 200, r.content
    assert quality.get(detail_url(ref)).json()["status"] == "satisfaction_check"
    check = mate.get(f"/api/complaints/{ref}/satisfaction-checks/").json()[0]
    r = mate.post(
        f"/api/complaints/{ref}/satisfaction-checks/{check['id']}/answer/",
        {"solved": True, "score": 5, "comment": "Customer satisfied."},
        format="json",
    )
    assert r.status_code == 200, r.content

    body = quality.get(detail_url(ref)).json()
    assert body["status"] == "closed"
    assert body["closed_at"] is not None
    assert body["available_transitions"] == ["reopened"]
    assert [a["original_name"] for a in body["attachments"]] == ["receipt.png"]
    statuses = [e["to_status"] for e in body["events"] if e["kind"] in ("submitted", "status")]
    assert statuses == [
        "received",
        "acknowledged",
        "registered",
        "investigating",
        "decided",
        "responding",
        "satisfaction_check",
        "closed",
    ]
    kinds = [e["kind"] for e in body["events"]]
    assert kinds.count("assigned") == 2 and kinds.count("note") == 1
    assert kinds.count("attachment") == 1


def test_resolving_at_first_contact_closes_at_once(staff):
    ref = create(staff["handler"], channel="phone")["reference"]
    r = api(staff["handler"]).post(
        detail_url(ref, "resolve-at-first-contact"),
        {"resolution": "Refunded on the phone."},
        format="json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["resolved_at_first_contact"]) == ("closed", True)
    assert body["events"][-1]["note"] == "Refunded on the phone."


def test_resolving_at_first_contact_without_a_resolution_is_refused(staff):
    ref = create(staff["intake"], channel="phone")["reference"]
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(detail_url(ref, "resolve-at-first-contact"), {}, format="json"),
        400,
        "validation_failed",
    )
    assert "note" in body["fields"]
    assert snapshot() == before
    assert Complaint.objects.get(reference=ref).status == Status.RECEIVED


def test_closing_a_decided_complaint_is_refused_with_409(staff):
    complaint = registered_to(staff["handler"], staff["quality"])
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler"]
    )
    before = snapshot()
    body = assert_error(
        api(staff["handler"]).post(
            detail_url(complaint.reference, "transition"),
            {"to": "closed", "note": "done"},
            format="json",
        ),
        409,
        "transition_not_allowed",
    )
    assert "Investigating" in body["message"] and "Closed" in body["message"]
    assert snapshot() == before
    assert Complaint.objects.get(pk=complaint.pk).status == Status.INVESTIGATING


def test_a_move_that_needs_a_reason_is_refused_without_one(staff):
    complaint = registered_to(staff["handler"], staff["quality"])
    services.complaint_transition(
        complaint=complaint, to=Status.INVESTIGATING, actor=staff["handler"]
    )
    before = snapshot()
    body = assert_error(
        api(staff["handler"]).post(
            detail_url(complaint.reference, "transition"),
            {"to": "decided", "note": " "},
            format="json",
        ),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["note"]
    assert snapshot() == before


def test_a_transition_to_an_unknown_status_is_refused_naming_the_value(staff):
    # The schema declares the statuses as an enum, so an unknown one is a field error.
    complaint = registered_to(staff["handler"], staff["quality"])
    before = snapshot()
    body = assert_error(
        api(staff["handler"]).post(
            detail_url(complaint.reference, "transition"), {"to": "teleported"}, format="json"
        ),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["to"]
    assert "teleported" in body["fields"]["to"][0]
    assert snapshot() == before
    assert Complaint.objects.get(pk=complaint.pk).status == Status.REGISTERED


def test_reassigning_an_unregistered_complaint_is_refused_with_not_registered(staff):
    ref = create(staff["intake"])["reference"]
    before = snapshot()
    assert_error(
        api(staff["quality"]).post(
            detail_url(ref, "assign"), {"assignee": staff["handler"].pk}, format="json"
        ),
        409,
        "not_registered",
    )
    assert snapshot() == before


def test_registering_to_someone_who_cannot_handle_complaints_is_refused(staff):
    ref = create(staff["intake"])["reference"]
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(
            detail_url(ref, "register"), {"assignee": staff["signatory"].pk}, format="json"
        ),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["assignee"]
    assert snapshot() == before


def test_an_empty_note_is_refused(staff):
    ref = create(staff["intake"])["reference"]
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(detail_url(ref, "notes"), {"note": "   "}, format="json"),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["note"]
    assert snapshot() == before


# --- bad input: one stable code, per-field messages, nothing stored -------------------------


@pytest.mark.parametrize(
    ("customer", "fields"),
    [
        ({"full_name": ""}, ["customer.full_name"]),
        ({"full_name": "   "}, ["customer.full_name"]),
        (
            {"email": "", "phone": "", "postal_address": ""},
            ["customer.email", "customer.phone", "customer.postal_address"],
        ),
        ({"email": "not-an-address"}, ["customer.email"]),
        (
            {"kind": "organisation", "organisation_name": "", "contact_person": ""},
            ["customer.organisation_name", "customer.contact_person"],
        ),
    ],
    ids=["missing-name", "blank-name", "no-contact", "bad-email", "organisation-unnamed"],
)
def test_a_complaint_with_a_bad_customer_is_refused_and_nothing_is_stored(staff, customer, fields):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(customer=customer), format="json"),
        400,
        "validation_failed",
    )
    assert sorted(body["fields"]) == sorted(fields)
    assert all(
        body["fields"][f] and all(isinstance(m, str) for m in body["fields"][f]) for f in fields
    )
    assert snapshot() == before


def test_a_complaint_without_a_customer_object_is_refused(staff):
    data = payload()
    del data["customer"]
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, data, format="json"), 400, "validation_failed"
    )
    assert "customer" in body["fields"]
    assert snapshot() == before


def test_an_unknown_category_is_refused_naming_the_category(staff):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(category="teleportation"), format="json"),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["category"]
    assert "teleportation" in body["fields"]["category"][0]
    assert snapshot() == before


def test_an_inactive_category_is_refused(staff):
    Category.objects.filter(code="warranty").update(is_active=False)
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(category="warranty"), format="json"),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["category"]
    assert snapshot() == before


def test_a_complaint_without_subject_or_description_is_refused(staff):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(subject="", description="short"), format="json"),
        400,
        "validation_failed",
    )
    assert sorted(body["fields"]) == ["description", "subject"]
    assert snapshot() == before


def test_a_body_that_is_not_json_is_refused_with_invalid_json(staff):
    before = snapshot()
    response = api(staff["intake"]).post(
        LIST, data='{"customer": {"full_name": "Ana"', content_type="application/json"
    )
    body = assert_error(response, 400, "invalid_json")
    assert body["fields"] == {}
    assert snapshot() == before


def test_an_incident_date_in_the_future_is_refused(staff):
    future = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(LIST, payload(incident_date=future), format="json"),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["incident_date"]
    assert snapshot() == before


def _upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def open_complaint(staff) -> str:
    return create(staff["intake"])["reference"]


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "not an accepted file type"),
        ("invoice.pdf", b"MZ\x90\x00 this is really a program", "does not contain what its name"),
        ("photo.png", b"GIF89a" + b"\x00" * 20, "does not contain what its name"),
    ],
    ids=["exe", "pdf-that-is-not", "png-that-is-a-gif"],
)
def test_a_refused_attachment_stores_nothing(staff, open_complaint, name, content, needle):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(
            detail_url(open_complaint, "attachments"),
            {"files": [_upload(name, content)]},
            format="multipart",
        ),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["files"]
    assert needle in body["fields"]["files"][0] and name in body["fields"]["files"][0]
    assert snapshot() == before


def test_an_oversized_attachment_is_refused_and_nothing_is_stored(staff, open_complaint, settings):
    settings.REDRESS_ATTACHMENT_MAX_BYTES = 1024
    before = snapshot()
    big = _upload("scan.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf")
    body = assert_error(
        api(staff["intake"]).post(
            detail_url(open_complaint, "attachments"), {"files": [big]}, format="multipart"
        ),
        400,
        "validation_failed",
    )
    assert "the limit is 1.0\xa0KB" in body["fields"]["files"][0]
    assert snapshot() == before
    # Just under the limit is accepted.
    small = _upload("scan.pdf", b"%PDF-1.4\n" + b"0" * 1000, "application/pdf")
    r = api(staff["intake"]).post(
        detail_url(open_complaint, "attachments"), {"files": [small]}, format="multipart"
    )
    assert r.status_code == 201, r.content


def test_one_bad_file_among_good_ones_stores_none_of_them(staff, open_complaint):
    before = snapshot()
    files = [_upload("ok.png", PNG, "image/png"), _upload("bad.exe", b"MZ")]
    assert_error(
        api(staff["intake"]).post(
            detail_url(open_complaint, "attachments"), {"files": files}, format="multipart"
        ),
        400,
        "validation_failed",
    )
    assert snapshot() == before


def test_an_upload_without_files_is_refused(staff, open_complaint):
    before = snapshot()
    body = assert_error(
        api(staff["intake"]).post(
            detail_url(open_complaint, "attachments"), {}, format="multipart"
        ),
        400,
        "validation_failed",
    )
    assert list(body["fields"]) == ["files"]
    assert snapshot() == before


# --- authentication and roles --------------------------------------------------------------


def test_an_anonymous_client_gets_401_with_a_code(staff, open_complaint):
    before = snapshot()
    for response in (
        api().get(LIST),
        api().post(LIST, payload(), format="json"),
        api().get(detail_url(open_complaint)),
        api().post(detail_url(open_complaint, "transition"), {"to": "closed"}, format="json"),
    ):
        assert_error(response, 401, "not_authenticated")
    assert snapshot() == before


def test_a_wrong_token_gets_401(staff):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert_error(client.get(LIST), 401, "authentication_failed")


def test_a_token_is_issued_for_a_valid_login_only(staff):
    r = APIClient().post("/api/token/", {"username": "intake", "password": "pw-intake"})
    assert r.status_code == 200
    token = r.json()["token"]
    assert Token.objects.get(user=staff["intake"]).key == token
    r = APIClient().post("/api/token/", {"username": "intake", "password": "wrong"})
    assert r.status_code == 400


@pytest.mark.parametrize("who", ["analyst", "signatory", "admin", "nobody"])
def test_roles_without_intake_cannot_create(staff, who):
    before = snapshot()
    assert_error(api(staff[who]).post(LIST, payload(), format="json"), 403, "permission_denied")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["intake", "handler", "quality"])
def test_roles_with_intake_can_create(staff, who):
    assert create(staff[who])["status"] == "acknowledged"


@pytest.mark.parametrize("who", ["analyst", "admin", "nobody"])
def test_roles_without_complaint_access_cannot_list_or_read(staff, who, open_complaint):
    assert_error(api(staff[who]).get(LIST), 403, "permission_denied")
    assert_error(api(staff[who]).get(detail_url(open_complaint)), 403, "permission_denied")


def test_a_signatory_cannot_move_a_complaint(staff, open_complaint):
    before = snapshot()
    assert_error(
        api(staff["signatory"]).post(
            detail_url(open_complaint, "register"), {"assignee": staff["handler"].pk}, format="json"
        ),
        403,
        "permission_denied",
    )
    assert snapshot() == before


@pytest.fixture
def spread(staff):
    """One complaint per kind of visibility.

    queue     -- a web complaint nobody has registered yet (the intake queue)
    mine      -- registered to `handler`
    team      -- registered to `handler_mate` (same team as `handler`)
    other     -- registered to `handler_other` (another team)
    taken_in  -- taken in by the intake operator by phone, then registered to handler_other
    """
    quality = staff["quality"]
    queue = create(quality, customer={"email": "q@example.org"})["reference"]
    mine = registered_to(staff["handler"], quality, customer={"email": "m@example.org"})
    team = registered_to(staff["handler_mate"], quality, customer={"email": "t@example.org"})
    other = registered_to(staff["handler_other"], quality, customer={"email": "o@example.org"})
    taken = create(staff["intake"], channel="phone", customer={"email": "i@example.org"})
    taken = Complaint.objects.get(reference=taken["reference"])
    services.complaint_acknowledge(complaint=taken, actor=staff["intake"])
    taken = services.complaint_register(
        complaint=taken, actor=staff["intake"], assignee=staff["handler_other"]
    )
    return {
        "queue": queue,
        "mine": mine.reference,
        "team": team.reference,
        "other": other.reference,
        "taken_in": taken.reference,
    }


VISIBLE = {
    "quality": {"queue", "mine", "team", "other", "taken_in"},
    "signatory": {"queue", "mine", "team", "other", "taken_in"},
    "intake": {"queue", "taken_in"},
    "handler": {"mine", "team"},
    "handler_mate": {"mine", "team"},
    "handler_other": {"other", "taken_in"},
}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_each_role_lists_and_reads_exactly_what_it_may_see(staff, spread, who):
    client = api(staff[who])
    listed = set(references(client.get(LIST)))
    assert listed == {spread[k] for k in VISIBLE[who]}
    for key, reference in spread.items():
        response = client.get(detail_url(reference))
        if key in VISIBLE[who]:
            assert response.status_code == 200, (key, response.content)
        else:
            assert_error(response, 404, "not_found")


def test_a_handler_sees_own_and_team_complaints_but_not_another_teams(staff, spread):
    for who in ("handler", "handler_mate"):
        client = api(staff[who])
        listed = set(references(client.get(LIST, {"status": "registered"})))
        assert listed == {spread["mine"], spread["team"]}
        assert client.get(detail_url(spread["mine"])).status_code == 200
        assert client.get(detail_url(spread["team"])).status_code == 200
        for key in ("other", "taken_in"):
            assert_error(client.get(detail_url(spread[key])), 404, "not_found")


def test_a_handler_cannot_act_on_another_teams_complaint(staff, spread):
    before = snapshot()
    client = api(staff["handler"])
    for action, data in [
        ("transition", {"to": "investigating"}),
        ("notes", {"note": "Sneaky"}),
    ]:
        assert_error(
            client.post(detail_url(spread["other"], action), data, format="json"), 404, "not_found"
        )
    r = client.post(
        detail_url(spread["other"], "attachments"),
        {"files": [_upload("a.png", PNG, "image/png")]},
        format="multipart",
    )
    assert_error(r, 404, "not_found")
    assert snapshot() == before


def test_the_intake_operator_loses_sight_of_a_web_complaint_once_registered(staff, spread):
    client = api(staff["intake"])
    assert client.get(detail_url(spread["queue"])).status_code == 200
    services.complaint_register(
        complaint=Complaint.objects.get(reference=spread["queue"]),
        actor=staff["quality"],
        assignee=staff["handler"],
    )
    assert_error(client.get(detail_url(spread["queue"])), 404, "not_found")
    # ... but what they took in themselves stays in sight whatever its state.
    assert client.get(detail_url(spread["taken_in"])).status_code == 200


def test_an_action_that_moves_a_complaint_out_of_sight_still_answers_its_result(staff, spread):
    # The intake operator registers a web complaint: it leaves their queue with that step.
    r = api(staff["intake"]).post(
        detail_url(spread["queue"], "register"), {"assignee": staff["handler"].pk}, format="json"
    )
    assert r.status_code == 200, r.content
    assert (r.json()["reference"], r.json()["status"]) == (spread["queue"], "registered")
    assert_error(api(staff["intake"]).get(detail_url(spread["queue"])), 404, "not_found")


def test_a_handler_does_not_see_the_intake_queue_but_sees_what_they_took_in(staff, spread):
    client = api(staff["handler"])
    assert_error(client.get(detail_url(spread["queue"])), 404, "not_found")
    own = create(staff["handler"], channel="phone", customer={"email": "own@example.org"})
    assert own["status"] == "received"
    assert set(references(client.get(LIST, {"status": "received"}))) == {own["reference"]}
    assert client.get(detail_url(own["reference"])).status_code == 200


def test_an_inactive_user_is_refused(staff):
    user = staff["quality"]
    client = api(user)
    user.is_active = False
    user.save()
    assert_error(client.get(LIST), 401, "authentication_failed")


# --- the OpenAPI schema and the interactive docs ------------------------------------------


ACTIONS = [
    "acknowledge",
    "register",
    "assign",
    "transition",
    "resolve-at-first-contact",
    "notes",
    "attachments",
]


def test_the_openapi_schema_renders_with_every_path(staff):
    response = api(staff["intake"]).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    assert "/api/complaints/" in paths
    assert set(paths["/api/complaints/"]) >= {"get", "post"}
    assert "/api/complaints/{reference}/" in paths
    for name in ACTIONS:
        assert "post" in paths[f"/api/complaints/{{reference}}/{name}/"], name
    params = {p["name"] for p in paths["/api/complaints/"]["get"]["parameters"]}
    assert params >= {
        "status",
        "category",
        "channel",
        "assignee",
        "received_from",
        "received_to",
        "overdue",
        "q",
        "sort",
    }


def test_no_api_operation_can_edit_or_delete_anything(staff):
    """Nothing is edited or deleted; the one PUT saves a letter draft as a NEW version."""
    schema = api(staff["intake"]).get("/api/schema/", {"format": "json"}).json()
    changing = {
        (path, m)
        for path, operations in schema["paths"].items()
        for m in operations
        if m in {"put", "patch", "delete"}
    }
    assert changing == {("/api/letters/{id}/", "put")}


def test_the_yaml_schema_renders_too(staff):
    response = api(staff["intake"]).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/complaints/{reference}/transition/:" in response.content


def test_the_interactive_docs_load_only_local_assets(staff):
    response = api(staff["intake"]).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html), html
    assert "cdn" not in html.lower()
    assets = re.findall(r"""(?:src|href)="([^"]+)""", html)
    assert len(assets) >= 3, assets
    for url in assets:
        assert url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL)
        path = url.split(settings.STATIC_URL, 1)[1]
        assert finders.find(path), f"{url} is not a local static file"


# --- the journal is append-only ------------------------------------------------------------


@pytest.fixture
def event(staff, open_complaint) -> JournalEvent:
    return JournalEvent.objects.filter(complaint__reference=open_complaint).first()


def test_the_journal_refuses_a_queryset_update(event):
    with pytest.raises(TypeError, match="append-only"):
        JournalEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(TypeError, match="append-only"):
        JournalEvent.objects.update(note="rewritten")
    event.refresh_from_db()
    assert event.note == ""


def test_the_journal_refuses_saving_an_existing_event(event):
    event.note = "rewritten"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    assert JournalEvent.objects.get(pk=event.pk).note == ""


def test_the_journal_refuses_deleting_an_event(event):
    count = JournalEvent.objects.count()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        JournalEvent.objects.filter(pk=event.pk).delete()
    assert JournalEvent.objects.count() == count


def test_the_database_refuses_a_raw_update_of_the_journal(event):
    table = JournalEvent._meta.db_table
    assert table == "complaints_journalevent"
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {table} SET note = %s WHERE id = %s", ["rewritten", event.pk])
    assert JournalEvent.objects.get(pk=event.pk).note == ""


def test_the_database_refuses_a_raw_update_of_every_row(event):
    rows = list(JournalEvent.objects.order_by("id").values_list("id", "kind", "note", "is_public"))
    assert len(rows) >= 2
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_journalevent SET note = %s, is_public = %s", ["rewritten", False]
        )
    after = list(JournalEvent.objects.order_by("id").values_list("id", "kind", "note", "is_public"))
    assert after == rows


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_endpoint_changes_or_deletes_a_complaint_or_its_events(staff, open_complaint, method):
    before = snapshot()
    events = list(JournalEvent.objects.values_list("id", "note", "kind"))
    client = api(staff["quality"])
    for url in [
        detail_url(open_complaint),
        detail_url(open_complaint, "notes"),
        detail_url(open_complaint, "transition"),
    ]:
        response = getattr(client, method)(
            url, {"note": "rewritten", "status": "closed"}, format="json"
        )
        assert_error(response, 405, "method_not_allowed")
    assert snapshot() == before
    assert list(JournalEvent.objects.values_list("id", "note", "kind")) == events
    assert Complaint.objects.get(reference=open_complaint).status == Status.ACKNOWLEDGED


def test_there_is_no_endpoint_for_single_events(staff, event):
    response = api(staff["quality"]).delete(f"/api/events/{event.pk}/")
    assert response.status_code == 404
    assert JournalEvent.objects.filter(pk=event.pk).exists()
