from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from redress.core.models import TimeStampedModel


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")


class Customer(TimeStampedModel):
    """The customer card: who complained and how to reach them. Never anonymous."""

    kind = models.CharField(
        _("customer type"),
        max_length=16,
        choices=CustomerKind.choices,
        default=CustomerKind.INDIVIDUAL,
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    preferences = models.TextField(
        _("preferences"),
        blank=True,
        help_text=_("What the customer likes or uses, to personalise remedies."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        # Intake finds the card by address, whatever its case: an index on the lowered
        # address keeps that lookup off a full scan of the customers (it runs under the
        # intake's lock).
        indexes = [models.Index(Lower("email"), name="customer_email_lower_idx")]
        constraints = [
            models.CheckConstraint(
                name="customer_is_named",
                condition=(Q(kind="individual") & ~Q(full_name=""))
                | (Q(kind="organisation") & ~Q(organisation_name="") & ~Q(contact_person="")),
            ),
            models.CheckConstraint(
                name="customer_is_reachable",
                condition=~Q(email="") | ~Q(phone="") | ~Q(postal_address=""),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == CustomerKind.ORGANISATION:
            return f"{self.organisation_name} ({self.contact_person})"
        return self.full_name

    @property
    def addressee(self) -> str:
        """The person a letter or message is addressed to."""
        return self.contact_person if self.kind == CustomerKind.ORGANISATION else self.full_name
