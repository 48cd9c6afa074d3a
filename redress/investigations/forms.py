from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import User
from redress.complaints.forms import MultipleFileField

from .models import Outcome, RootCauseCategory, StatementKind


def staff_queryset() -> Any:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class StatementForm(forms.Form):
    # Prefixed: the page holds several forms with a "kind", an "employee", a "note".
    prefix = "statement"

    kind = forms.ChoiceField(label=_("Whose account"), choices=StatementKind.choices)
    employee = forms.ModelChoiceField(
        label=_("Employee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose from the staff list"),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Who took part"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    text = forms.CharField(
        label=_("Account"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = staff_queryset()  # type: ignore[attr-defined]
        self.fields["participants"].queryset = staff_queryset()  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    prefix = "evidence"

    documents = MultipleFileField(label=_("Evidence files"), required=False)
    description = forms.CharField(label=_("What it shows"), max_length=300, required=False)


class FactForm(forms.Form):
    finding = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect, required=False
    )
    reasons = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    third_party_name = forms.CharField(
        label=_("Third party the customer should turn to"), max_length=200, required=False
    )
    third_party_contact = forms.CharField(
        label=_("How to reach them"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    root_cause_category = forms.ModelChoiceField(
        label=_("Kind of root cause"),
        queryset=RootCauseCategory.objects.all(),
        required=False,
        empty_label=_("Choose"),
    )
    root_cause = forms.CharField(
        label=_("What went wrong and why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class ReviewForm(forms.Form):
    prefix = "review"

    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DisciplinaryForm(forms.Form):
    prefix = "disciplinary"

    employee = forms.ModelChoiceField(
        label=_("Employee at fault"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose from the staff list"),
    )
    measure = forms.CharField(
        label=_("Disciplinary measure"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = staff_queryset()  # type: ignore[attr-defined]
