from django import forms
from django.utils.translation import gettext_lazy as _

from redress.complaints.forms import SummarisedForm

SCORES = [(i, str(i)) for i in range(1, 6)]


class AnswerForm(SummarisedForm):
    solved = forms.TypedChoiceField(
        label=_("Is your problem solved?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    score = forms.TypedChoiceField(
        label=_(
            "How satisfied are you with how we handled your complaint? (1 = not at all, 5 = very)"
        ),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )
