"""The journal page and the API list use the search: ranked, highlighted, count-free pages."""

import pytest
from django.db import connection

from tests.conftest import customer_input

LIST = "/api/complaints/"


@pytest.fixture
def thai_and_others(submit):
    thai = submit(
        language="th",
        subject="ร้องเรียนเรื่องการจัดส่ง",
        description="พนักงานส่งของมาช้ามากและกล่องพัสดุเสียหายทั้งหมด",
        customer=customer_input(full_name="สมชาย ใจดี", email="somchai@example.th"),
    )
    others = [submit(subject=f"Parcel {i}", description="Parcel damaged.") for i in range(3)]
    return thai, others


def test_the_journal_finds_a_thai_word_and_marks_it(client, staff, thai_and_others):
    thai, _ = thai_and_others
    client.force_login(staff["quality"])
    html = client.get("/staff/", {"q": "พัสดุ"}).content.decode()
    assert thai.reference in html
    assert "กล่อง<mark>พัสดุ</mark>เสียหาย" in html
    assert 'data-testid="result-count">1 complaint' in html
    assert "Parcel 0" not in html


def test_the_journal_escapes_hostile_text_in_the_search_snippet(client, staff, submit):
    submit(subject="Lamp", description="<script>alert(1)</script> the lamp sparks")
    client.force_login(staff["quality"])
    html = client.get("/staff/", {"q": "sparks"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the lamp <mark>sparks</mark>" in html


def test_the_journal_pages_without_counting(client, staff, submit, settings):
    for i in range(4):
        submit(subject=f"Vase {i}", description="Vase cracked.")
    client.force_login(staff["quality"])
    from redress.complaints import views

    old = views.PAGE_SIZE
    views.PAGE_SIZE = 3
    try:
        first = client.get("/staff/").content.decode()
        second = client.get("/staff/", {"page": 2}).content.decode()
        searched = client.get("/staff/", {"q": "vase", "page": 2}).content.decode()
    finally:
        views.PAGE_SIZE = old
    assert 'data-testid="result-count">Complaints 1–3' in first and 'rel="next"' in first
    assert 'data-testid="result-count">Complaints 4–4' in second
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert "<mark>Vase</mark> 0" in searched and "Vase 3" not in searched


def test_the_api_list_searches_with_q_and_pages_without_a_count(
    api, staff, thai_and_others, django_assert_num_queries
):
    thai, others = thai_and_others
    client = api(staff["quality"])
    rows = client.get(LIST, {"q": "พัสดุ"}).json()["results"]
    assert [r["reference"] for r in rows] == [thai.reference]
    first = client.get(LIST, {"q": "parcel", "page_size": 2}).json()
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None and "page=" not in second["previous"]
    got = [r["reference"] for r in first["results"] + second["results"]]
    assert sorted(got) == sorted(c.reference for c in others)
    # Candidates (two on SQLite: the newest matches, then which the user sees), ranks, the
    # page of rows, their documents (the permissions are cached on the user by the requests
    # above).
    with django_assert_num_queries(4 + (connection.vendor == "sqlite")) as captured:
        assert client.get(LIST, {"q": "parcel"}).status_code == 200
    assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)


def test_the_api_list_without_q_keeps_the_journal_order(api, staff, thai_and_others):
    thai, others = thai_and_others
    rows = api(staff["quality"]).get(LIST).json()["results"]
    assert [r["reference"] for r in rows] == [c.reference for c in reversed([thai, *others])]
