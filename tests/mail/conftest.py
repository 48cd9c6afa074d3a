"""Real servers on loopback for the mail tests: aiosmtpd, Dovecot, Redis; free ports only."""

from __future__ import annotations

import email
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def corpus_dir() -> Path | None:
    """The shared email corpus beside the checkout (../shared/data/email), or /work's copy."""
    for base in (PROJECT.parent / "shared" / "data", Path("/work/shared/data")):
        if (base / "email").is_dir():
            return base / "email"
    return None


class Collector:
    """An SMTP server's handler that keeps what it accepted; optionally slow, or refusing."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse_next: list[str] = []  # SMTP replies to give instead of accepting
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self.lock:
            if self.refuse_next:
                return self.refuse_next.pop(0)
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            # Recorded only as the server says 250: the moment it accepts the message.
            self.messages.append(
                (
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.original_content or envelope.content,
                )
            )
        return "250 Message accepted for delivery"

    def parsed(self) -> list[EmailMessage]:
        with self.lock:
            raws = [raw for *_, raw in self.messages]
        return [email.message_from_bytes(raw, policy=default) for raw in raws]  # type: ignore[misc]

    def message_ids(self) -> list[str]:
        return [str(m["Message-ID"]).strip().strip("<>") for m in self.parsed()]


@pytest.fixture
def smtp_server():
    handler = Collector()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.port = port  # type: ignore[attr-defined]
    yield handler
    controller.stop()


@pytest.fixture
def smtp_sink(smtp_server, settings):
    """Django sends through the real SMTP server on loopback."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


def make_mail(
    *,
    sender: str = "Margaret Holloway <margaret@example.org>",
    to: str = "complaints@redress.invalid",
    subject: str = "Broken kettle",
    text: str = "The kettle I bought on Monday leaks from the base when I fill it.",
    html: str | None = None,
    message_id: str | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 16 Nov 2026 09:30:00 +0000"
    msg["Message-ID"] = message_id or email.utils.make_msgid(domain="example.org")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, ctype, content in attachments or []:
        maintype, subtype = ctype.split("/", 1)
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def database_url() -> str:
    """A URL for the test database this process is using, for a subprocess to share it."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    host = f"{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}"
    return f"postgres://{user}{password}@{host}/{s['NAME']}"


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        DATABASE_URL=database_url(),
        DJANGO_SETTINGS_MODULE="config.settings.production",
        REDRESS_SECRET_KEY="test-only-not-secret",
        REDRESS_MEDIA_ROOT=str(Path(os.environ.get("TMPDIR", "/tmp")) / "redress-test-media"),
    )
    env.update(extra)
    return env


# --- Dovecot ------------------------------------------------------------------

DOVECOT_CONF = """\
instance_name = redress-test-{port}
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {dir}/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
ssl = yes
ssl_cert = <{dir}/cert.pem
ssl_key = <{dir}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {dir}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {dir}/users
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {port}
    ssl = yes
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


class Dovecot:
    user = "complaints@example.test"
    password = "test-only-secret"

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.port = free_port()  # IMAPS
        self.imap_port = free_port()  # IMAP with STARTTLS
        self.lmtp_port = free_port()
        self.cert = directory / "cert.pem"

    def start(self) -> None:
        import grp
        import pwd

        home = self.dir / "home"
        (self.dir / "run").mkdir(parents=True)
        (self.dir / "state").mkdir()
        home.mkdir()
        if os.getuid() == 0:
            # Dovecot never delivers mail as root: as root, mail belongs to nobody.
            internal, internal_group, login = "dovecot", "dovecot", "dovenull"
            uid, gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
            os.chown(home, uid, gid)
        else:
            internal = login = pwd.getpwuid(os.getuid()).pw_name
            internal_group = grp.getgrgid(os.getgid()).gr_name
            uid, gid = os.getuid(), os.getgid()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(self.dir / "key.pem"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        (self.dir / "users").write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{uid}:{gid}::{home}\n"
        )
        conf = self.dir / "dovecot.conf"
        conf.write_text(
            DOVECOT_CONF.format(
                dir=self.dir,
                port=self.port,
                imap_port=self.imap_port,
                lmtp_port=self.lmtp_port,
                internal=internal,
                internal_group=internal_group,
                login=login,
            )
        )
        # Dovecot daemonizes: its output must not be a pipe we would wait on forever.
        with open(self.dir / "start.log", "wb") as log:
            subprocess.run(
                ["dovecot", "-c", str(conf)],
                check=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        pid_file = self.dir / "run" / "master.pid"
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if pid_file.exists() and pid_file.read_text().strip():
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    socket.create_connection(("127.0.0.1", self.lmtp_port), timeout=0.5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError(f"Dovecot did not start: {(self.dir / 'dovecot.log').read_text()}")

    def stop(self) -> None:
        pid_file = self.dir / "run" / "master.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        try:
            os.kill(pid, 15)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)

    def log_tail(self) -> str:
        return (self.dir / "dovecot.log").read_text(errors="replace")[-3000:]

    def deliver(self, raw: bytes) -> None:
        """Deliver like an MTA does: over LMTP into the mailbox, retrying a 4xx answer."""
        import smtplib

        for attempt in range(3):
            try:
                with smtplib.LMTP("127.0.0.1", self.lmtp_port) as lmtp:
                    lmtp.sendmail("sender@example.org", [self.user], raw)
                return
            except smtplib.SMTPRecipientsRefused as error:
                codes = [code for code, _ in error.recipients.values()]
                if attempt == 2 or any(code >= 500 for code in codes):
                    raise AssertionError(f"LMTP refused: {error}\n{self.log_tail()}") from error
                time.sleep(0.5)

    def count(self, folder: str) -> int:
        import ssl

        from imap_tools import MailBox

        context = ssl.create_default_context(cafile=str(self.cert))
        with MailBox("127.0.0.1", self.port, ssl_context=context).login(
            self.user, self.password, initial_folder=None
        ) as box:
            if not box.folder.exists(folder):
                return 0
            box.folder.set(folder)
            return len(box.uids("ALL"))


@pytest.fixture(scope="session")
def dovecot():
    if not shutil.which("dovecot"):
        if os.environ.get("CI") == "true":
            pytest.fail("Dovecot is not installed (apt-get install dovecot-imapd dovecot-lmtpd)")
        pytest.skip("Dovecot is not installed: apt-get install dovecot-imapd dovecot-lmtpd")
    # Its own directory, not pytest's tmp_path: other pytest sessions on the machine
    # prune old numbered tmp dirs, and the mail user (nobody) must reach its home.
    directory = Path(tempfile.mkdtemp(prefix="redress-dovecot-"))
    directory.chmod(0o711)
    server = Dovecot(directory)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# --- Redis --------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url():
    """A private redis-server on a free port, or REDRESS_TEST_REDIS_URL / db 5 on 6379."""
    binary = shutil.which("redis-server")
    if binary:
        directory = Path(tempfile.mkdtemp(prefix="redress-redis-"))
        port = free_port()
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
             "--appendonly", "no", "--dir", str(directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
        process.terminate()
        process.wait(10)
        shutil.rmtree(directory, ignore_errors=True)
        return
    url = os.environ.get("REDRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is needed (apt-get install redis-server)")
        pytest.skip("Redis is not available: apt-get install redis-server")
    yield url
