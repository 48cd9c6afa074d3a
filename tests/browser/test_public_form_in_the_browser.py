"""The public complaint form in a real Chromium: errors, kept input, and a phone-sized screen."""

import pytest
from playwright.sync_api import Page, expect

from redress.complaints.models import Complaint

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBJECT = "Table never arrived"
DESCRIPTION = "I paid in advance for a table six weeks ago.\nIt never arrived and nobody answers."
PHONE = {"width": 375, "height": 740}


def submit_button(page: Page):
    return page.locator("form.form button[type=submit]")


def test_a_form_without_name_or_contact_shows_every_error_and_keeps_the_input(
    live_server, page, artifacts
):
    page.goto(live_server.url + "/")
    page.fill("#id_subject", SUBJECT)
    page.fill("#id_description", DESCRIPTION)
    page.fill("#id_product", "Oak table")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        submit_button(page).click()
    assert posted.value.status == 400
    assert not Complaint.objects.exists()

    # One message under each field that needs attention...
    expect(page.locator("#field-full_name .error")).to_have_text(
        "Enter your full name. We cannot handle anonymous complaints."
    )
    contact = "Give at least one way to reach you: email, phone or postal address."
    for name in ("email", "phone", "postal_address"):
        expect(page.locator(f"#field-{name} .error")).to_have_text(contact)
        expect(page.locator(f"#field-{name}")).to_have_class("field has-error")
    expect(page.locator("#field-category .error")).to_have_text("Choose a category.")
    # ... and none under the fields that were fine.
    for name in ("subject", "description", "product", "preferred_language"):
        expect(page.locator(f"#field-{name} .error")).to_have_count(0)
    expect(page.locator(".error")).to_have_count(5)

    # The summary at the top has the focus and links to the fields, each message once:
    # the contact message belongs to three fields but is listed (and linked) once.
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator("li a")
    hrefs = links.evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert hrefs == ["#field-full_name", "#field-email", "#field-category"]
    # The label, then the message: "Full name — Enter your full name. ..." (the dash is CSS).
    expect(links.nth(0)).to_have_text(
        "Full name Enter your full name. We cannot handle anonymous complaints."
    )
    expect(links.nth(1)).to_have_text(f"Email {contact}")
    expect(links.nth(2)).to_have_text("What is it about? Choose a category.")
    for href in hrefs:
        expect(page.locator(href)).to_have_count(1)  # every link has a target
    links.nth(1).click()
    expect(page).to_have_url(live_server.url + "/#field-email")

    # Everything typed is still there.
    expect(page.locator("#id_subject")).to_have_value(SUBJECT)
    expect(page.locator("#id_description")).to_have_value(DESCRIPTION)
    expect(page.locator("#id_product")).to_have_value("Oak table")
    expect(page.locator("input[name=kind][value=individual]")).to_be_checked()
    page.screenshot(path=str(artifacts / "public-form-errors.png"), full_page=True)

    # Fixing the errors and sending again works, with what was kept.
    page.fill("#id_full_name", "Margaret Holloway")
    page.fill("#id_email", "margaret@example.org")
    page.locator("#id_category").select_option(label="Delivery")
    submit_button(page).click()
    expect(page.get_by_test_id("reference")).to_have_text(Complaint.objects.get().reference)
    complaint = Complaint.objects.get()
    assert (complaint.subject, complaint.product) == (SUBJECT, "Oak table")
    # Browsers send line breaks in form fields as CRLF; the text is otherwise kept as typed.
    assert complaint.description.replace("\r\n", "\n") == DESCRIPTION


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"scrollWidth {widths[0]} > innerWidth {widths[1]}"


@pytest.mark.parametrize("language", ["en", "th"])
def test_the_form_fits_a_phone_and_the_submit_button_is_reachable_by_keyboard(
    live_server, page, artifacts, language
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    if language != "en":
        with page.expect_navigation():
            page.locator("select[name=language]").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert page.evaluate("window.innerWidth") == PHONE["width"]
    no_horizontal_scroll(page)

    # Tab from the top of the page until the submit button has the focus.
    button = submit_button(page)
    page.locator("body").focus()
    for _presses in range(60):
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the submit button")
    expect(button).to_be_focused()
    expect(button).to_be_in_viewport()  # the browser scrolled to it: the user sees the focus
    # Enter on the focused button sends the form; the errors fit the phone as well.
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 400
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("html")).to_have_attribute("lang", language)
    no_horizontal_scroll(page)
    page.screenshot(path=str(artifacts / f"public-form-phone-{language}.png"), full_page=True)
