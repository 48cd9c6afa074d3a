from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation
from django.utils.encoding import force_str


def _labels(field: Any, language: str) -> dict[Any, str]:
    key = (id(field), language)
    labels = _LABELS.get(key)
    if labels is None:
        labels = {value: str(label) for value, label in field.flatchoices}
        _LABELS[key] = labels
    return labels


# Per field and language: a handful of fields times five languages.
_LABELS: dict[tuple[int, str], dict[Any, str]] = {}


class ChoiceLabels(models.Model):
    """`get_FOO_display()` from a table built once per field and language.

    Django's version builds a dict of every choice on each call and translates every label
    in it; a journal page of 25 rows made 900 translation lookups through it.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: Any) -> str:
        # Django binds get_FOO_display() only to fields with choices (stored as a list or,
        # when given as a callable, an iterator object: either way read once per process).
        value = getattr(self, field.attname)
        labels = _labels(field, translation.get_language() or "")
        try:
            label = labels.get(value, value)
        except TypeError:  # an unhashable value (a list from a JSON field) has no label
            label = value
        return force_str(label, strings_only=True)


class TimeStampedModel(ChoiceLabels):
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
