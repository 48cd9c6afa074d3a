"""The letter checker, table-driven per language: good letters pass, each rule fires.

The good letters are the seeded templates filled with a case (so the templates are
checked too); each broken letter changes one thing in a good one.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from redress.letters import checker, composer, seed
from redress.letters.wording import STAFF_MEASURE

TODAY = date(2026, 3, 2)
LANGUAGES = ["en", "sv", "hr", "bn", "th"]

CASE = {
    "en": {
        "customer_name": "Margaret Holloway",
        "subject": "a table that never arrived",
        "reasons": "The carrier's log shows the parcel was never delivered",
        "root_cause": "The parcel was handed to the wrong depot",
        "prevention": "Every parcel is now scanned at the depot gate",
        "third_party_name": "Northwind Appliances",
        "third_party_contact": "service@northwind.example, +44 20 7946 0000",
        "resolution": "we replaced the charger in the shop",
    },
    "sv": {
        "customer_name": "Anna Lindqvist",
        "subject": "bordet som aldrig kom",
        "reasons": "Transportörens logg visar att paketet aldrig levererades",
        "root_cause": "Paketet lämnades till fel terminal",
        "prevention": "Varje paket skannas nu vid terminalens grind",
        "third_party_name": "Northwind AB",
        "third_party_contact": "service@northwind.example",
        "resolution": "vi bytte laddaren i butiken",
    },
    "hr": {
        "customer_name": "Ana Babić",
        "subject": "paket koji nije stigao",
        "reasons": "Zapisnik prijevoznika pokazuje da paket nikada nije dostavljen",
        "root_cause": "Paket je predan u pogrešno skladište",
        "prevention": "Svaki se paket sada skenira na ulazu u skladište",
        "third_party_name": "Northwind d.o.o.",
        "third_party_contact": "servis@northwind.example",
        "resolution": "zamijenili smo punjač u trgovini",
    },
    "bn": {
        "customer_name": "রহিম উদ্দিন",
        "subject": "না-পৌঁছানো পার্সেল",
        "reasons": "পরিবহন সংস্থার নথিতে দেখা যায় পার্সেলটি কখনো পৌঁছে দেওয়া হয়নি।",
        "root_cause": "পার্সেলটি ভুল ডিপোতে হস্তান্তর করা হয়েছিল।",
        "prevention": "এখন প্রতিটি পার্সেল ডিপোর প্রবেশপথে স্ক্যান করা হয়।",
        "third_party_name": "নর্থউইন্ড লিমিটেড",
        "third_party_contact": "service@northwind.example",
        "resolution": "আমরা দোকানেই চার্জারটি বদলে দিয়েছি।",
    },
    "th": {
        "customer_name": "สมชาย ใจดี",
        "subject": "พัสดุที่ไม่ได้รับ",
        "reasons": "บันทึกของบริษัทขนส่งแสดงว่าพัสดุไม่ได้ถูกจัดส่ง",
        "root_cause": "พัสดุถูกส่งไปยังคลังสินค้าผิดแห่ง",
        "prevention": "ปัจจุบันพัสดุทุกชิ้นจะถูกสแกนที่ประตูคลังสินค้า",
        "third_party_name": "บริษัท นอร์ทวินด์ จำกัด",
        "third_party_contact": "service@northwind.example",
        "resolution": "บริษัทฯ ได้เปลี่ยนเครื่องชาร์จให้ท่านที่ร้านแล้ว",
    },
}


def letter(language: str, kind: str, *, remedies=None, **changes) -> str:
    values = dict(CASE[language])
    for name in ("reasons", "root_cause", "prevention", "resolution"):
        values[name] = composer._sentence(values[name])
    values |= {
        "reference": "RD-2026-000123",
        "complaint_date": composer.format_date(date(2026, 2, 20), language),
        "reply_by": composer.format_date(date(2026, 3, 16), language),
        "staff_measure": STAFF_MEASURE[language] if kind == "justified" else "",
    }
    if remedies is None and kind in ("justified", "partly_justified"):
        remedies = [
            composer.RemedyLine("refund", TODAY + timedelta(days=7), Decimal("49.90"), "EUR"),
            composer.RemedyLine("replacement", TODAY + timedelta(days=10)),
        ]
    values["remedies"] = composer.remedy_sentences(remedies or [], language)
    values |= changes
    _subject, body = composer.render_draft(
        seed.SUBJECTS[language]["default"], seed.BODIES[language][kind], values
    )
    return body


def findings(text: str, language: str, kind: str, **context) -> list[checker.Finding]:
    return checker.check(
        text,
        language=language,
        outcome=kind,
        today=TODAY,
        context=checker.Context(**context),
    )


def fired(found: list[checker.Finding]) -> set[tuple[int, str, str]]:
    return {(f.rule, f.severity, f.code) for f in found}


@pytest.mark.parametrize("kind", seed.KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_good_letter_of_every_kind_in_every_language_has_no_finding(language, kind):
    third = CASE[language]["third_party_name"] if kind == "outside" else ""
    found = findings(letter(language, kind), language, kind, third_party_name=third)
    assert found == [], [(f.rule, f.code, f.words) for f in found]


# Per language: what breaks one rule when put into (or taken out of) a good letter.
BREAK = {
    "en": {
        "opening": "We have received your letter of 20 February.",
        "excuse": "The delay was beyond our control.",
        "praise": "Many customers are very happy with this table.",
        "contrastive": "The table was in stock, but the carrier lost it.",
        "blame": "You forgot to give us your door code.",
        "undated": "We will refund the full price to you.",
        "past": "We will refund the full price to you by 1 February 2026.",
        "informal": "Hey, we looked into it.",
        "no_reason": "We have looked carefully into the matter and cannot uphold your complaint.",
    },
    "sv": {
        "opening": "Vi har tagit emot ditt brev av den 20 februari.",
        "excuse": "Förseningen låg utanför vår kontroll.",
        "praise": "Många kunder är mycket nöjda med bordet.",
        "contrastive": "Bordet fanns i lager, men transportören tappade bort det.",
        "blame": "Du glömde att ge oss portkoden.",
        "undated": "Vi betalar tillbaka hela beloppet till dig.",
        "past": "Vi betalar tillbaka hela beloppet till dig senast den 1 februari 2026.",
        "informal": "Tjena, vi har tittat på saken.",
        "no_reason": "Vi har noggrant gått igenom ärendet och kan inte tillmötesgå ditt klagomål.",
    },
    "hr": {
        "opening": "primili smo Vaše pismo od 20. veljače.",
        "excuse": "Kašnjenje je bilo izvan naše kontrole.",
        "praise": "Mnogi kupci vrlo su zadovoljni ovim stolom.",
        "contrastive": "Stol je bio na zalihi, ali ga je prijevoznik izgubio.",
        "blame": "Zaboravili ste nam dati kod za ulaz.",
        "undated": "Vratit ćemo Vam puni iznos.",
        "past": "Vratit ćemo Vam puni iznos najkasnije do 1. veljače 2026.",
        "informal": "Ispitali smo tvoj prigovor.",
        "no_reason": "Pažljivo smo razmotrili Vaš prigovor i ne možemo ga prihvatiti.",
    },
    "bn": {
        "opening": "আমরা আপনার ২০ ফেব্রুয়ারির চিঠি পেয়েছি।",
        "excuse": "এই বিলম্ব আমাদের নিয়ন্ত্রণের বাইরে ছিল।",
        "praise": "অনেক গ্রাহক এই টেবিল নিয়ে খুবই সন্তুষ্ট।",
        "contrastive": "টেবিলটি মজুত ছিল, কিন্তু পরিবহন সংস্থা সেটি হারিয়ে ফেলেছে।",
        "blame": "আপনি ভুলে গেছেন দরজার কোড দিতে।",
        "undated": "আমরা আপনাকে পুরো মূল্য ফেরত দেব।",
        "past": "আমরা ১ ফেব্রুয়ারি ২০২৬ তারিখের মধ্যে আপনাকে পুরো মূল্য ফেরত দেব।",
        "informal": "তোমার অভিযোগ আমরা দেখেছি।",
        "no_reason": "আমরা বিষয়টি মনোযোগ দিয়ে দেখেছি এবং অভিযোগটি গ্রহণ করা সম্ভব হচ্ছে না।",
    },
    "th": {
        "opening": "บริษัทฯ ได้รับหนังสือของท่านลงวันที่ 20 กุมภาพันธ์ 2569 แล้ว",
        "excuse": "ความล่าช้าดังกล่าวอยู่นอกเหนือการควบคุมของบริษัทฯ",
        "praise": "ลูกค้าส่วนใหญ่พอใจกับโต๊ะรุ่นนี้มาก",
        "contrastive": "สินค้ามีอยู่ในคลัง แต่บริษัทขนส่งทำสินค้าสูญหาย",
        "blame": "ท่านลืมแจ้งรหัสประตูให้บริษัทฯ ทราบ",
        "undated": "บริษัทฯ จะคืนเงินเต็มจำนวนให้แก่ท่าน",
        "past": "บริษัทฯ จะคืนเงินเต็มจำนวนให้แก่ท่านภายในวันที่ 1 กุมภาพันธ์ 2569",
        "informal": "เธอไม่ต้องกังวลจ้ะ",
        "no_reason": "บริษัทฯ ได้ตรวจสอบเรื่องดังกล่าวแล้ว และไม่สามารถรับข้อร้องเรียนนี้ได้",
    },
}


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


def with_paragraph(text: str, index: int, new: str) -> str:
    parts = paragraphs(text)
    parts[index] = new
    return "\n\n".join(parts)


def inserted(text: str, sentence: str) -> str:
    """The sentence as a paragraph of its own, after the reasons."""
    parts = paragraphs(text)
    parts.insert(3, sentence)
    return "\n\n".join(parts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_1_fires_without_thanks_or_apology_in_the_opening(language):
    good = letter(language, "justified")
    broken = with_paragraph(good, 1, BREAK[language]["opening"])
    assert {(1, "error", "no_opening_thanks"), (1, "error", "no_apology")} <= fired(
        findings(broken, language, "justified")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_2_fires_on_an_excuse_and_on_a_missing_cause(language):
    good = letter(language, "justified")
    found = findings(inserted(good, BREAK[language]["excuse"]), language, "justified")
    assert (2, "error", "excuse") in fired(found)
    no_cause = letter(language, "justified", root_cause="")
    assert (2, "error", "no_cause") in fired(findings(no_cause, language, "justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_3_fires_on_a_rejection_without_a_concrete_reason(language):
    good = letter(language, "not_justified")
    broken = with_paragraph(good, 2, BREAK[language]["no_reason"])
    assert (3, "error", "no_reason") in fired(findings(broken, language, "not_justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_4_fires_on_a_referral_without_contact_or_party(language):
    broken = letter(language, "outside", third_party_contact="")
    found = findings(
        broken, language, "outside", third_party_name=CASE[language]["third_party_name"]
    )
    assert (4, "error", "no_contact") in fired(found)
    nameless = letter(language, "outside", third_party_name="")
    found = findings(nameless, language, "outside", third_party_name="Contoso Repairs")
    assert (4, "error", "third_party_not_named") in fired(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_5_fires_on_other_customers_praise(language):
    broken = inserted(letter(language, "justified"), BREAK[language]["praise"])
    assert (5, "error", "other_customers") in fired(findings(broken, language, "justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_6_warns_on_a_contrastive_word_and_names_it(language):
    broken = inserted(letter(language, "justified"), BREAK[language]["contrastive"])
    found = [f for f in findings(broken, language, "justified") if f.rule == 6]
    assert [(f.severity, f.code) for f in found] == [("warning", "contrastive")]
    assert broken[found[0].start : found[0].end] == found[0].words


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_7_fires_on_blaming_the_customer(language):
    broken = inserted(letter(language, "justified"), BREAK[language]["blame"])
    assert (7, "error", "blames_customer") in fired(findings(broken, language, "justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_8_fires_on_a_remedy_without_a_date_and_on_a_date_before_today(language):
    undated = inserted(letter(language, "justified"), BREAK[language]["undated"])
    assert (8, "error", "remedy_without_date") in fired(findings(undated, language, "justified"))
    past = inserted(letter(language, "justified"), BREAK[language]["past"])
    assert (8, "error", "date_in_the_past") in fired(findings(past, language, "justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_9_fires_when_a_justified_letter_has_no_prevention(language):
    broken = letter(language, "justified", prevention="")
    assert (9, "error", "no_prevention") in fired(findings(broken, language, "justified"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_10_fires_without_closing_thanks(language):
    good = letter(language, "not_justified")
    parts = paragraphs(good)
    del parts[-2]  # the closing paragraph; the sign-off stays
    assert (10, "error", "no_closing_thanks") in fired(
        findings("\n\n".join(parts), language, "not_justified")
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_rule_11_fires_on_informal_address(language):
    broken = inserted(letter(language, "justified"), BREAK[language]["informal"])
    assert (11, "error", "informal_address") in fired(findings(broken, language, "justified"))


def test_croatian_polite_forms_in_lower_case_are_a_style_finding():
    broken = inserted(letter("hr", "justified"), "Pismo smo poslali na vašu adresu.")
    found = [f for f in findings(broken, "hr", "justified") if f.rule == 11]
    assert [(f.severity, f.words) for f in found] == [("warning", "vašu")]


def test_swedish_ni_breaks_the_modern_du():
    broken = inserted(letter("sv", "justified"), "Vi skickar brevet till Er i dag.")
    assert (11, "warning", "inconsistent_address") in fired(findings(broken, "sv", "justified"))


def test_thai_since_and_each_are_not_read_as_but():
    text = inserted(letter("th", "justified"), "ตั้งแต่วันนี้ สินค้าแต่ละชิ้นจะได้รับการตรวจสอบ")
    assert not [f for f in findings(text, "th", "justified") if f.rule == 6]


def test_a_date_in_thai_digits_and_the_buddhist_era_is_read():
    found = checker.find_dates("ภายในวันที่ ๙ มีนาคม ๒๕๖๙", "th", TODAY)
    assert [f.value for f in found] == [date(2026, 3, 9)]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "by 9 March 2026", date(2026, 3, 9)),
        ("en", "by March 9th, 2026", date(2026, 3, 9)),
        ("en", "by 2026-03-09", date(2026, 3, 9)),
        ("sv", "senast den 9 mars 2026", date(2026, 3, 9)),
        ("hr", "do 9. ožujka 2026.", date(2026, 3, 9)),
        ("hr", "do 9. 3. 2026.", date(2026, 3, 9)),
        ("bn", "৯ মার্চ ২০২৬ তারিখের মধ্যে", date(2026, 3, 9)),
        ("th", "ภายในวันที่ 9 มี.ค. 2569", date(2026, 3, 9)),
        ("sv", "senast den 9 mars", date(2026, 3, 9)),
    ],
)
def test_dates_are_read_in_each_language_s_common_formats(language, text, expected):
    assert [f.value for f in checker.find_dates(text, language, TODAY)] == [expected]


def test_a_findings_span_points_at_the_offending_words_in_the_text():
    text = inserted(letter("en", "justified"), BREAK["en"]["blame"])
    (finding,) = [f for f in findings(text, "en", "justified") if f.rule == 7]
    assert text[finding.start : finding.end] == finding.words == "You forgot"
    data = finding.as_dict()
    assert set(data) == {
        "rule",
        "severity",
        "code",
        "start",
        "end",
        "words",
        "message",
        "suggestion",
    }
    assert isinstance(data["message"], str) and "customer's traits" in data["message"]


def test_the_checker_runs_without_a_database():
    # No django_db mark: any query here would fail the test.
    assert findings(letter("sv", "justified"), "sv", "justified") == []
