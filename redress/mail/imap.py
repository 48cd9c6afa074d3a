"""The IMAP poller: IMAPS (or STARTTLS), one folder per mailbox; takes each message in,
then moves it to the processed folder or marks it read.

The message is taken in (committed) before it is moved, so a crash in between only
means it is read again next time, and the Message-ID makes that a no-op.
"""

from __future__ import annotations

import logging
import ssl

from imap_tools import MailBox, MailBoxStartTls, MailMessageFlags

from .models import Mailbox
from .services import mail_receive, mailbox_claim_poll, mailbox_record_poll

log = logging.getLogger(__name__)
BATCH = 200


def _connect(mailbox: Mailbox) -> MailBox | MailBoxStartTls:
    context = ssl.create_default_context(cafile=mailbox.ca_file or None)
    if mailbox.use_ssl:
        return MailBox(mailbox.host, mailbox.port, ssl_context=context)
    return MailBoxStartTls(mailbox.host, mailbox.port, ssl_context=context)


def _fetch_raw(client: object, uid: str) -> bytes | None:
    status, data = client.uid("FETCH", uid, "(BODY.PEEK[])")  # type: ignore[attr-defined]
    if status != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) >= 2 and isinstance(item[1], bytes):
            return item[1]
    return None


def mailbox_poll(*, mailbox: Mailbox) -> int:
    """Take in what waits in one mailbox; returns how many messages were taken."""
    taken = 0
    if not mailbox_claim_poll(mailbox=mailbox):
        log.info("Mailbox %s is being polled by another worker", mailbox.name)
        return 0
    try:
        with _connect(mailbox).login(
            mailbox.username, mailbox.secret(), initial_folder=mailbox.folder
        ) as box:
            target = mailbox.processed_folder
            if target and not box.folder.exists(target):
                box.folder.create(target)
            # With a processed folder, everything left in the folder is still to take.
            uids = box.uids("ALL" if target else "UNSEEN")
            for uid in uids[:BATCH]:
                raw = _fetch_raw(box.client, uid)
                if raw is None:
                    continue
                mail_receive(raw=raw, source=f"imap:{mailbox.name}")
                if target:
                    box.move(uid, target)
                else:
                    box.flag(uid, MailMessageFlags.SEEN, True)
                taken += 1
    except Exception as error:
        log.exception("Polling mailbox %s failed", mailbox.name)
        mailbox_record_poll(mailbox=mailbox, error=f"{type(error).__name__}: {error}"[:2000])
        raise
    mailbox_record_poll(mailbox=mailbox)
    return taken


def mailboxes_poll() -> int:
    """Poll every active mailbox; one failing mailbox does not stop the others."""
    total = 0
    for mailbox in Mailbox.objects.filter(is_active=True):
        try:
            total += mailbox_poll(mailbox=mailbox)
        except Exception:  # recorded on the mailbox and logged; the next poll tries again
            continue
    return total
