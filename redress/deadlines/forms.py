"""Forms parse and type the input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PauseForm(forms.Form):
    note = forms.CharField(
        label=_("What did you ask the customer for?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResumeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HoldingReplyForm(forms.Form):
    note = forms.CharField(
        label=_("What did the holding reply tell the customer?"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(forms.Form):
    note = forms.CharField(
        label=_("What did you tell the customer?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    next_contact_on = forms.DateField(
        label=_("Next promised contact date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
