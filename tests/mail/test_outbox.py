"""Mail out: the outbox is written with the change that causes it and delivered over real SMTP."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from redress.complaints import services as complaint_services
from redress.mail import delivery
from redress.mail.models import OutboxMessage, OutboxState
from redress.mail.services import outbox_enqueue

from ..conftest import customer_input

pytestmark = pytest.mark.django_db


def enqueue(**overrides) -> OutboxMessage:
    data = {
        "kind": "staff_notice",
        "to": ["handler@example.org"],
        "subject": "A deadline is near",
        "text": "Please look at it.",
    }
    data.update(overrides)
    with transaction.atomic():
        return outbox_enqueue(**data)


@pytest.mark.django_db(transaction=True)
def test_enqueueing_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        outbox_enqueue(kind="other", to=["a@example.org"], subject="s", text="t")


def test_a_rolled_back_change_leaves_no_message_behind(smtp_sink, submit, staff):
    complaint = submit(channel="phone", actor=staff["intake"])
    with pytest.raises(RuntimeError), transaction.atomic():
        complaint_services.complaint_acknowledge(complaint=complaint, actor=staff["intake"])
        assert OutboxMessage.objects.count() == 1
        raise RuntimeError("the request failed after the acknowledgement")
    assert OutboxMessage.objects.count() == 0
    assert smtp_sink.messages == []


def test_a_staff_acknowledgement_of_a_phone_complaint_is_delivered_over_smtp(
    smtp_sink, submit, staff, django_capture_on_commit_callbacks
):
    complaint = submit(
        channel="phone",
        actor=staff["intake"],
        customer=customer_input(preferred_language="th"),
    )
    assert OutboxMessage.objects.count() == 0  # received, not yet acknowledged
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.complaint_acknowledge(complaint=complaint, actor=staff["intake"])
    [received] = smtp_sink.parsed()
    assert received["Subject"].strip() == f"[{complaint.reference}] เราได้รับเรื่องร้องเรียนของท่านแล้ว"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["To"] == "margaret@example.org"
    text = received.get_body(("plain",)).get_content()
    assert "เรียน คุณMargaret Holloway" in text and complaint.tracking_token in text
    assert received.get_body(("html",)) is not None
    message = OutboxMessage.objects.get()
    assert message.state == OutboxState.SENT and message.sent_at is not None
    assert str(received["Message-ID"]).strip("<> ") == message.message_id
    assert complaint.events.filter(kind="email_out").count() == 1


@pytest.mark.parametrize("language", ["en", "th", "bn", "hr", "sv"])
def test_the_acknowledgement_exists_in_every_language(language, submit):
    complaint = submit(customer=customer_input(preferred_language=language))
    message = OutboxMessage.objects.get(complaint=complaint)
    assert message.language == language
    assert complaint.reference in message.subject
    assert complaint.tracking_token in message.text and complaint.tracking_token in message.html
    assert "{{" not in message.text and "{%" not in message.html
    assert f'lang="{language}"' in message.html


def test_a_failed_attempt_is_retried_with_back_off_and_the_same_message_id(smtp_sink, settings):
    settings.REDRESS_OUTBOX_RETRY_BASE_SECONDS = 60
    smtp_sink.refuse_next = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    message = enqueue()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert delivery.outbox_deliver(pk=message.pk) == OutboxState.QUEUED
        message.refresh_from_db()
        assert message.attempts == 1 and "451" in message.last_error
        assert message.next_attempt_at == start + timedelta(seconds=60)
        assert delivery.outbox_sweep() == 0  # not due yet
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert delivery.outbox_sweep() == 1
        message.refresh_from_db()
        assert message.next_attempt_at == start + timedelta(seconds=61 + 120)
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        assert delivery.outbox_sweep() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 3, "")
    assert smtp_sink.message_ids() == [message.message_id]


def test_a_permanent_refusal_fails_at_once(smtp_sink):
    smtp_sink.refuse_next = ["550 5.1.1 No such user"]
    message = enqueue()
    assert delivery.outbox_deliver(pk=message.pk) == OutboxState.FAILED
    message.refresh_from_db()
    assert message.attempts == 1 and "550" in message.last_error


def test_an_unreachable_server_is_retried_until_the_last_attempt(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    settings.REDRESS_OUTBOX_MAX_ATTEMPTS = 2
    settings.REDRESS_OUTBOX_RETRY_BASE_SECONDS = 0
    message = enqueue()
    assert delivery.outbox_deliver(pk=message.pk) == OutboxState.QUEUED
    assert delivery.outbox_deliver(pk=message.pk) == OutboxState.FAILED
    message.refresh_from_db()
    assert message.attempts == 2 and message.last_error


def test_a_message_is_claimed_by_one_sender_only(smtp_sink):
    message = enqueue()
    claim = delivery._claim(delivery.Q(pk=message.pk))
    assert claim is not None
    assert delivery.outbox_deliver(pk=message.pk) == "not due"
    assert delivery.outbox_sweep() == 0
    assert smtp_sink.messages == []


def test_a_send_abandoned_by_a_dead_worker_is_taken_again_after_the_lease(smtp_sink, settings):
    settings.REDRESS_OUTBOX_LEASE_SECONDS = 300
    message = enqueue()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert delivery._claim(delivery.Q(pk=message.pk)) is not None  # ...and the worker dies
        assert delivery.outbox_sweep() == 0
    with time_machine.travel(start + timedelta(seconds=301), tick=False):
        assert delivery.outbox_sweep() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 2)
    assert smtp_sink.message_ids() == [message.message_id]


def test_a_late_result_from_a_worker_that_lost_its_claim_changes_nothing(smtp_sink):
    message = enqueue()
    pk, stale_token = delivery._claim(delivery.Q(pk=message.pk))
    OutboxMessage.objects.filter(pk=pk).update(claim_token="someone-else")
    assert delivery._record(pk, stale_token, None) == "lost"
    message.refresh_from_db()
    assert message.state == OutboxState.SENDING


def test_attachments_travel_with_the_message(smtp_sink):
    message = enqueue(attachments=[("letter.pdf", "application/pdf", b"%PDF-1.7 letter")])
    delivery.outbox_deliver(pk=message.pk)
    [received] = smtp_sink.parsed()
    [part] = list(received.iter_attachments())
    assert part.get_filename() == "letter.pdf" and part.get_content() == b"%PDF-1.7 letter"


def test_the_complaint_page_shows_each_messages_delivery_status(client, staff, submit, smtp_sink):
    complaint = submit()
    smtp_sink.refuse_next = ["451 4.3.0 Mailbox busy"]
    delivery.outbox_sweep()
    client.force_login(staff["quality"])
    page = client.get(f"/staff/complaints/{complaint.reference}/").content.decode()
    assert 'data-testid="messages"' in page
    assert "Acknowledgement" in page and "Waiting to be sent" in page and "451" in page
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        delivery.outbox_sweep()
    page = client.get(f"/staff/complaints/{complaint.reference}/").content.decode()
    assert "badge-mail-sent" in page
