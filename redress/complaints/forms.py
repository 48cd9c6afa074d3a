"""Forms parse and type the input; the rules themselves live in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import User
from redress.accounts.roles import Perm
from redress.customers.models import CustomerKind

from .lifecycle import Status
from .models import (
    STAFF_INTAKE_CHANNELS,
    Category,
    Channel,
    ClaimType,
    EmotionalState,
    Priority,
)
from .selectors import JournalFilters
from .services import ComplaintInput, CustomerInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(d, initial) for d in items]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.path_label()


def category_queryset() -> Any:
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__position", "parent__name_en", "position", "name_en")
    )


class SummarisedForm(forms.Form):
    """A form whose errors are listed, with links, in includes/form_errors.html."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field name, label, message) for the summary, each message once."""
        seen: set[str] = set()
        rows = []
        for bound in self:
            for error in bound.errors:
                message = str(error)
                if message not in seen:
                    seen.add(message)
                    rows.append((bound.html_name, str(bound.label), message))
        return rows


class ComplaintForm(SummarisedForm):
    """What a customer tells us about themselves and the problem."""

    kind = forms.ChoiceField(
        label=_("I am complaining as"),
        choices=CustomerKind.choices,
        initial=CustomerKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    organisation_name = forms.CharField(
        label=_("Organisation name"), max_length=200, required=False
    )
    contact_person = forms.CharField(
        label=_("Contact person (full name)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    postal_address = forms.CharField(
        label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our reply"), choices=settings.LANGUAGES
    )
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    category = CategoryChoiceField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Choose a category"),
    )
    description = forms.CharField(
        label=_("What happened?"),
        required=False,
        help_text=_("Describe the problem in as much detail as you can: what, where, who."),
        widget=forms.Textarea(attrs={"rows": 7}),
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    incident_place = forms.CharField(
        label=_("Where did it happen?"), max_length=200, required=False
    )
    product = forms.CharField(label=_("Product or service"), max_length=200, required=False)
    order_reference = forms.CharField(
        label=_("Order, receipt or contract number"), max_length=100, required=False
    )
    amount_in_dispute = forms.DecimalField(
        label=_("Amount in dispute"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    desired_outcome = forms.CharField(
        label=_("What would you like us to do?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachments = MultipleFileField(
        label=_("Photos or documents"),
        required=False,
        help_text=_("Up to 5 files: PDF, images, text or office documents, 10 MB each."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_queryset()  # type: ignore[attr-defined]
        self.fields["attachments"].widget.attrs["accept"] = ",".join(
            settings.REDRESS_ATTACHMENT_TYPES
        )

    def customer_input(self) -> CustomerInput:
        d = self.cleaned_data
        return CustomerInput(
            kind=d.get("kind") or CustomerKind.INDIVIDUAL,
            full_name=d.get("full_name", ""),
            organisation_name=d.get("organisation_name", ""),
            contact_person=d.get("contact_person", ""),
            email=d.get("email", ""),
            phone=d.get("phone", ""),
            postal_address=d.get("postal_address", ""),
            preferred_language=d.get("preferred_language") or "en",
        )

    def complaint_input(self, language: str) -> ComplaintInput:
        d = self.cleaned_data
        return ComplaintInput(
            subject=d.get("subject", ""),
            description=d.get("description", ""),
            category=d.get("category"),
            product=d.get("product", ""),
            order_reference=d.get("order_reference", ""),
            incident_date=d.get("incident_date"),
            incident_place=d.get("incident_place", ""),
            amount_in_dispute=d.get("amount_in_dispute"),
            currency=d.get("currency", ""),
            desired_outcome=d.get("desired_outcome", ""),
            claim_type=d.get("claim_type", ""),
            addressed_to_top_management=bool(d.get("addressed_to_top_management")),
            emotional_state=d.get("emotional_state", ""),
            priority=d.get("priority") or "normal",
            about_third_party=bool(d.get("about_third_party")),
            language=language,
            files=d.get("attachments") or [],
        )

    def add_service_errors(self, fields: dict[str, list[Any]]) -> None:
        for name, messages in fields.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class StaffIntakeForm(ComplaintForm):
    """The intake form for phone, visits, the complaint book, chat, social media, paper."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c.value, c.label) for c in STAFF_INTAKE_CHANNELS],
    )
    received_at = forms.DateTimeField(
        label=_("Received"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now."),
    )
    claim_type = forms.ChoiceField(
        label=_("Claim type"), choices=[("", "—"), *ClaimType.choices], required=False
    )
    emotional_state = forms.ChoiceField(
        label=_("Customer's emotional state"),
        choices=[("", "—"), *EmotionalState.choices],
        required=False,
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    addressed_to_top_management = forms.BooleanField(
        label=_("Addressed to top management"), required=False
    )
    about_third_party = forms.BooleanField(
        label=_("About a third party (for example a member of staff)"), required=False
    )
    language = forms.ChoiceField(label=_("Language of the complaint"), choices=settings.LANGUAGES)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Status.choices)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def handler_queryset() -> Any:
    return (
        User.objects.filter(is_active=True)
        .filter(groups__permissions__codename=Perm.HANDLE.value)
        .distinct()
        .select_related("team")
        .order_by("first_name", "last_name")
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Responsible person"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose a person"),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handler_queryset()  # type: ignore[attr-defined]


class AcknowledgeForm(forms.Form):
    reply_due_on = forms.DateField(
        label=_("Promised contact date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))


class JournalFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Status.choices], required=False
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Any category"),
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *Channel.choices], required=False
    )
    assignee = forms.CharField(label=_("Responsible person"), required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    deadline = forms.ChoiceField(
        label=_("Deadlines"),
        required=False,
        choices=[
            ("", _("Any")),
            ("on_track", _("On track")),
            ("due_soon", _("Due soon")),
            ("breached", _("Breached")),
            ("paused", _("Waiting on the customer")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-received", _("Newest first")),
            ("received", _("Oldest first")),
            ("deadline", _("Next deadline, soonest first")),
            ("due", _("Promised contact date, soonest first")),
            ("reference", _("Reference")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = category_queryset()  # type: ignore[attr-defined]
        self.fields["category"].label_from_instance = lambda c: c.path_label()  # type: ignore[attr-defined]

    def to_filters(self, user: Any) -> JournalFilters:
        """The journal's filters from the valid form (the page and its exports share it)."""
        d = self.cleaned_data
        filters = JournalFilters(
            status=d["status"],
            category=d["category"],
            channel=d["channel"],
            received_from=d["received_from"],
            received_to=d["received_to"],
            overdue=d["overdue"],
            deadline=d["deadline"],
            q=d["q"],
            sort=d["sort"] or "-received",
        )
        who = d["assignee"]
        if who == "me":
            filters.assignee = user
        elif who == "none":
            filters.unassigned = True
        elif who.isdigit():
            filters.assignee = User.objects.filter(pk=int(who)).first()
        return filters
