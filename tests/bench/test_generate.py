"""The benchmark's data generator: counts, the five languages, and the app still works on it."""

from __future__ import annotations

import pytest

from bench import generate, texts
from redress.complaints import services
from redress.complaints.models import Complaint, JournalEvent
from redress.customers.models import CustomerKind
from redress.deadlines.models import ComplaintClock
from redress.letters.models import LetterVersion

pytestmark = pytest.mark.django_db


def test_the_generator_writes_n_complaints_with_their_history_in_five_languages():
    result = generate.generate(200, long_timeline_events=60)

    summary = generate.summary()
    assert summary["complaints"] == 200
    assert summary["customers"] == 200
    assert set(summary["languages"]) == {"en", "th", "bn", "hr", "sv"}
    assert sum(summary["languages"].values()) == 200
    # Every complaint has its submission event, and most have a path of moves after it.
    assert JournalEvent.objects.filter(kind="submitted").count() == 200
    assert summary["journal events"] == result.rows["journal events"] > 200 * 3
    assert summary["statements"] == result.rows["statements"] > 0
    assert summary["letters"] == result.rows["letters"] > 0
    assert LetterVersion.objects.count() == summary["letters"]
    assert ComplaintClock.objects.count() == 200
    long = Complaint.objects.get(reference=result.long_timeline)
    assert long.events.count() >= 60


def test_generated_texts_are_real_ones_in_the_language_of_the_complaint():
    generate.generate(100, long_timeline_events=0)

    thai = Complaint.objects.filter(language="th").first()
    english = Complaint.objects.filter(language="en").first()
    assert thai is not None and english is not None
    assert thai.description in {t.description for t in texts.thai()}
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in thai.description)
    assert english.description in {t.description for t in texts.english()}
    for language in ("bn", "hr", "sv"):
        other = Complaint.objects.filter(language=language).first()
        assert other is not None
        assert other.description in {t.description for t in texts.demo(language)}


def test_the_search_index_covers_every_generated_complaint():
    from redress.search.models import SearchDocument

    generate.generate(50, long_timeline_events=0)

    assert SearchDocument.objects.count() == 50


def test_intake_after_generation_issues_a_fresh_reference(category):
    generate.generate(30, long_timeline_events=0)
    existing = set(Complaint.objects.values_list("reference", flat=True))

    complaint = services.complaint_submit(
        customer=services.CustomerInput(
            kind=CustomerKind.INDIVIDUAL, full_name="Ada Lovelace", email="ada@example.com"
        ),
        complaint=services.ComplaintInput(
            subject="Late parcel", description="It never came.", category=category, language="en"
        ),
        channel="web",
    )

    assert complaint.reference not in existing
    assert Complaint.objects.count() == 31


def _search(user, word: str) -> list[int]:
    from redress.search.selectors import search_complaints

    return [c.pk for c in search_complaints(user=user, query=word, per_page=500).rows]


def _rare_word(complaint: Complaint) -> str:
    """A word of the complaint's description that as few other complaints as possible use."""
    descriptions = list(Complaint.objects.values_list("description", flat=True))
    words = {w.strip(".,;:!?()\"'") for w in complaint.description.split()}
    words = {w for w in words if len(w) >= 5}
    return min(sorted(words), key=lambda w: sum(w in d for d in descriptions))


def test_every_generated_row_reads_back_through_the_orm_as_the_app_writes_it():
    from django.db import connection
    from django.db.models import DateTimeField
    from django.utils import timezone

    from redress.customers.models import Customer
    from redress.investigations.models import Statement
    from redress.letters.models import Letter
    from redress.search import index
    from redress.search.models import SearchDocument

    generate.generate(60, long_timeline_events=0)
    connection.check_constraints()  # PostgreSQL: the deferred foreign keys, checked now

    models = [
        Customer,
        Complaint,
        JournalEvent,
        ComplaintClock,
        Statement,
        Letter,
        LetterVersion,
        SearchDocument,
    ]
    for model in models:
        rows = list(model.objects.order_by("pk"))
        assert rows, model
        for row in rows:
            for f in model._meta.concrete_fields:
                value = getattr(row, f.attname)
                if isinstance(f, DateTimeField) and value is not None:
                    assert timezone.is_aware(value), (model, f.name, value)
                if f.is_relation and value is not None:  # points at a row that exists
                    assert f.related_model._default_manager.filter(pk=value).exists(), (model, f)
        for row in rows[:15]:
            row.full_clean()  # choices, lengths, constraints, as a form would check them
    for event in JournalEvent.objects.select_related("complaint"):
        assert isinstance(event.data, dict)
        if event.kind == "submitted":
            assert event.data == {"channel": event.complaint.channel}
            assert event.created_at == event.complaint.received_at
    assert all(letter.sent_cc == [] for letter in Letter.objects.all())
    assert all(v.number == 1 for v in LetterVersion.objects.all())

    # The search documents hold exactly what index.refresh builds from the stored rows.
    written = {d.pk: (d.title, d.body) for d in SearchDocument.objects.all()}
    assert set(written) == set(Complaint.objects.values_list("pk", flat=True))
    index.refresh(list(written))
    assert {d.pk: (d.title, d.body) for d in SearchDocument.objects.all()} == written
    with_statement = Statement.objects.values_list("complaint_id", "text").first()
    assert with_statement is not None
    assert with_statement[1].strip() in written[with_statement[0]][1]


def test_search_finds_generated_complaints_and_the_app_numbers_new_rows_after_them(category):
    from django.db.models import Max

    from redress.accounts.models import User
    from redress.customers.models import Customer
    from redress.investigations.models import Statement
    from redress.letters.models import Letter

    # Twice: into empty tables (search indexes built at the end), then on top (fed as written).
    generate.generate(40, long_timeline_events=0)
    first_max = Complaint.objects.aggregate(m=Max("pk"))["m"]
    generate.generate(40, seed=8, long_timeline_events=0)
    assert Complaint.objects.count() == 80
    assert Complaint.objects.values("reference").distinct().count() == 80

    quality = User.objects.get(username="quality")
    for complaint in (
        Complaint.objects.filter(pk__lte=first_max, language="en").first(),
        Complaint.objects.filter(pk__gt=first_max, language="en").first(),
        Complaint.objects.filter(pk__gt=first_max, language="th").first(),
    ):
        assert complaint is not None
        word = _rare_word(complaint)
        assert complaint.pk in _search(quality, word), word

    highest = {
        model: model.objects.aggregate(m=Max("pk"))["m"]
        for model in (Customer, Complaint, JournalEvent, Statement, Letter, LetterVersion)
    }
    complaint = services.complaint_submit(
        customer=services.CustomerInput(
            kind=CustomerKind.INDIVIDUAL, full_name="Ada Lovelace", email="ada@example.com"
        ),
        complaint=services.ComplaintInput(
            subject="Late parcel",
            description="The zeppelinfolder never came.",
            category=category,
            language="en",
        ),
        channel="web",
    )
    handler = User.objects.get(username="handler")
    statement = Statement.objects.create(
        complaint=complaint, kind="customer", text="Still waiting.", recorded_by=handler
    )
    letter = Letter.objects.create(
        complaint=complaint, kind="justified", language="en", created_by=handler
    )
    version = LetterVersion.objects.create(
        letter=letter, number=1, subject="Re", body="Sorry.", author=handler
    )

    assert complaint.pk > highest[Complaint]
    assert complaint.customer_id > highest[Customer]
    assert min(complaint.events.values_list("pk", flat=True)) > highest[JournalEvent]
    assert statement.pk > highest[Statement]
    assert letter.pk > highest[Letter]
    assert version.pk > highest[LetterVersion]
    assert _search(quality, "zeppelinfolder") == [complaint.pk]


def test_index_missing_builds_the_documents_of_complaints_that_have_none(capsys):
    from redress.search.models import SearchDocument

    generate.generate(30, long_timeline_events=0)
    without = list(Complaint.objects.order_by("pk").values_list("pk", flat=True)[:5])
    SearchDocument.objects.filter(pk__in=without).delete()

    assert generate.index_missing() == 5
    assert SearchDocument.objects.count() == 30
    assert generate.index_missing() == 0
