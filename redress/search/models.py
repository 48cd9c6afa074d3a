"""One search document per complaint: the text the journal search looks in."""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels


class SearchDocument(ChoiceLabels):
    """Denormalised text of a complaint, rebuilt by `redress.search.index.refresh`.

    `title` holds what identifies the case (reference, subject, customer, order
    reference); `body` what was said (description, statements, inbound email).
    On SQLite the FTS5 table `search_fts` mirrors it through triggers; on
    PostgreSQL trigram GIN indexes serve substring search in every script.
    """

    complaint = models.OneToOneField(
        Complaint,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
        verbose_name=_("complaint"),
    )
    title = models.TextField(_("title"))
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        # PostgreSQL only: created by the migration through AddIndexIfPostgres.
        indexes = [
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="search_title_trgm"),
            GinIndex(OpClass(Upper("body"), name="gin_trgm_ops"), name="search_body_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}"
