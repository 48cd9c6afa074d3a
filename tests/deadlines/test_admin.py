"""Administrators configure calendars and policies in the admin."""

from datetime import date

import pytest

from redress.deadlines.models import BusinessCalendar, DeadlinePolicy


@pytest.mark.django_db
def test_the_presets_are_shipped_and_standard_is_the_default():
    codes = set(DeadlinePolicy.objects.filter(is_preset=True).values_list("code", flat=True))
    assert codes == {
        "standard",
        "uk-fca-disp",
        "uk-fca-disp-payments",
        "us-cfpb",
        "au-asic-rg271",
    }
    assert DeadlinePolicy.objects.get(is_default=True).code == "standard"
    assert BusinessCalendar.objects.get(is_default=True).subdivision == "ENG"


@pytest.mark.django_db
def test_an_administrator_edits_policies_and_adds_a_calendar_with_a_closure(client, staff):
    client.force_login(staff["admin"])
    policy = DeadlinePolicy.objects.get(code="uk-fca-disp-payments")
    assert client.get("/admin/deadlines/deadlinepolicy/").status_code == 200
    page = client.get(f"/admin/deadlines/deadlinepolicy/{policy.pk}/change/")
    assert page.status_code == 200
    assert "at most, after a holding reply" in page.content.decode().lower()
    response = client.post(
        "/admin/deadlines/businesscalendar/add/",
        {
            "name": "Stockholm office",
            "time_zone": "Europe/Stockholm",
            "country": "SE",
            "subdivision": "",
            "working_days": ["0", "1", "2", "3"],
            "opens_at": "08:00",
            "closes_at": "16:00",
            "closures-TOTAL_FORMS": "1",
            "closures-INITIAL_FORMS": "0",
            "closures-MIN_NUM_FORMS": "0",
            "closures-MAX_NUM_FORMS": "1000",
            "closures-0-day": "2026-12-24",
            "closures-0-name": "Julafton",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    calendar = BusinessCalendar.objects.get(name="Stockholm office")
    assert calendar.working_days == "0,1,2,3"
    cal = calendar.as_arithmetic()
    assert cal.closures == {date(2026, 12, 24)}
    assert not cal.is_business_day(date(2026, 12, 24))


@pytest.mark.django_db
def test_a_calendar_with_an_unknown_time_zone_or_region_is_refused(client, staff):
    client.force_login(staff["admin"])
    response = client.post(
        "/admin/deadlines/businesscalendar/add/",
        {
            "name": "Nowhere",
            "time_zone": "Mars/Olympus",
            "country": "GB",
            "subdivision": "XYZ",
            "working_days": ["0"],
            "opens_at": "09:00",
            "closes_at": "17:00",
            "closures-TOTAL_FORMS": "0",
            "closures-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "is not a time zone" in html and "Not a region of this country." in html
