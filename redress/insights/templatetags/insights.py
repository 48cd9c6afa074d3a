from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pct(value: Any) -> str:
    """A share (0..1) as a percentage; a dash when there is nothing to divide."""
    if value is None:
        return "–"
    return f"{number_format(float(value) * 100, 1)} %"


@register.filter
def dash(value: Any) -> Any:
    return "–" if value is None or value == "" else value
