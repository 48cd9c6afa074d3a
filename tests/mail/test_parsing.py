"""Reading real mail structures and charsets; malformed input never escapes as an exception."""

from email.message import EmailMessage

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redress.mail.parsing import (
    ParsedMail,
    Unreadable,
    guess_language,
    html_to_text,
    normalise_message_id,
    parse_message,
    storage_message_id,
    strip_quoted_tail,
)

from .conftest import make_mail


def raw_lines(*lines: str, charset: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(charset)


def test_plain_text_is_preferred_to_the_html_alternative():
    raw = make_mail(text="Plain words here.", html="<p>HTML <b>words</b> here.</p>")
    parsed = parse_message(raw)
    assert parsed.text == "Plain words here."
    assert not parsed.text_from_html


def test_an_html_only_message_becomes_text_without_markup_or_scripts():
    raw = raw_lines(
        "From: a@example.org",
        "Subject: html",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
        "<body><p>First&nbsp;paragraph</p><p>Second <b>bold</b><br>line</p>"
        "<ul><li>one</li><li>two</li></ul></body></html>",
    )
    parsed = parse_message(raw)
    assert parsed.text_from_html
    assert "alert" not in parsed.text and "color" not in parsed.text and "<" not in parsed.text
    assert parsed.text.splitlines() == [
        "First paragraph",
        "",
        "Second bold",
        "line",
        "",
        "one",
        "two",
    ]


def test_html_to_text_survives_deeply_nested_markup():
    assert html_to_text("<div>" * 5000 + "deep" + "</div>" * 5000) == "deep"


def test_thai_in_tis_620_and_windows_874_is_decoded():
    thai = "สินค้าชำรุด ต้องการคืนเงิน"
    for charset in ("tis-620", "windows-874", "x-windows-874"):
        raw = (
            b"From: somchai@example.co.th\r\nSubject: =?TIS-620?B?"
            + __import__("base64").b64encode("ร้องเรียน".encode("tis-620"))
            + b"?=\r\nContent-Type: text/plain; charset="
            + charset.encode()
            + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + thai.encode("cp874")
        )
        parsed = parse_message(raw)
        assert parsed.text == thai, charset
        assert parsed.subject == "ร้องเรียน"


def test_croatian_in_windows_1250_and_quoted_printable_is_decoded():
    text = "Poštovani, paket nije stigao. Molim povrat novca za narudžbu č. 1234."
    raw = raw_lines(
        "From: =?windows-1250?Q?Ana_Babi=E6?= <ana@example.hr>",
        "Subject: =?windows-1250?Q?Pritu=9Eba?=",
        "Content-Type: text/plain; charset=windows-1250",
        "Content-Transfer-Encoding: 8bit",
        "",
        text,
        charset="cp1250",
    )
    parsed = parse_message(raw)
    assert parsed.text == text
    assert parsed.from_name == "Ana Babić"
    assert parsed.subject == "Pritužba"


def test_iso_8859_1_and_utf8_encoded_words_are_decoded():
    raw = raw_lines(
        "From: =?UTF-8?B?QmrDtnJuIMOFa2Vyc3Ryw7Zt?= <bjorn@example.se>",
        "Subject: =?ISO-8859-1?Q?Fel_p=E5_fakturan?=",
        "Content-Type: text/plain; charset=iso-8859-1",
        "",
        "Jag har fått fel belopp på fakturan.",
        charset="latin-1",
    )
    parsed = parse_message(raw)
    assert parsed.from_name == "Björn Åkerström"
    assert parsed.subject == "Fel på fakturan"
    assert parsed.text == "Jag har fått fel belopp på fakturan."


def test_an_unknown_charset_falls_back_instead_of_failing():
    raw = raw_lines(
        "From: a@example.org",
        "Subject: odd",
        "Content-Type: text/plain; charset=x-no-such-charset",
        "",
        "Caf\u00e9 ok",
    )
    assert parse_message(raw).text == "Café ok"


def test_attachments_and_inline_images_are_kept_with_their_names():
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg["Subject"] = "photos"
    msg.set_content("See the photos.")
    msg.add_alternative('<p>See <img src="cid:photo1"></p>', subtype="html")
    msg.get_payload()[1].add_related(
        b"\x89PNG\r\n\x1a\nfake", maintype="image", subtype="png", cid="<photo1>"
    )
    msg.add_attachment(b"%PDF-1.4 receipt", maintype="application", subtype="pdf",
                       filename="receipt.pdf")  # fmt: skip
    parsed = parse_message(msg.as_bytes())
    assert parsed.text == "See the photos."
    names = {a.filename: a for a in parsed.attachments}
    assert names["receipt.pdf"].content == b"%PDF-1.4 receipt"
    inline = [a for a in parsed.attachments if a.content_type == "image/png"]
    assert inline and inline[0].inline and inline[0].filename.endswith(".png")


def test_a_forwarded_message_is_kept_as_eml_and_quoted_in_the_text():
    inner = EmailMessage()
    inner["From"] = "shop@example.com"
    inner["Subject"] = "Your order 1234"
    inner.set_content("Your order has been dispatched.")
    outer = EmailMessage()
    outer["From"] = "a@example.org"
    outer["Subject"] = "Fwd: Your order 1234"
    outer.set_content("It never arrived, see below.")
    outer.add_attachment(inner)
    parsed = parse_message(outer.as_bytes())
    assert parsed.text.startswith("It never arrived, see below.")
    assert "Your order has been dispatched." in parsed.text
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]
    assert parsed.attachments[0].filename.endswith(".eml")


def test_attachment_names_never_carry_a_path():
    raw = make_mail(attachments=[("../../etc/passwd.txt", "text/plain", b"x")])
    assert parse_message(raw).attachments[0].filename == "passwd.txt"


def test_threading_headers_are_read_nearest_first():
    raw = make_mail(
        headers={"In-Reply-To": "<b@x>", "References": "<a@x> <b@x>"},
        subject="Re: [RD-2026-000042] Broken kettle",
    )
    parsed = parse_message(raw)
    assert parsed.thread_ids() == ["b@x", "a@x"]
    assert parsed.subject_reference() == "RD-2026-000042"


def test_auto_replies_bounces_and_reports_are_recognised():
    cases = [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Autoreply": "yes"},
        {"Return-Path": "<>"},
    ]
    for headers in cases:
        assert parse_message(make_mail(headers=headers)).automatic, headers
    assert parse_message(make_mail(sender="MAILER-DAEMON@mx.example.org")).automatic
    assert not parse_message(make_mail(headers={"Auto-Submitted": "no"})).automatic
    report = raw_lines(
        "From: postmaster@example.org",
        "Subject: Undelivered Mail Returned to Sender",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
        "",
        "--b",
        "Content-Type: text/plain",
        "",
        "Delivery failed.",
        "--b",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.example.org",
        "",
        "Final-Recipient: rfc822; nobody@example.org",
        "Action: failed",
        "Status: 5.1.1",
        "--b--",
    )
    assert parse_message(report).automatic == "delivery or read report"


def test_a_message_without_a_sender_address_is_unreadable():
    try:
        parse_message(raw_lines("Subject: who?", "", "no from header"))
    except Unreadable as error:
        assert error.reason == "no sender address"
    else:
        raise AssertionError("expected Unreadable")


def test_message_ids_are_normalised_and_a_missing_one_is_derived_from_the_bytes():
    assert normalise_message_id(" <abc@example.org> ") == "abc@example.org"
    assert normalise_message_id("not an id") == ""
    raw = raw_lines("From: a@example.org", "Subject: x", "", "body")
    derived = storage_message_id(raw)
    assert derived.startswith("sha256:") and derived == storage_message_id(raw)


def test_the_language_is_guessed_from_the_script_and_letters():
    assert guess_language("สินค้าชำรุด") == "th"
    assert guess_language("আমার অভিযোগ") == "bn"
    assert guess_language("Paket nije stigao, molim povrat novca za narudžbu") == "hr"
    assert guess_language("Jag har inte fått min beställning") == "sv"
    assert guess_language("My parcel never arrived", default="en") == "en"


HEADER_NAMES = st.sampled_from(
    ["From", "To", "Subject", "Content-Type", "Content-Transfer-Encoding", "Message-ID",
     "In-Reply-To", "References", "Date", "Content-Disposition", "MIME-Version",
     "Auto-Submitted", "X-Odd"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ['multipart/mixed; boundary="b"', "multipart/alternative; boundary=b",
         "text/plain; charset=x-bogus", "text/html; charset=utf-7", "message/rfc822",
         "base64", "quoted-printable", "=?utf-8?B?!!!?=", "=?tis-620?Q?=E0=E1?=",
         "<>", "<a@b> <c@d", "attachment; filename*=utf-8''%FF%FE", "a@b, <c@d>, ,,"]
    ),
)  # fmt: skip
BODIES = st.one_of(
    st.binary(max_size=400),
    st.lists(
        st.sampled_from([b"--b", b"--b--", b"Content-Type: text/plain", b"", b"=E0=", b"AAAA=",
                         b"\xff\xfe", b"begin 644 x\n", b"<p>hi", b"\x00"]),
        max_size=30,
    ).map(b"\r\n".join),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=12),
    body=BODIES,
    garbage=st.binary(max_size=60),
)
def test_malformed_messages_are_read_or_declared_unreadable_never_crash(headers, body, garbage):
    head = "\r\n".join(f"{name}: {value}" for name, value in headers).encode(
        "utf-8", errors="surrogateescape"
    )
    raw = garbage + head + b"\r\n\r\n" + body
    try:
        parsed = parse_message(raw)
    except Unreadable as error:
        assert error.reason
        return
    assert isinstance(parsed, ParsedMail)
    for text in (parsed.text, parsed.subject, parsed.from_name, parsed.from_address,
                 parsed.message_id, *(a.filename for a in parsed.attachments)):  # fmt: skip
        text.encode("utf-8")  # storable: no surrogates
        assert "\x00" not in text
    assert parsed.from_address or parsed.automatic


def test_the_quoted_message_at_the_end_of_a_reply_is_left_out():
    reply = (
        "Here is the receipt.\nThanks.\n\n"
        "On Mon, 16 Nov 2026 at 09:30, Redress <complaints@example.com> wrote:\n"
        "> Dear Margaret,\n>\n> Thank you for writing to us.\n"
    )
    assert strip_quoted_tail(reply) == "Here is the receipt.\nThanks."
    outlook = "Bifogar kvittot.\n\n-----Original Message-----\nFrom: Redress\nSent: today\n"
    assert strip_quoted_tail(outlook) == "Bifogar kvittot."
    interleaved = "> Which order?\nOrder 4471.\n> And when?\nLast Monday."
    assert strip_quoted_tail(interleaved) == interleaved
    only_quote = "> just the quote"
    assert strip_quoted_tail(only_quote) == only_quote
