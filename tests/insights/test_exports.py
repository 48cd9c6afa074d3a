"""Exports: run in the background, permission-checked, safe against formula injection."""

import csv
import io
import re

import pytest
from django.urls import reverse

from redress.insights import services
from redress.insights.exports import safe_cell
from redress.insights.models import Export, ExportState

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20 7946", "'+44 20 7946"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Table never arrived", "Table never arrived"),
        (-5, -5),
        (None, None),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(value, expected):
    assert safe_cell(value) == expected


def _export(user, kind, params, capture):
    with capture(execute=True):
        export = services.export_request(user=user, kind=kind, params=params)
    export.refresh_from_db()
    return export


def _csv(export) -> list[list[str]]:
    with export.file.open("rb") as fh:
        text = fh.read().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_journal_csv_follows_the_journal_filters_and_defuses_formulas(
    client, staff, submit, django_capture_on_commit_callbacks
):
    evil = submit(subject='=HYPERLINK("http://evil.example","click")')
    submit(channel="api", subject="Other channel")
    export = _export(
        staff["quality"], "journal_csv", {"channel": "web"}, django_capture_on_commit_callbacks
    )
    assert export.state == ExportState.DONE, export.error
    assert export.progress == 100
    rows = _csv(export)
    assert rows[0][0] == "Reference"
    assert [r[0] for r in rows[1:]] == [evil.reference]
    assert rows[1][6] == '\'=HYPERLINK("http://evil.example","click")'
    assert export.rows == 1
    # The stored name is generated, never taken from anything a user typed.
    assert re.fullmatch(r"exports/\d{4}/\d{2}/[0-9a-f]{32}\.csv", export.file.name)


def test_the_journal_export_keeps_only_the_complaints_the_search_found(
    staff, submit, django_capture_on_commit_callbacks
):
    espresso = submit(subject="The espresso machine leaks", description="Water on the floor.")
    thai = submit(subject="ตู้เย็น", description="ลูกค้าบอกว่าตู้เย็นไม่เย็นเลยตั้งแต่วันแรก")
    submit(subject="Late delivery", description="The sofa came a week late.")
    found = _export(
        staff["quality"], "journal_csv", {"q": "espresso"}, django_capture_on_commit_callbacks
    )
    assert found.state == ExportState.DONE, found.error
    assert [r[0] for r in _csv(found)[1:]] == [espresso.reference]
    inside = _export(
        staff["quality"], "journal_csv", {"q": "ไม่เย็น"}, django_capture_on_commit_callbacks
    )
    assert [r[0] for r in _csv(inside)[1:]] == [thai.reference]


def test_a_journal_list_with_invalid_filters_is_refused_with_a_message_not_exported_whole(
    client, staff
):
    client.force_login(staff["quality"])
    journal = reverse("complaints:journal") + "?received_from=2026-13-45"
    response = client.post(
        reverse("insights:export_start"),
        {"kind": "journal_csv", "received_from": "2026-13-45"},
        HTTP_REFERER="http://testserver" + journal,
        follow=True,
    )
    assert response.redirect_chain[0][0] == "http://testserver" + journal
    assert "The filters of this list are not valid" in response.content.decode()
    assert not Export.objects.exists()


def test_a_busy_database_while_recording_progress_does_not_stop_the_export(
    staff, submit, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import OperationalError
    from django.db.models import QuerySet

    submit(subject="One complaint")
    real_update = QuerySet.update

    def busy_on_progress(self, **kwargs):
        if set(kwargs) == {"progress"}:
            raise OperationalError("database is locked")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", busy_on_progress)
    export = _export(staff["quality"], "journal_csv", {}, django_capture_on_commit_callbacks)
    assert export.state == ExportState.DONE, export.error
    assert len(_csv(export)) == 2


def test_a_handler_exports_only_the_complaints_they_may_see(
    staff, submit, django_capture_on_commit_callbacks
):
    from redress.complaints.services import complaint_register

    mine = submit()
    complaint_register(complaint=mine, actor=staff["quality"], assignee=staff["handler"])
    submit()
    export = _export(staff["handler"], "journal_csv", {}, django_capture_on_commit_callbacks)
    assert [r[0] for r in _csv(export)[1:]] == [mine.reference]


def test_the_journal_xlsx_opens_again_with_the_same_rows(
    staff, submit, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    a, b = submit(subject="-minus first"), submit()
    export = _export(staff["quality"], "journal_xlsx", {}, django_capture_on_commit_callbacks)
    with export.file.open("rb") as fh:
        sheet = load_workbook(fh).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(r[0] for r in rows[1:]) == sorted([a.reference, b.reference])
    assert "'-minus first" in [r[6] for r in rows[1:]]


def test_the_download_is_for_whoever_asked_and_only_when_ready(
    client, staff, submit, django_capture_on_commit_callbacks
):
    submit()
    export = _export(staff["quality"], "figures_csv", {}, django_capture_on_commit_callbacks)
    url = reverse("insights:download", args=[export.pk])
    client.force_login(staff["analyst"])
    assert client.get(url).status_code == 404
    client.force_login(staff["quality"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert f"redress-figures-csv-{export.pk}.csv" in response["Content-Disposition"]
    # A queued export has no download yet.
    pending = Export.objects.create(kind="figures_csv", requested_by=staff["quality"])
    assert client.get(reverse("insights:download", args=[pending.pk])).status_code == 404


def test_the_progress_page_polls_until_the_download_link_appears(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff["analyst"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("insights:export_start"), {"kind": "figures_xlsx"})
    export = Export.objects.get()
    assert response.url == reverse("insights:export", args=[export.pk])
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'data-testid="download"' not in page
    for callback in callbacks:
        callback()
    page = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in page
    assert reverse("insights:download", args=[export.pk]) in page


def test_an_export_whose_requester_lost_the_right_fails_with_a_record(
    staff, submit, django_capture_on_commit_callbacks
):
    submit()
    user = staff["quality"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = services.export_request(user=user, kind="journal_csv", params={})
    user.groups.clear()
    for callback in callbacks:
        callback()
    export.refresh_from_db()
    assert export.state == ExportState.FAILED
    assert export.error
    assert not export.file


def test_an_unknown_kind_is_refused_with_a_message(client, staff):
    client.force_login(staff["quality"])
    response = client.post(reverse("insights:export_start"), {"kind": "../../etc"}, follow=True)
    assert "Choose what to export." in response.content.decode()
    assert not Export.objects.exists()


def test_the_journal_page_exports_the_list_with_its_filters(
    client, staff, submit, django_capture_on_commit_callbacks
):
    web = submit()
    submit(channel="api")
    client.force_login(staff["quality"])
    page = client.get(reverse("complaints:journal"), {"channel": "web"}).content.decode()
    assert 'data-testid="journal-export"' in page
    assert '<input type="hidden" name="channel" value="web">' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("insights:export_start"), {"kind": "journal_csv", "channel": "web"}
        )
    export = Export.objects.get()
    assert response.url == reverse("insights:export", args=[export.pk])
    assert export.params == {"channel": "web"}
    export.refresh_from_db()
    assert [r[0] for r in _csv(export)[1:]] == [web.reference]
