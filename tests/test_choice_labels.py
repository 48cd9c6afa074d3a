"""get_FOO_display() from the per-language label table gives what Django's own gives."""

from django.db.models import Model
from django.utils import translation

from redress.complaints.lifecycle import Status
from redress.complaints.models import Channel, Complaint, JournalEvent
from redress.deadlines.models import ComplaintClock


def django_display(instance, name):
    return Model._get_FIELD_display(instance, instance._meta.get_field(name))


def test_labels_follow_the_active_language_and_match_djangos():
    complaint = Complaint(status=Status.CLOSED, channel=Channel.EMAIL)
    seen = set()
    for language in ("en", "th", "bn", "hr", "sv"):
        with translation.override(language):
            label = complaint.get_status_display()
            assert label == django_display(complaint, "status") == str(Status.CLOSED.label)
            assert complaint.get_channel_display() == django_display(complaint, "channel")
            seen.add(label)
    assert len(seen) == 5  # translated, not one language cached for all


def test_a_value_outside_the_choices_is_shown_as_it_is():
    complaint = Complaint(status="no-such-status")
    assert complaint.get_status_display() == "no-such-status"
    assert ComplaintClock(next_deadline_kind="").get_next_deadline_kind_display() == ""
    event = JournalEvent(kind="status")
    assert event.get_kind_display() == django_display(event, "kind")
