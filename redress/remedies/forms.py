from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import User
from redress.investigations.forms import staff_queryset

from .models import RemedyKind, RemedyStatus


class RemedyForm(forms.Form):
    # Prefixed: the statement form on the same page has a "kind" and a "description" too.
    prefix = "remedy"

    kind = forms.ChoiceField(label=_("Remedy"), choices=RemedyKind.choices)
    description = forms.CharField(
        label=_("What exactly"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choose from the staff list"),
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    cost = forms.DecimalField(
        label=_("Cost to us"), required=False, max_digits=12, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_queryset()  # type: ignore[attr-defined]


class RemedyStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RemedyStatus.choices)
    note = forms.CharField(label=_("Note"), required=False)
    cost = forms.DecimalField(
        label=_("Cost to us"), required=False, max_digits=12, decimal_places=2
    )
