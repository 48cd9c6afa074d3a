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
