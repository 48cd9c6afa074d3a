"""The response letter in the browser: drafted from the complaint page, signed, sent by post.

Since issue 5 a complaint leaves "responding" only when the signed response to the current
decision has been sent: drafting the final letter in "decided" moves it to "responding",
sending it moves it on to "remedying" (agreed remedies open) or the satisfaction check.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from redress.letters.models import Signature

SIGNER_NAME = "Sara Lindgren"
SIGNER_TITLE = "Head of customer service"
POSTAL_ADDRESS = "12 Harbour Road, Leith, Edinburgh EH6 6LB"


def give_a_signature(signatory) -> None:
    """A signatory signs with a Signature of their own (name, title, image)."""
    Signature.objects.get_or_create(
        user=signatory, defaults={"name": SIGNER_NAME, "title": SIGNER_TITLE}
    )


def draft_the_response(page: Page, base_url: str, reference: str, kind: str, prevention="") -> int:
    """On the complaint page, draft the response to the decision; returns the letter's id."""
    page.goto(f"{base_url}/staff/complaints/{reference}/#letters")
    form = page.locator("form[data-form=letter]")
    form.locator("select[name='start-kind']").select_option(kind)
    if prevention:
        form.locator("textarea[name='start-prevention']").fill(prevention)
    with page.expect_navigation():
        form.get_by_role("button", name="Draft the letter").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(base_url)}/staff/letters/\d+/$"))
    expect(page.get_by_test_id("letter-state")).to_have_text("Draft")
    # The draft pre-filled from the case passes the checker, so it can be signed.
    expect(page.get_by_test_id("findings")).to_have_attribute("data-errors", "0")
    return int(re.search(r"/staff/letters/(\d+)/$", page.url).group(1))


def approve_and_sign(signatory: Page, base_url: str, letter_id: int) -> None:
    signatory.goto(f"{base_url}/staff/letters/{letter_id}/")
    expect(signatory.get_by_test_id("letter-state")).to_have_text("Draft")
    with signatory.expect_navigation():
        signatory.get_by_role("button", name="Approve and sign").click()
    expect(signatory.get_by_test_id("letter-state")).to_have_text("Approved and signed")
    expect(signatory.get_by_test_id("approval")).to_contain_text(f"{SIGNER_NAME}, {SIGNER_TITLE}")


def send_by_post(page: Page, base_url: str, reference: str, letter_id: int) -> None:
    """Mark the signed letter as sent by post; back on the complaint page afterwards."""
    page.goto(f"{base_url}/staff/letters/{letter_id}/")
    expect(page.get_by_test_id("letter-state")).to_have_text("Approved and signed")
    form = page.locator("form[data-form=send]")
    form.get_by_label("Post", exact=True).check()
    form.get_by_label("To", exact=True).fill(POSTAL_ADDRESS)
    with page.expect_navigation():
        form.get_by_role("button", name="Send the letter").click()
    expect(page).to_have_url(f"{base_url}/staff/complaints/{reference}/#letters")
    expect(page.locator(".messages")).to_contain_text("Letter sent.")


def expect_response_not_sent_yet(page: Page, target: str) -> None:
    """In "responding" the way on is closed until the signed letter has gone out."""
    expect(page.locator(f"form.move[data-move='{target}'] button")).to_be_disabled()
    expect(page.get_by_test_id(f"refused-{target}")).to_contain_text(
        "Send the signed response letter first"
    )


def expect_letter_events(page: Page, count: int = 1) -> None:
    """The timeline records who drafted, who signed and that it went by post, `count` times."""
    timeline = page.get_by_test_id("timeline")
    letters = timeline.locator("li.event-letter")
    expect(letters.filter(has_text="Letter drafted")).to_have_count(count)
    expect(
        letters.filter(has_text=f"Letter approved and signed by {SIGNER_NAME}, {SIGNER_TITLE}")
    ).to_have_count(count)
    expect(
        letters.filter(has_text=f"Letter marked as sent by post to {POSTAL_ADDRESS}")
    ).to_have_count(count)
