"""Real-world MIME messages (the shared corpus) become complaints or quarantine; none crashes."""

import os
from collections import Counter

import pytest

from redress.complaints.models import Complaint
from redress.mail.models import InboundMessage, Quarantine
from redress.mail.services import mail_receive

from .conftest import corpus_dir

pytestmark = pytest.mark.django_db
CORPUS = corpus_dir()
FOLDERS = ["cpython", "mikel_mail", "nodemailer_mailparser", "zbateson_mail_mime_parser"]
# What an unreadable message may be quarantined for; "processing failed" would be our bug.
VERDICTS = {
    "no sender address",
    "sender address not valid",
    "no message headers",
    "empty message",
    "nothing to read",
}


def messages_in(folder: str) -> list:
    assert CORPUS is not None
    root = CORPUS / folder
    # zbateson keeps the expected decoded parts of its messages in files/: not messages.
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".eml", ".txt") and "files" not in p.parts
    )


@pytest.fixture(autouse=True)
def corpus_present():
    if CORPUS is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the email corpus (shared/data/email beside the checkout) is missing")
        pytest.skip("no email corpus: expected ../shared/data/email beside the checkout")


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_corpus_message_becomes_a_complaint_a_reply_or_a_quarantine(folder):
    outcomes: Counter[str] = Counter()
    files = messages_in(folder)
    assert files, f"no messages in {folder}"
    for path in files:
        raw = path.read_bytes()
        received = mail_receive(raw=raw, source=f"corpus:{folder}")
        outcomes[received.outcome] += 1
        assert received.outcome in {"complaint", "reply", "automatic", "duplicate", "quarantined"}
        if received.quarantine is not None:
            assert received.quarantine.reason in VERDICTS, (path.name, received.quarantine.detail)
            assert bytes(received.quarantine.raw) == raw
        elif received.outcome != "duplicate":
            assert bytes(received.inbound.raw) == raw  # kept byte for byte
    stored = InboundMessage.objects.count() + Quarantine.objects.count()
    assert outcomes["complaint"] > 0
    # Nothing dropped: every file is stored, or is a repeat of one already stored.
    assert stored == len(files) - outcomes["duplicate"]


def test_corpus_charsets_come_through_as_text():
    assert CORPUS is not None
    cases = {
        "mikel_mail/multi_charset/japanese_attachment_long_name.eml": "まみむめも",
        "mikel_mail/attachment_emails/attachment_with_quoted_filename.eml": "Eelanalüüsi",
    }
    for relative, expected in cases.items():
        received = mail_receive(raw=(CORPUS / relative).read_bytes(), source="corpus")
        assert expected in received.inbound.subject, relative


def test_a_corpus_delivery_report_is_never_answered():
    assert CORPUS is not None
    path = CORPUS / "mikel_mail/multipart_report_emails/multipart_report_multiple_status.eml"
    received = mail_receive(raw=path.read_bytes(), source="corpus")
    assert received.outcome == "automatic"
    assert Complaint.objects.count() == 0
