"""Full-text search through `search_complaints` on the real database (SQLite FTS5 or pg_trgm)."""

from email.message import EmailMessage

import pytest
from django.db import connection

from redress.complaints import services
from redress.complaints.models import Complaint
from redress.complaints.selectors import JournalFilters
from redress.investigations.models import StatementKind
from redress.investigations.services import statement_record
from redress.mail.services import mail_receive
from redress.search import index
from redress.search.highlight import snippet
from redress.search.models import SearchDocument
from redress.search.selectors import query_terms, search_complaints
from tests.conftest import customer_input
from tests.stages import investigating

THAI = "ผมสั่งโต๊ะไม้สักไปตั้งแต่เดือนที่แล้วแต่ยังไม่ได้รับสินค้าเลยครับ"
BENGALI = "আমি গত মাসে একটি টেবিল কিনেছিলাম কিন্তু পণ্যটি ভাঙা অবস্থায় পৌঁছেছে।"
CROATIAN = "ŽELIM ULOŽITI PRITUŽBU: stol je stigao slomljen i nitko se ne javlja."


def found(user, query, **filters) -> list[str]:
    page = search_complaints(
        user=user, query=query, filters=JournalFilters(**filters), per_page=100
    )
    return [c.reference for c in page]


@pytest.fixture
def corpus(submit):
    return {
        "th": submit(language="th", subject="ยังไม่ได้รับโต๊ะ", description=THAI),
        "bn": submit(language="bn", subject="ভাঙা টেবিল", description=BENGALI),
        "hr": submit(language="hr", subject="Slomljen stol", description=CROATIAN),
        "en": submit(subject="Sofa delivered late", description="The sofa came a week late."),
    }


def test_a_thai_word_inside_a_sentence_is_found(corpus, staff):
    # สินค้า (goods) sits inside a run of Thai text with no spaces around it.
    assert found(staff["quality"], "สินค้า") == [corpus["th"].reference]
    assert found(staff["quality"], "ไม้สัก") == [corpus["th"].reference]
    assert found(staff["quality"], "ร้องเรียน") == []


def test_a_bengali_word_is_found(corpus, staff):
    assert found(staff["quality"], "পণ্যটি") == [corpus["bn"].reference]
    assert found(staff["quality"], "ভাঙা") == [corpus["bn"].reference]


def test_croatian_diacritics_match_whatever_the_case(corpus, staff):
    assert found(staff["quality"], "pritužbu") == [corpus["hr"].reference]
    assert found(staff["quality"], "SLOMLJEN") == [corpus["hr"].reference]
    # A different letter is a different word: č is not c.
    assert found(staff["quality"], "pritužbč") == []


def test_english_words_must_all_occur(corpus, staff):
    assert found(staff["quality"], "sofa") == [corpus["en"].reference]
    assert found(staff["quality"], "sofa week") == [corpus["en"].reference]
    assert found(staff["quality"], "sofa table") == []


def test_the_reference_and_the_customer_are_searchable(submit, staff):
    complaint = submit(customer=customer_input(full_name="Ingrid Bergström", email="ib@x.se"))
    assert found(staff["quality"], complaint.reference) == [complaint.reference]
    assert found(staff["quality"], "bergström") == [complaint.reference]
    assert found(staff["quality"], "ib@x.se") == [complaint.reference]


def test_a_query_shorter_than_three_characters_falls_back_to_a_plain_match(submit, staff):
    tv = submit(subject="TV stand wobbles", description="The stand wobbles.")
    submit(subject="Lamp", description="The lamp flickers.")
    assert found(staff["quality"], "TV") == [tv.reference]
    # Two code points of Thai (a consonant and its tone mark) is below the trigram length.
    th = submit(language="th", subject="น้ำรั่ว", description="ท่อน้ำรั่วในห้องครัว")
    assert found(staff["quality"], "รั่") == [th.reference]
    assert th.reference in found(staff["quality"], "น้")


def test_a_subject_match_ranks_above_a_passing_mention(submit, staff):
    passing = submit(
        subject="Order problem",
        description="Many things went wrong with the order and also the blender, among others.",
    )
    repeated = submit(
        subject="Kettle",
        description="The blender broke. The blender leaks. The blender smells of smoke.",
    )
    titled = submit(subject="Blender broken on arrival", description="It came in pieces.")
    submit(subject="Unrelated", description="Nothing to do with kitchen machines.")
    assert found(staff["quality"], "blender") == [
        titled.reference,
        repeated.reference,
        passing.reference,
    ]
    page = search_complaints(user=staff["quality"], query="blender")
    ranks = [c.search_rank for c in page]
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]


def test_the_snippet_escapes_the_complaint_text_before_marking_the_match(submit, staff):
    submit(
        subject="<b>Chair</b>",
        description='Hello <script>alert("x")</script> my chair & '
        "<img src=x onerror=alert(2)> broke",
    )
    (row,) = search_complaints(user=staff["quality"], query="chair")
    html = str(row.search_snippet)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>chair</mark> &amp; &lt;img src=x" in html
    assert str(row.search_subject) == "&lt;b&gt;<mark>Chair</mark>&lt;/b&gt;"


def test_a_search_word_that_looks_like_markup_is_escaped_too():
    html = str(snippet("a <mark>b</mark> c", ["<mark>"]))
    assert html == "a <mark>&lt;mark&gt;</mark>b&lt;/mark&gt; c"


def test_search_returns_only_complaints_the_user_may_see(submit, staff):
    mine = submit(subject="Mattress stains", description="Stained mattress.")
    theirs = submit(subject="Mattress torn", description="Torn mattress.")
    for complaint, handler in ((mine, "handler"), (theirs, "handler_other")):
        services.complaint_acknowledge(complaint=complaint, actor=staff["intake"]) if (
            complaint.status == "received"
        ) else None
        services.complaint_register(
            complaint=complaint, actor=staff["quality"], assignee=staff[handler]
        )
    assert found(staff["handler"], "mattress") == [mine.reference]
    assert found(staff["handler_other"], "mattress") == [theirs.reference]
    assert set(found(staff["quality"], "mattress")) == {mine.reference, theirs.reference}
    assert found(staff["analyst"], "mattress") == []
    assert found(staff["nobody"], "mattress") == []


def test_filters_apply_to_the_search(submit, staff):
    web = submit(subject="Curtain rail", description="Curtain rail bent.")
    phone = submit(
        channel="phone", actor=staff["intake"], subject="Curtain", description="Curtain torn."
    )
    assert found(staff["quality"], "curtain", channel="phone") == [phone.reference]
    assert found(staff["quality"], "curtain", status="acknowledged") == [web.reference]


def test_a_statement_is_found_once_it_is_recorded(submit, staff):
    complaint = investigating(submit, staff)
    assert found(staff["quality"], "forklift") == []
    statement_record(
        complaint=complaint,
        actor=staff["handler"],
        kind=StatementKind.CUSTOMER,
        text="The driver dropped the parcel from the forklift.",
    )
    assert found(staff["quality"], "forklift") == [complaint.reference]
    (row,) = search_complaints(user=staff["quality"], query="forklift")
    assert "<mark>forklift</mark>" in row.search_snippet


def test_the_text_of_an_email_reply_is_found_with_its_complaint(submit, staff):
    complaint = submit(subject="Wardrobe", description="The wardrobe doors do not close.")
    msg = EmailMessage()
    msg["From"] = "Margaret Holloway <margaret@example.org>"
    msg["To"] = "complaints@redress.invalid"
    msg["Subject"] = f"Re: {complaint.reference} Wardrobe"
    msg["Message-ID"] = "<reply-1@example.org>"
    msg.set_content("Photos attached: the hinges are rusted through.")
    received = mail_receive(raw=msg.as_bytes(), source="test")
    assert received.outcome == "reply" and received.complaint == complaint
    assert found(staff["quality"], "hinges rusted") == [complaint.reference]


def test_a_new_complaint_by_email_is_found_by_its_text(staff):
    msg = EmailMessage()
    msg["From"] = "Ana Babić <ana@example.hr>"
    msg["To"] = "complaints@redress.invalid"
    msg["Subject"] = "Paket nije stigao"
    msg["Message-ID"] = "<new-1@example.hr>"
    msg.set_content("Naručila sam paket prije tri tjedna i još nije stigao.")
    received = mail_receive(raw=msg.as_bytes(), source="test")
    assert received.complaint is not None
    assert found(staff["quality"], "tjedna") == [received.complaint.reference]


def test_refresh_rebuilds_documents_in_bulk_and_skips_missing_ids(submit, staff):
    a = submit(subject="Bookcase", description="Shelves sag.")
    b = submit(subject="Desk", description="Drawer sticks.")
    SearchDocument.objects.all().delete()
    assert found(staff["quality"], "bookcase") == []
    assert index.refresh([a.pk, b.pk, 999_999], batch_size=1) == 2
    assert found(staff["quality"], "bookcase") == [a.reference]
    # A change of text written straight to the table shows after the next refresh only.
    Complaint.objects.filter(pk=b.pk).update(description="Drawer handle fell off.")
    assert found(staff["quality"], "handle") == []
    assert index.refresh([b.pk]) == 1
    assert found(staff["quality"], "handle") == [b.reference]
    assert found(staff["quality"], "sticks") == []


def test_a_wildcard_typed_out_of_habit_is_dropped(corpus, staff):
    assert query_terms("sofa* *week*") == ["sofa", "week"]
    assert query_terms("*") == ["*"]
    assert found(staff["quality"], "sof*") == found(staff["quality"], "sof")
    assert found(staff["quality"], "sof*") == [corpus["en"].reference]


def test_the_query_is_split_into_at_most_eight_distinct_words():
    assert query_terms('  "blender"  Blender kettle ') == ["blender", "kettle"]
    assert len(query_terms(" ".join(f"w{i}xx" for i in range(20)))) == 8


def test_paging_through_search_results_needs_no_count(submit, staff, django_assert_num_queries):
    for i in range(7):
        submit(subject=f"Rug {i}", description="The rug frays.")
    seen: list[str] = []
    for number in (1, 2, 3):
        page = search_complaints(user=staff["quality"], query="rug", page=number, per_page=3)
        seen += [c.reference for c in page]
        assert page.has_next is (number < 3)
    assert len(seen) == len(set(seen)) == 7
    # candidates (on SQLite: the newest matches, then which of them the user sees), ranks,
    # the page of complaints, their documents; no COUNT.
    with django_assert_num_queries(4 + (connection.vendor == "sqlite")) as captured:
        list(search_complaints(user=staff["quality"], query="rug", per_page=3))
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plan")
def test_postgresql_serves_the_substring_match_from_the_trigram_index(submit):
    submit(subject="Cupboard", description="The cupboard door fell off.")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = SearchDocument.objects.filter(body__icontains="cupboard").explain()
        cursor.execute("RESET enable_seqscan")
    assert "search_body_trgm" in plan


@pytest.mark.parametrize(
    "query",
    ['sofa* OR "xyzzy', "NEAR(sofa late)", "(sofa) AND ^late", "sofa -late", "''", "%", "_"],
)
def test_search_syntax_in_the_query_is_taken_as_plain_text(corpus, staff, query):
    # FTS5 and LIKE operators in the query must neither fail nor widen the search.
    page = search_complaints(user=staff["quality"], query=query)
    assert [c.reference for c in page] == []


def test_only_the_most_recent_matches_up_to_the_rank_window_are_ranked(submit, staff, settings):
    best_but_oldest = submit(subject="Heater heater", description="Heater broken, heater cold.")
    middle = submit(subject="Noise at night", description="The heater is very loud.")
    newest = submit(subject="Smell in the room", description="The heater smells of gas.")
    settings.REDRESS_SEARCH_RANK_WINDOW = 2
    assert found(staff["quality"], "heater") == [middle.reference, newest.reference] or found(
        staff["quality"], "heater"
    ) == [newest.reference, middle.reference]
    assert best_but_oldest.reference not in found(staff["quality"], "heater")
    settings.REDRESS_SEARCH_RANK_WINDOW = 500
    assert found(staff["quality"], "heater")[0] == best_but_oldest.reference


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 newest-first reading")
@pytest.mark.parametrize("chunks", [1, 2, 5])
def test_reading_the_newest_matches_in_chunks_finds_what_the_join_finds(
    submit, staff, settings, monkeypatch, chunks
):
    from redress.search import selectors

    # Twelve matches read newest first in chunks of four (window 1, chunk at least 4); the
    # handler's two are the oldest, in the third chunk: one or two chunks leave him to the
    # join, five find him there.
    complaints = [submit(subject=f"Kettle {i}", description="The kettle leaks.") for i in range(12)]
    for i, complaint in enumerate(complaints):
        services.complaint_register(
            complaint=complaint,
            actor=staff["quality"],
            assignee=staff["handler" if i < 2 else "handler_other"],
        )
    settings.REDRESS_SEARCH_RANK_WINDOW = 1
    monkeypatch.setattr(selectors, "MIN_CHUNK", 4)
    reads: list[int] = []
    original = selectors._recent_matches_sqlite

    def counted(base, terms):
        result = original(base, terms)
        reads.append(result is None)
        return result

    monkeypatch.setattr(selectors, "_recent_matches_sqlite", counted)
    results = {}
    for how, scan in (("chunks", chunks), ("join", 0)):
        monkeypatch.setattr(selectors, "SCAN_CHUNKS", scan)
        results[how] = {who: found(staff[who], "kettle") for who in ("handler", "quality")}
    assert results["chunks"] == results["join"]
    assert results["chunks"]["quality"] == [complaints[-1].reference]
    assert results["chunks"]["handler"] == [complaints[1].reference]
    # Left to the join: the handler with fewer than three chunks, everybody with none.
    assert reads == [chunks < 3, False, True, True]
