"""`redress reindex` rebuilds every search document, with a progress bar."""

from io import StringIO

from django.core.management import call_command

from redress.complaints.selectors import JournalFilters
from redress.search.models import SearchDocument
from redress.search.selectors import search_complaints


def _found(user, query):
    return [
        c.reference for c in search_complaints(user=user, query=query, filters=JournalFilters())
    ]


def test_reindex_rebuilds_every_document_and_shows_progress(submit, staff):
    made = [submit(subject=f"Ottoman {i}", description="Ottoman leg snapped.") for i in range(5)]
    SearchDocument.objects.filter(pk__in=[c.pk for c in made[:3]]).delete()
    assert len(_found(staff["quality"], "ottoman")) == 2

    out, err = StringIO(), StringIO()
    call_command("reindex", "--missing", "--batch-size", "2", stdout=out, stderr=err)
    assert "3 search documents written." in out.getvalue()
    assert "3/3" in err.getvalue()  # the progress bar reached the end
    assert sorted(_found(staff["quality"], "ottoman")) == sorted(c.reference for c in made)

    out = StringIO()
    call_command("reindex", "--no-progress", stdout=out, stderr=StringIO())
    assert "5 search documents written." in out.getvalue()
    assert SearchDocument.objects.count() == 5
