from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import LetterKind, SentVia


class LetterStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=settings.LANGUAGES)
    prevention = forms.CharField(
        label=_("Measures against a recurrence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What has been changed so that this does not happen again (rule 9)."),
    )

    def __init__(self, *args: Any, kinds: list[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "start")
        super().__init__(*args, **kwargs)
        if kinds is not None:
            field = self.fields["kind"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, LetterKind(k).label) for k in kinds]


class LetterEditForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Letter"),
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        strip=False,
    )


class CheckForm(forms.Form):
    """What the live checker is sent as the handler types."""

    body = forms.CharField(required=False, strip=False)


class SendForm(forms.Form):
    via = forms.ChoiceField(
        label=_("Send by"), choices=SentVia.choices, widget=forms.RadioSelect, initial="email"
    )
    to = forms.CharField(
        label=_("To"),
        required=False,
        help_text=_("Empty: the customer's email address, or postal address for post."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "send")
        super().__init__(*args, **kwargs)
