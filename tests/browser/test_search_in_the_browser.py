"""The quality lead types a Thai word in the journal search and sees the match marked."""

import pytest
from playwright.sync_api import expect

from tests.conftest import customer_input

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_thai_word_typed_in_the_journal_search_is_found_and_marked(
    live_server, staff, submit, staff_page, artifacts
):
    wanted = submit(
        language="th",
        subject="กล่องพัสดุเสียหาย",
        description="พนักงานส่งของวางกล่องไว้หน้าบ้านกลางฝนจนเฟอร์นิเจอร์ไม้ข้างในบวมน้ำทั้งหมด",
        customer=customer_input(full_name="สมหญิง รักดี", email="somying@example.th"),
    )
    submit(language="th", subject="คืนเงินล่าช้า", description="รอเงินคืนมาสามสัปดาห์แล้ว")
    submit(subject="<b>Sofa</b> <script>alert(1)</script>", description="Late sofa.")

    lead = staff_page(live_server.url, "quality")
    expect(lead.locator("table.table tbody tr")).to_have_count(3)
    # เฟอร์นิเจอร์ (furniture) sits inside the sentence with no space on either side.
    lead.fill("form.filters input[name=q]", "เฟอร์นิเจอร์")
    lead.locator("form.filters button[type=submit]").click()
    rows = lead.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(wanted.reference)
    expect(lead.get_by_test_id("result-count")).to_have_text("1 complaint")
    marked = rows.first.locator("[data-testid=search-snippet] mark")
    expect(marked).to_have_count(1)
    expect(marked).to_have_text("เฟอร์นิเจอร์")
    lead.screenshot(path=str(artifacts / "journal-search-thai.png"), full_page=True)

    # Markup in a complaint is shown as text in the results, never run.
    lead.fill("form.filters input[name=q]", "sofa")
    lead.locator("form.filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("<b>Sofa</b> <script>alert(1)</script>")
    expect(rows.first.locator("td mark").first).to_have_text("Sofa")
    expect(lead.locator("table.table script")).to_have_count(0)
