"""Response letters: templates, drafts with every version kept, approval and sending."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.core.models import ChoiceLabels


class LetterKind(models.TextChoices):
    """What the letter answers: one of the four outcomes, or a reply that is not final."""

    JUSTIFIED = "justified", _("Justified")
    PARTLY_JUSTIFIED = "partly_justified", _("Partly justified")
    NOT_JUSTIFIED = "not_justified", _("Not justified")
    OUTSIDE = "outside", _("Outside our responsibility")
    HOLDING = "holding", _("Holding reply: more time needed")
    SUMMARY = "summary_resolution", _("Summary resolution")


# The kinds that answer a decision; sending one moves the complaint on.
FINAL_KINDS = (
    LetterKind.JUSTIFIED,
    LetterKind.PARTLY_JUSTIFIED,
    LetterKind.NOT_JUSTIFIED,
    LetterKind.OUTSIDE,
)


class Layout(models.TextChoices):
    BLOCK = "block", _("Block: everything flush left")
    SEMI_BLOCK = "semi_block", _("Semi-block: date and signature on the right, paragraphs indented")


class OrganisationLetterSettings(ChoiceLabels):
    """The letterhead and layout of every letter. One row."""

    name = models.CharField(_("organisation name"), max_length=200)
    address = models.TextField(_("postal address"), blank=True)
    contact = models.CharField(
        _("contact line"),
        max_length=300,
        blank=True,
        help_text=_("Phone, email and web address, shown under the letterhead."),
    )
    logo = models.ImageField(_("logo"), upload_to="letters/logo/", blank=True)
    layout = models.CharField(
        _("layout"), max_length=12, choices=Layout.choices, default=Layout.BLOCK
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return self.name


def signature_path(instance: Any, filename: str) -> str:
    return f"letters/signatures/{uuid.uuid4().hex}.png"


class Signature(ChoiceLabels):
    """A signatory's name, title and signature image, as letters show them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signatory"),
        on_delete=models.CASCADE,
        related_name="letter_signature",
    )
    name = models.CharField(_("name as signed"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    image = models.ImageField(_("signature image"), upload_to=signature_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"


class LetterTemplate(ChoiceLabels):
    """The starting text of a letter of one kind in one language; administrators edit it.

    `body` is a Django template over plain strings (no HTML, nothing escaped): see
    `redress.letters.composer.PLACEHOLDERS` for what it may use.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_template_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"

    def clean(self) -> None:
        from .composer import template_errors

        errors = template_errors(self.subject, self.body)
        if errors:
            from django.core.exceptions import ValidationError

            raise ValidationError(errors)


class LetterState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved and signed")
    SENT = "sent", _("Sent")


class SentVia(models.TextChoices):
    EMAIL = "email", _("Email")
    POST = "post", _("Post")


class Letter(ChoiceLabels):
    """One letter to the customer, from its first draft to sent.

    The text lives in its versions; `approved_version` is the one a signatory signed
    (frozen: editing afterwards makes a new draft that needs approval again).
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    decision = models.ForeignKey(
        "investigations.Decision",
        verbose_name=_("decision answered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=LetterState.choices, default=LetterState.DRAFT
    )
    approved_version = models.ForeignKey(
        "LetterVersion",
        verbose_name=_("signed version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_via = models.CharField(_("sent by"), max_length=8, choices=SentVia.choices, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_to = models.TextField(_("sent to"), blank=True)
    sent_cc = models.JSONField(_("copies to"), default=list, blank=True)
    pdf = models.FileField(_("PDF as sent"), upload_to="letters/sent/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["complaint", "state"], name="letter_state_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} ({self.state})"

    @property
    def is_final(self) -> bool:
        return self.kind in FINAL_KINDS


class VersionQuerySet(models.QuerySet["LetterVersion"]):
    """Versions are kept as written: no bulk edits or deletes."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("Letter versions are kept as written.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Letter versions are kept as written.")


class LetterVersion(ChoiceLabels):
    """One saved text of a letter. Every version is kept; none is ever changed."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    errors = models.PositiveSmallIntegerField(_("checker errors"), default=0)
    warnings = models.PositiveSmallIntegerField(_("checker warnings"), default=0)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("letter version")
        verbose_name_plural = _("letter versions")
        ordering = ["letter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("Letter versions are kept as written.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Letter versions are kept as written.")


class Approval(ChoiceLabels):
    """A signatory's approval of one version: who signed, as what, with which image, when.

    The name, title and image are copied at signing, so a later change to the
    signatory's signature does not change a letter already signed.
    """

    version = models.OneToOneField(LetterVersion, on_delete=models.PROTECT, related_name="approval")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    letter_date = models.DateField(_("date of the letter"))
    signer_name = models.CharField(_("name as signed"), max_length=200)
    signer_title = models.CharField(_("title"), max_length=200)
    signature_image = models.BinaryField(_("signature image"), blank=True, default=b"")

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return f"{self.version} signed by {self.signer_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise TypeError("A signed approval is never changed.")
        super().save(*args, **kwargs)
