"""Mail in: new complaints, replies on the timeline, duplicates, machines, quarantine, mailgate."""

import subprocess
import sys

import pytest
from django.core import mail

from redress.complaints.models import Category, Complaint, EventKind
from redress.customers.models import Customer, CustomerKind
from redress.mail.models import InboundMessage, InboundState, OutboxMessage, Quarantine
from redress.mail.services import mail_receive

from .conftest import PROJECT, free_port, make_mail, subprocess_env

pytestmark = pytest.mark.django_db


def receive(raw: bytes, capture) -> object:
    with capture(execute=True):
        return mail_receive(raw=raw, source="test")


def test_a_new_message_becomes_an_email_complaint_from_its_sender(
    django_capture_on_commit_callbacks,
):
    received = receive(make_mail(), django_capture_on_commit_callbacks)
    assert received.outcome == "complaint"
    complaint = received.complaint
    assert complaint.channel == "email"
    assert complaint.status == "acknowledged"
    assert complaint.subject == "Broken kettle"
    assert "leaks from the base" in complaint.description
    assert complaint.category.code == "other"
    assert complaint.customer.full_name == "Margaret Holloway"
    assert complaint.customer.email == "margaret@example.org"
    inbound = InboundMessage.objects.get()
    assert (inbound.state, inbound.complaint) == (InboundState.COMPLAINT, complaint)


def test_the_acknowledgement_answers_the_message_in_the_customers_language(
    django_capture_on_commit_callbacks,
):
    raw = make_mail(
        sender="Ana Babić <ana@example.hr>",
        subject="Paket nije stigao",
        text="Poštovani, naručila sam stol prije šest tjedana i još nije stigao.",
        message_id="<original-1@example.hr>",
    )
    complaint = receive(raw, django_capture_on_commit_callbacks).complaint
    assert complaint.language == "hr" and complaint.customer.preferred_language == "hr"
    [sent] = mail.outbox
    assert sent.subject == f"[{complaint.reference}] Zaprimili smo Vašu pritužbu"
    assert "Poštovani/Poštovana Ana Babić" in sent.body
    assert complaint.tracking_token in sent.body
    assert sent.extra_headers["In-Reply-To"] == "<original-1@example.hr>"
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and complaint.reference in html and 'lang="hr"' in html
    outbox = OutboxMessage.objects.get()
    assert (outbox.state, outbox.attempts, outbox.complaint) == ("sent", 1, complaint)
    assert sent.extra_headers["Message-ID"] == f"<{outbox.message_id}>"


def test_a_known_address_is_matched_to_its_customer_card(django_capture_on_commit_callbacks):
    card = Customer.objects.create(
        kind=CustomerKind.ORGANISATION,
        organisation_name="Holloway Catering",
        contact_person="Margaret Holloway",
        email="margaret@example.org",
        preferred_language="sv",
    )
    complaint = receive(
        make_mail(sender="MARGARET@example.org"), django_capture_on_commit_callbacks
    ).complaint
    assert complaint.customer == card
    assert Customer.objects.count() == 1
    assert mail.outbox[0].subject.endswith("Vi har tagit emot ditt klagomål")


def test_the_same_message_delivered_twice_is_stored_once(django_capture_on_commit_callbacks):
    raw = make_mail(message_id="<twice@example.org>")
    first = receive(raw, django_capture_on_commit_callbacks)
    second = receive(raw, django_capture_on_commit_callbacks)
    assert (first.outcome, second.outcome) == ("complaint", "duplicate")
    assert second.complaint == first.complaint
    assert Complaint.objects.count() == 1 and InboundMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_reply_to_the_acknowledgement_lands_on_the_same_complaint(
    django_capture_on_commit_callbacks,
):
    complaint = receive(make_mail(), django_capture_on_commit_callbacks).complaint
    ack = OutboxMessage.objects.get()
    reply = make_mail(
        subject="Re: something else entirely",
        text="Here is the receipt you asked for.\n\nOn Monday, Redress wrote:\n> Dear Margaret,\n",
        headers={"In-Reply-To": f"<{ack.message_id}>", "References": f"<{ack.message_id}>"},
        attachments=[("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt")],
    )
    received = receive(reply, django_capture_on_commit_callbacks)
    assert (received.outcome, received.complaint) == ("reply", complaint)
    assert Complaint.objects.count() == 1
    event = complaint.events.get(kind=EventKind.EMAIL_IN)
    assert event.note == "Here is the receipt you asked for."
    assert event.actor_label == "customer" and event.data["from_customer"]
    assert [a.original_name for a in complaint.attachments.all()] == ["receipt.pdf"]
    assert len(mail.outbox) == 1  # a reply is never answered automatically


def test_a_reference_in_the_subject_threads_a_reply_without_headers(
    django_capture_on_commit_callbacks,
):
    complaint = receive(make_mail(), django_capture_on_commit_callbacks).complaint
    reply = make_mail(
        sender="someone.else@example.net",
        subject=f"AW: [{complaint.reference}] Kettle",
        text="I am writing on behalf of my mother.",
    )
    received = receive(reply, django_capture_on_commit_callbacks)
    assert received.complaint == complaint
    event = complaint.events.get(kind=EventKind.EMAIL_IN)
    assert event.actor_label == "email" and not event.data["from_customer"]


def test_auto_replies_and_bounces_are_kept_and_never_answered(django_capture_on_commit_callbacks):
    complaint = receive(make_mail(), django_capture_on_commit_callbacks).complaint
    ack = OutboxMessage.objects.get()
    out_of_office = make_mail(
        subject=f"Automatic reply: [{complaint.reference}] We have received your complaint",
        text="I am out of the office until Monday.",
        headers={"Auto-Submitted": "auto-replied", "In-Reply-To": f"<{ack.message_id}>"},
    )
    unrelated_bounce = make_mail(
        sender="MAILER-DAEMON@mx.example.net", subject="Undeliverable", text="No such user."
    )
    first = receive(out_of_office, django_capture_on_commit_callbacks)
    second = receive(unrelated_bounce, django_capture_on_commit_callbacks)
    assert (first.outcome, second.outcome) == ("automatic", "automatic")
    assert first.complaint == complaint and second.complaint is None
    assert Complaint.objects.count() == 1
    assert len(mail.outbox) == 1
    event = complaint.events.get(kind=EventKind.EMAIL_IN)
    assert event.data["automatic"] and "not answered" in event.note


def test_an_unreadable_message_is_quarantined_whole(django_capture_on_commit_callbacks):
    raw = b"Subject: nobody sent this\r\n\r\n\xff\xfe garbage"
    received = receive(raw, django_capture_on_commit_callbacks)
    assert received.outcome == "quarantined"
    kept = Quarantine.objects.get()
    assert bytes(kept.raw) == raw and kept.reason == "no sender address"
    assert receive(raw, django_capture_on_commit_callbacks).quarantine == kept
    assert Complaint.objects.count() == 0 and InboundMessage.objects.count() == 0


def test_an_attachment_over_the_limits_is_refused_on_the_journal_not_the_mail(
    settings, django_capture_on_commit_callbacks
):
    settings.REDRESS_ATTACHMENT_MAX_BYTES = 100
    raw = make_mail(
        attachments=[
            ("photo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"x" * 20),
            ("huge.pdf", "application/pdf", b"%PDF-" + b"x" * 500),
            ("virus.exe", "application/octet-stream", b"MZ..."),
        ]
    )
    complaint = receive(raw, django_capture_on_commit_callbacks).complaint
    assert [a.original_name for a in complaint.attachments.all()] == ["photo.png"]
    refused = complaint.events.filter(kind=EventKind.FILE_REFUSED)
    assert sorted(e.data["file_name"] for e in refused) == ["huge.pdf", "virus.exe"]


def test_a_message_with_only_an_attachment_still_becomes_a_complaint(
    django_capture_on_commit_callbacks,
):
    raw = make_mail(
        subject="Scan",
        text="",
        attachments=[("letter.pdf", "application/pdf", b"%PDF-1.4 scanned letter")],
    )
    complaint = receive(raw, django_capture_on_commit_callbacks).complaint
    assert complaint.subject == "Scan"
    assert complaint.attachments.count() == 1


def test_our_own_messages_coming_back_are_never_answered(
    settings, django_capture_on_commit_callbacks
):
    raw = make_mail(sender=f"Redress <{settings.DEFAULT_FROM_EMAIL}>")
    assert receive(raw, django_capture_on_commit_callbacks).outcome == "automatic"
    assert Complaint.objects.count() == 0 and len(mail.outbox) == 0


@pytest.mark.django_db(transaction=True)
def test_the_mailgate_command_takes_a_message_from_standard_input():
    # A transactional test before this one may have flushed the migrated categories.
    Category.objects.get_or_create(code="other", defaults={"name_en": "Other"})
    raw = make_mail(subject="Via the MTA pipe", message_id="<pipe-1@example.org>")
    command = [sys.executable, "-m", "redress", "mailgate"]
    env = subprocess_env()
    first = subprocess.run(command, input=raw, env=env, cwd=PROJECT, capture_output=True)
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().startswith("complaint RD-")
    junk = subprocess.run(command, input=b"\x00\x01", env=env, cwd=PROJECT, capture_output=True)
    assert junk.returncode == 0 and junk.stdout.decode().startswith("quarantined")
    assert Complaint.objects.get().subject == "Via the MTA pipe"
    assert Quarantine.objects.count() == 1


def test_the_mailgate_asks_the_mta_to_retry_when_the_database_is_down():
    env = subprocess_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nothing")
    result = subprocess.run(
        [sys.executable, "-m", "redress", "mailgate"],
        input=make_mail(),
        env=env,
        cwd=PROJECT,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 75, result.stderr.decode()
    assert b"try again later" in result.stderr


def test_administrators_see_the_quarantine_and_download_the_raw_message(client, staff):
    raw = b"Subject: nobody sent this\r\n\r\nbody"
    kept = mail_receive(raw=raw, source="test").quarantine
    client.force_login(staff["admin"])
    listing = client.get("/admin/mail/quarantine/")
    assert listing.status_code == 200 and b"no sender address" in listing.content
    download = client.get(f"/admin/mail/quarantine/{kept.pk}/raw/")
    assert download.status_code == 200 and download.content == raw
    assert download["Content-Type"] == "application/octet-stream"
    assert client.get("/admin/mail/inboundmessage/").status_code == 200
    assert client.get("/admin/mail/outboxmessage/").status_code == 200
    client.force_login(staff["handler"])
    assert client.get(f"/admin/mail/quarantine/{kept.pk}/raw/").status_code != 200


def test_a_quarantined_message_is_taken_in_again_once_its_cause_is_fixed(client, staff, settings):
    Category.objects.filter(code="other").update(is_active=False)
    raw = make_mail(subject="No category yet")
    kept = mail_receive(raw=raw, source="test").quarantine
    assert kept.reason == "no category for email complaints"
    Category.objects.filter(code="other").update(is_active=True)
    client.force_login(staff["admin"])
    response = client.post(
        "/admin/mail/quarantine/",
        {"action": "take_in_again", "_selected_action": [kept.pk]},
        follow=True,
    )
    assert b"1 of 1 message(s) taken in" in response.content
    assert Quarantine.objects.count() == 0
    assert Complaint.objects.get().subject == "No category yet"


def test_a_bounce_of_the_acknowledgement_shows_on_the_case_as_bounced(
    django_capture_on_commit_callbacks,
):
    complaint = receive(make_mail(), django_capture_on_commit_callbacks).complaint
    ack = OutboxMessage.objects.get()
    assert ack.state == "sent"
    bounce = "\r\n".join(
        [
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>",
            "To: complaints@redress.invalid",
            "Subject: Undelivered Mail Returned to Sender",
            "Message-ID: <bounce-1@mx.example.org>",
            "Auto-Submitted: auto-replied",
            'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
            "",
            "--b",
            "Content-Type: text/plain",
            "",
            "Your message could not be delivered.",
            "--b",
            "Content-Type: message/delivery-status",
            "",
            "Reporting-MTA: dns; mx.example.org",
            "",
            "Final-Recipient: rfc822; margaret@example.org",
            "Action: failed",
            "Status: 5.1.1",
            "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
            "--b",
            "Content-Type: text/rfc822-headers",
            "",
            "From: complaints@redress.invalid",
            f"Subject: [{complaint.reference}] We have received your complaint",
            f"Message-ID: <{ack.message_id}>",
            "--b--",
            "",
        ]
    ).encode()
    received = receive(bounce, django_capture_on_commit_callbacks)
    assert (received.outcome, received.complaint) == ("automatic", complaint)
    ack.refresh_from_db()
    assert ack.state == "bounced"
    assert "5.1.1" in ack.last_error and "User unknown" in ack.last_error
    assert len(mail.outbox) == 1  # the bounce is not answered
