"""The deadlines as staff see them: the journal, the complaint page, the API, reports."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redress.complaints import services as complaints
from redress.complaints.models import EventKind
from redress.deadlines import services
from redress.deadlines.models import ComplaintClock

from .conftest import deadlines_of

LONDON = ZoneInfo("Europe/London")


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def three(people, submit, clock):
    """At Tue 3 March 13:30: one complaint breached, one due soon, one paused."""
    clock(london(2026, 3, 2, 10))
    breached = submit(subject="Breached one")
    complaints.complaint_register(
        complaint=breached, actor=people["quality"], assignee=people["handler"]
    )
    clock(london(2026, 2, 27, 10))  # a Friday: its assignment was due Monday
    late = submit(subject="Late one")
    clock(london(2026, 3, 2, 14))  # its assignment is due Tuesday 17:00, due soon from 13:00
    soon = submit(subject="Soon one")
    clock(london(2026, 3, 3, 10))
    paused = submit(subject="Waiting one")
    services.clock_pause(complaint=paused, actor=people["intake"], note="Which order?")
    clock(london(2026, 3, 3, 13, 30))
    return {"late": late, "soon": soon, "paused": paused, "registered": breached}


def refs(response) -> list[str]:
    return [row["reference"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_the_journal_filters_and_sorts_by_the_next_deadline(client, people, three):
    client.force_login(people["quality"])
    page = client.get("/staff/", {"sort": "deadline"})
    assert page.status_code == 200
    html = page.content.decode()
    order = [html.index(c.reference) for c in (three["late"], three["soon"], three["registered"])]
    assert order == sorted(order)
    assert html.index(three["registered"].reference) < html.index(three["paused"].reference)
    breached = client.get("/staff/", {"deadline": "breached"}).content.decode()
    assert three["late"].reference in breached and three["soon"].reference not in breached
    soon = client.get("/staff/", {"deadline": "due_soon"}).content.decode()
    assert three["soon"].reference in soon and three["late"].reference not in soon
    assert "Due soon" in soon
    waiting = client.get("/staff/", {"deadline": "paused"}).content.decode()
    assert three["paused"].reference in waiting and three["soon"].reference not in waiting


@pytest.mark.django_db
def test_the_journal_needs_the_same_number_of_queries_for_more_complaints(
    client, people, submit, clock
):
    clock(london(2026, 3, 2, 10))
    client.force_login(people["quality"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/staff/", {"sort": "deadline"}).status_code == 200
        return len(ctx.captured_queries)

    submit()
    small = count()
    for _ in range(4):
        submit()
    assert count() == small


@pytest.mark.django_db
def test_the_complaint_page_shows_each_deadline_and_the_working_time_left(client, people, three):
    client.force_login(people["handler"])
    c = three["registered"]
    html = client.get(f"/staff/complaints/{c.reference}/").content.decode()
    assert 'data-testid="deadlines"' in html
    assert "Final response" in html and "Promised contact date" in html
    assert "16 Mar 2026, 17:00" in html and "10 business days" in html
    # 13:30 on Tuesday 3 March to 17:00 on Monday 16 March.
    assert "75 h 30 min of working time left" in html
    assert "Time to acknowledge" in html


@pytest.mark.django_db
def test_waiting_on_the_customer_from_the_complaint_page(client, people, three):
    client.force_login(people["handler"])
    c = three["registered"]
    url = f"/staff/complaints/{c.reference}/"
    response = client.post(url + "clock/pause/", {"note": "Asked for a photo of the label."})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert "Waiting on the customer" in html and "The customer answered" in html
    assert "of working time left when the clock stopped" in html
    client.post(url + "clock/resume/", {"note": "Photo received."})
    kinds = list(c.events.values_list("kind", flat=True))
    assert EventKind.CLOCK_PAUSED in kinds and EventKind.CLOCK_RESUMED in kinds
    # A refused action comes back as a message, not an error page.
    response = client.post(url + "clock/resume/", {}, follow=True)
    assert "not waiting on the customer" in response.content.decode()


@pytest.mark.django_db
def test_a_signatory_sees_the_deadlines_but_no_buttons(client, people, three):
    client.force_login(people["signatory"])
    html = client.get(f"/staff/complaints/{three['soon'].reference}/").content.decode()
    assert 'data-testid="deadlines"' in html and "clock/pause/" not in html
    response = client.post(
        f"/staff/complaints/{three['soon'].reference}/clock/pause/", {"note": "x"}, follow=True
    )
    assert "Your role does not allow this action." in response.content.decode()


@pytest.mark.django_db
def test_the_api_lists_filters_and_sorts_by_the_next_deadline(client, people, three):
    client.force_login(people["quality"])
    data = client.get("/api/complaints/", {"sort": "deadline"}).json()
    first = data["results"][0]
    assert first["reference"] == three["late"].reference
    assert first["deadline_state"] == "breached" and first["next_deadline"] == "assign"
    assert first["next_deadline_at"] == "2026-03-02T17:00:00Z"
    assert refs(client.get("/api/complaints/", {"deadline": "due_soon"})) == [
        three["soon"].reference
    ]
    assert refs(client.get("/api/complaints/", {"overdue": "true"})) == [three["late"].reference]
    bad = client.get("/api/complaints/", {"deadline": "soonish"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_failed"


@pytest.mark.django_db
def test_the_api_detail_has_the_deadlines_and_the_times_in_business_hours(client, people, three):
    client.force_login(people["handler"])
    c = three["registered"]
    data = client.get(f"/api/complaints/{c.reference}/").json()
    assert data["deadline_policy"] == "standard"
    kinds = {d["kind"]: d for d in data["deadlines"]}
    assert kinds["response"]["due_at"] == "2026-03-16T17:00:00Z"
    assert kinds["response"]["state"] == "on_track"
    assert kinds["response"]["business_hours_left"] == 75.5
    assert kinds["acknowledge"]["state"] == "met"
    assert data["time_to_acknowledge_business_hours"] == 0.0
    assert data["time_to_resolve_business_hours"] is None


@pytest.mark.django_db
def test_the_api_pauses_resumes_extends_and_records_contacts(
    client, people, submit, clock, use_policy
):
    use_policy("uk-fca-disp-payments")
    clock(london(2026, 4, 2, 10))
    c = submit()
    complaints.complaint_register(complaint=c, actor=people["quality"], assignee=people["handler"])
    client.force_login(people["handler"])
    base = f"/api/complaints/{c.reference}/"
    paused = client.post(base + "pause/", {"note": "Statement?"}, content_type="application/json")
    assert paused.status_code == 200 and paused.json()["waiting_on_customer_since"]
    again = client.post(base + "pause/", {"note": "x"}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    clock(london(2026, 4, 3, 10))
    assert client.post(base + "resume/", {}, content_type="application/json").status_code == 200
    extended = client.post(
        base + "holding-reply/", {"note": "Still looking."}, content_type="application/json"
    ).json()
    response = next(d for d in extended["deadlines"] if d["kind"] == "response")
    assert response["is_extended"] is True
    contact = client.post(
        base + "contact/",
        {"note": "Phoned.", "next_contact_on": "2026-04-10"},
        content_type="application/json",
    ).json()
    assert contact["reply_due_on"] == "2026-04-10"
    assert deadlines_of(c)["contact"].due_at == london(2026, 4, 10, 17)


@pytest.mark.django_db
def test_the_deadline_report_gives_business_hours_and_compliance_to_report_readers(
    client, people, three, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.deadline_sweep()
    client.force_login(people["handler"])
    assert client.get("/api/reports/deadlines/").status_code == 403
    client.force_login(people["analyst"])
    report = client.get("/api/reports/deadlines/").json()
    assert report["complaints"] == 4 and report["acknowledged"] == 4
    assert report["time_to_acknowledge_business_hours_avg"] == 0.0
    assign = report["deadlines"]["assign"]
    assert assign["met_on_time"] == 1 and assign["breached_open"] == 1
    assert assign["on_time_rate"] == 0.5
    assert report["deadlines"]["response"]["running"] == 4
    filtered = client.get("/api/reports/deadlines/", {"received_from": "2026-03-02"}).json()
    assert filtered["complaints"] == 3
    bad = client.get("/api/reports/deadlines/", {"received_from": "March"})
    assert bad.status_code == 400
    assert ComplaintClock.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("sort_at_most", [1, 2000])
def test_the_deadline_filters_find_the_same_complaints_whichever_plan_sqlite_takes(
    client, people, three, monkeypatch, sort_at_most
):
    # Many complaints in a state: SQLite is told to walk the journal's date index (a hint
    # that changes no result); few: it reads them from the clock's index and sorts them.
    from redress.complaints import selectors

    monkeypatch.setattr(selectors, "SORT_AT_MOST", sort_at_most)
    client.force_login(people["quality"])
    assert refs(client.get("/api/complaints/", {"overdue": "true"})) == [three["late"].reference]
    assert refs(client.get("/api/complaints/", {"deadline": "due_soon"})) == [
        three["soon"].reference
    ]
    html = client.get("/staff/", {"overdue": "on"}).content.decode()
    assert three["late"].reference in html and three["soon"].reference not in html
