"""A Swedish response letter from draft to the customer's inbox, through a real SMTP server."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone
from playwright.sync_api import expect

from redress.complaints.lifecycle import Status
from redress.letters.composer import format_date
from redress.letters.models import Letter, LetterState, Signature
from tests.conftest import customer_input
from tests.stages import add_remedy, decided, fresh

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Collector:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def parsed(self):
        return [email.message_from_bytes(raw, policy=default) for raw in self.messages]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback; Django sends to it instead of the locmem outbox."""
    handler, port = Collector(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    yield handler
    controller.stop()


def findings(page):
    return page.get_by_test_id("findings")


def test_a_swedish_response_is_checked_fixed_signed_and_arrives_with_its_pdf(
    live_server, staff, staff_page, submit, smtp_sink
):
    complaint = decided(
        submit,
        staff,
        language="sv",
        subject="Bordet kom aldrig",
        customer=customer_input(
            full_name="Anna Lindqvist", email="anna@example.se", preferred_language="sv"
        ),
    )
    add_remedy(complaint, staff["handler"])
    Signature.objects.create(user=staff["signatory"], name="Sara Lindgren", title="Kundtjänstchef")
    staff["handler"].email = "handler@redress.example"
    staff["handler"].save()

    # --- The handler drafts the response from the case ---------------------------------------
    handler = staff_page(live_server.url, "handler")
    handler.goto(f"{live_server.url}/staff/complaints/{complaint.reference}/#letters")
    form = handler.locator("form[data-form=letter]")
    expect(form.locator("select[name='start-language']")).to_have_value("sv")
    form.locator("textarea[name='start-prevention']").fill(
        "Varje paket skannas nu vid terminalens grind."
    )
    form.get_by_role("button", name="Draft the letter").click()
    expect(handler.get_by_test_id("letter-state")).to_have_text("Draft")
    text = handler.locator("textarea[name=body]")
    expect(text).to_contain_text("Hej Anna Lindqvist,")
    expect(text).to_contain_text("Vi betalar tillbaka 49,90 EUR till dig senast den")
    expect(findings(handler)).to_have_attribute("data-errors", "0")

    # --- A contrastive word and a promise without a date: the checker says so as it types ----
    draft = text.input_value()
    added = (
        "Bordet fanns i lager, men transportören tappade bort det.\n\n"
        "Vi skickar dig dessutom ett presentkort."
    )
    text.fill(
        draft.replace(
            "\n\nTack för att du tog dig tid", f"\n\n{added}\n\nTack för att du tog dig tid"
        )
    )
    expect(findings(handler).locator("[data-code=contrastive]")).to_have_count(1)
    expect(findings(handler).locator("[data-code=contrastive] q")).to_have_text("men")
    expect(findings(handler).locator("[data-code=remedy_without_date]")).to_have_count(1)
    expect(findings(handler).locator("[data-code=remedy_without_date]")).to_have_attribute(
        "data-rule", "8"
    )

    # --- Fixed: "dock" instead of "men", and a date -------------------------------------------
    when = format_date(timezone.localdate() + timedelta(days=14), "sv")
    fixed = (
        "Bordet fanns i lager. Transportören tappade dock bort det.\n\n"
        f"Vi skickar dig dessutom ett presentkort senast den {when}."
    )
    text.fill(
        draft.replace(
            "\n\nTack för att du tog dig tid", f"\n\n{fixed}\n\nTack för att du tog dig tid"
        )
    )
    expect(findings(handler)).to_have_attribute("data-errors", "0")
    expect(findings(handler)).to_have_attribute("data-warnings", "0")
    handler.get_by_role("button", name="Save version").click()
    expect(handler.get_by_test_id("versions").locator("li")).to_have_count(2)
    letter = Letter.objects.get(complaint=complaint)

    # --- The signatory approves and signs ------------------------------------------------------
    signatory = staff_page(live_server.url, "signatory")
    signatory.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    signatory.get_by_role("button", name="Approve and sign").click()
    expect(signatory.get_by_test_id("letter-state")).to_have_text("Approved and signed")
    expect(signatory.get_by_test_id("approval")).to_contain_text("Sara Lindgren, Kundtjänstchef")

    # --- The handler sends it by email ---------------------------------------------------------
    handler.goto(f"{live_server.url}/staff/letters/{letter.pk}/")
    handler.locator("form[data-form=send]").get_by_role("button", name="Send the letter").click()
    expect(handler).to_have_url(
        f"{live_server.url}/staff/complaints/{complaint.reference}/#letters"
    )
    expect(handler.get_by_test_id("status")).to_have_text("Remedying")

    letter.refresh_from_db()
    assert letter.state == LetterState.SENT
    assert fresh(complaint).status == Status.REMEDYING
    # The customer also had the acknowledgement; the letter is the message with the PDF.
    (message,) = [
        m
        for m in smtp_sink.parsed()
        if m["To"] == "anna@example.se"
        and any(p.get_content_type() == "application/pdf" for p in m.iter_attachments())
    ]
    assert message["Subject"].strip() == f"Ditt klagomål {complaint.reference}"
    assert "handler@redress.example" in message["Cc"]
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{complaint.reference}.pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert "presentkort senast den" in message.get_body(("plain",)).get_content()
