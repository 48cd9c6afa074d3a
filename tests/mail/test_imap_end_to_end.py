"""The round trip on loopback: Dovecot (IMAPS) in, the outbox over aiosmtpd out, a reply back."""

import email.utils
from email.message import EmailMessage

import pytest

from redress.complaints.models import Complaint, EventKind
from redress.mail.models import InboundMessage, Mailbox, OutboxMessage
from redress.mail.tasks import mailboxes_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailbox(dovecot, monkeypatch):
    monkeypatch.setenv("REDRESS_TEST_IMAP_PASSWORD", dovecot.password)
    return Mailbox.objects.create(
        name="complaints",
        host="127.0.0.1",
        port=dovecot.port,
        use_ssl=True,
        username=dovecot.user,
        password_env="REDRESS_TEST_IMAP_PASSWORD",
        ca_file=str(dovecot.cert),
        folder="INBOX",
        processed_folder="Taken by Redress",
    )


def poll(capture) -> int:
    with capture(execute=True):
        return mailboxes_poll()


def test_mail_to_the_mailbox_becomes_a_complaint_and_a_reply_lands_on_it(
    dovecot, mailbox, smtp_sink, django_capture_on_commit_callbacks
):
    first = EmailMessage()
    first["From"] = "Somchai Jaidee <somchai@example.co.th>"
    first["To"] = dovecot.user
    first["Subject"] = "ตู้เย็นเสียหลังซื้อได้สองวัน"
    first["Message-ID"] = email.utils.make_msgid(domain="example.co.th")
    first.set_content("ตู้เย็นที่ซื้อเมื่อวันจันทร์ไม่เย็นเลย ขอให้เปลี่ยนเครื่องใหม่ให้ด้วย")
    dovecot.deliver(first.as_bytes())

    assert poll(django_capture_on_commit_callbacks) == 1
    complaint = Complaint.objects.get()
    assert complaint.channel == "email" and complaint.language == "th"
    assert complaint.subject == "ตู้เย็นเสียหลังซื้อได้สองวัน"
    assert dovecot.count("INBOX") == 0 and dovecot.count("Taken by Redress") == 1
    assert poll(django_capture_on_commit_callbacks) == 0  # what was taken is not taken twice

    [ack] = smtp_sink.parsed()
    assert ack["To"] == "somchai@example.co.th"
    assert complaint.reference in ack["Subject"]
    assert ack["In-Reply-To"] == first["Message-ID"]
    assert "เรียน คุณSomchai Jaidee" in ack.get_body(("plain",)).get_content()

    reply = EmailMessage()
    reply["From"] = "Somchai Jaidee <somchai@example.co.th>"
    reply["To"] = str(ack["Reply-To"] or ack["From"])
    reply["Subject"] = "Re: " + str(ack["Subject"]).strip()
    reply["Message-ID"] = email.utils.make_msgid(domain="example.co.th")
    reply["In-Reply-To"] = str(ack["Message-ID"])
    reply["References"] = f"{first['Message-ID']} {ack['Message-ID']}"
    reply.set_content("แนบใบเสร็จมาให้แล้วครับ")
    reply.add_attachment(
        b"%PDF-1.4 receipt", maintype="application", subtype="pdf", filename="ใบเสร็จ.pdf"
    )
    dovecot.deliver(reply.as_bytes())
    dovecot.deliver(reply.as_bytes())  # delivered twice by a confused MTA

    assert poll(django_capture_on_commit_callbacks) == 2
    assert Complaint.objects.count() == 1
    [event] = complaint.events.filter(kind=EventKind.EMAIL_IN)
    assert event.note == "แนบใบเสร็จมาให้แล้วครับ"
    assert [a.original_name for a in complaint.attachments.all()] == ["ใบเสร็จ.pdf"]
    assert InboundMessage.objects.count() == 2
    assert len(smtp_sink.messages) == 1  # the reply is not answered
    assert OutboxMessage.objects.get().state == "sent"
    mailbox.refresh_from_db()
    assert mailbox.last_polled_at is not None and mailbox.last_error == ""


def test_without_a_processed_folder_taken_messages_are_marked_read(
    dovecot, mailbox, django_capture_on_commit_callbacks
):
    mailbox.processed_folder = ""
    mailbox.folder = "Flagged-test"
    mailbox.save()
    import ssl

    from imap_tools import MailBox

    context = ssl.create_default_context(cafile=str(dovecot.cert))
    with MailBox("127.0.0.1", dovecot.port, ssl_context=context).login(
        dovecot.user, dovecot.password, initial_folder=None
    ) as box:
        if not box.folder.exists("Flagged-test"):
            box.folder.create("Flagged-test")
        msg = EmailMessage()
        msg["From"] = "ana@example.hr"
        msg["Subject"] = "Račun je pogrešan"
        msg["Message-ID"] = email.utils.make_msgid(domain="example.hr")
        msg.set_content("Na računu je dvaput naplaćena ista usluga.")
        box.append(msg.as_bytes(), "Flagged-test")
    assert poll(django_capture_on_commit_callbacks) == 1
    assert poll(django_capture_on_commit_callbacks) == 0
    assert dovecot.count("Flagged-test") == 1
    assert Complaint.objects.get().subject == "Račun je pogrešan"


def test_plain_imap_upgraded_with_starttls_works_too(
    dovecot, mailbox, django_capture_on_commit_callbacks
):
    mailbox.use_ssl, mailbox.port = False, dovecot.imap_port
    mailbox.save()
    msg = EmailMessage()
    msg["From"] = "bjorn@example.se"
    msg["Subject"] = "Fel belopp på fakturan"
    msg["Message-ID"] = email.utils.make_msgid(domain="example.se")
    msg.set_content("Jag har fått fel belopp på fakturan och vill ha en ny.")
    dovecot.deliver(msg.as_bytes())
    assert poll(django_capture_on_commit_callbacks) == 1
    assert Complaint.objects.get().language == "sv"


def test_a_wrong_password_is_recorded_on_the_mailbox(dovecot, mailbox):
    mailbox.password = "wrong"
    mailbox.save()
    assert mailboxes_poll() == 0
    mailbox.refresh_from_db()
    assert "authentication failed" in mailbox.last_error.lower()


def test_a_mailbox_another_worker_is_polling_is_left_alone(dovecot, mailbox):
    from redress.mail.services import mailbox_claim_poll

    assert mailbox_claim_poll(mailbox=mailbox)  # another worker is at it
    dovecot.deliver(b"From: a@example.org\r\nSubject: wait\r\n\r\nPlease wait for me.\r\n")
    assert mailboxes_poll() == 0
    assert Complaint.objects.count() == 0
    Mailbox.objects.filter(pk=mailbox.pk).update(polling_since=None)  # ...and it finished
    assert mailboxes_poll() == 1
