"""An analyst filters the reports, exports the figures as XLSX in the background, waits
for the download link and downloads the file."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from redress.complaints.models import Category
from redress.complaints.services import complaint_submit
from redress.insights import facts
from tests.conftest import complaint_input, customer_input

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_analyst_filters_the_dashboard_and_downloads_an_xlsx_export(
    live_server, staff, staff_page, settings, tmp_path, artifacts
):
    # The embedded default: the export runs in a thread, off the request.
    settings.REDRESS_EXPORTS_IN_THREAD = True
    delivery = Category.objects.get(code="delivery")
    other = Category.objects.exclude(pk=delivery.pk).filter(parent__isnull=True).first()
    for days, category in [(1, delivery), (2, delivery), (3, other)]:
        complaint_submit(
            customer=customer_input(),
            complaint=complaint_input(category),
            channel="web",
            received_at=timezone.now() - timedelta(days=days),
        )
    facts.facts_refresh()

    page = staff_page(live_server.url, "analyst")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_test_id("kpi-complaints")).to_have_text("3")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.screenshot(path=artifacts / "reports-dashboard.png", full_page=True)
    page.select_option("#id_category", str(other.pk))
    page.get_by_test_id("report-filters").get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("kpi-complaints")).to_have_text("1")

    page.select_option("#id_kind", "figures_xlsx")
    page.get_by_role("button", name="Start the export").click()
    link = page.get_by_test_id("download")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("export-status")).to_have_attribute("data-state", "done")
    with page.expect_download() as info:
        link.click()
    target = tmp_path / "figures.xlsx"
    info.value.save_as(target)

    from openpyxl import load_workbook

    book = load_workbook(target)
    totals = list(book["Totals"].iter_rows(values_only=True))
    assert totals[1][2] == 1  # the filter (one category) carried into the export
    categories = {r[1]: r[2] for r in list(book["Category"].iter_rows(values_only=True))[1:]}
    assert categories == {other.label("en"): 1}
