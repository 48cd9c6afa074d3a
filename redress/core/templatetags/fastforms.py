"""A `<select>` for a bound form field, built in Python.

Django renders each `<option>` through its own template include; on the journal, whose
filters carry five drop-downs, that was a third of the page's rendering time. The markup
is the same as Django's Select widget (name, id, the widget's attributes, `selected`,
`aria-invalid` on an error); every label and value is escaped by format_html.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _selected(bound: BoundField) -> set[str]:
    value = bound.value()
    values = value if isinstance(value, (list, tuple)) else [value]
    # As Django's Select.format_value: no value selects the empty choice.
    return {"" if v is None else str(v) for v in values}


def _options(choices: Any, chosen: set[str]) -> SafeString:
    parts = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            parts.append(
                format_html('<optgroup label="{}">{}</optgroup>', value, _options(label, chosen))
            )
            continue
        key = "" if value is None else str(value)
        parts.append(
            format_html(
                '<option value="{}"{}>{}</option>',
                key,
                mark_safe(" selected") if key in chosen else "",
                label,
            )
        )
    return mark_safe("".join(parts))


@register.simple_tag
def select_field(bound: BoundField) -> SafeString:
    # Django's own choice of attributes (required, disabled, aria-invalid, aria-describedby).
    attrs = bound.build_widget_attrs(dict(bound.field.widget.attrs))
    extra = format_html_join(
        "",
        " {}",
        ((name,) for name, value in attrs.items() if value is True),
    ) + format_html_join(
        "",
        ' {}="{}"',
        ((name, value) for name, value in attrs.items() if value not in (True, False, None)),
    )
    return format_html(
        '<select name="{}" id="{}"{}>{}</select>',
        bound.html_name,
        bound.auto_id,
        extra,
        _options(getattr(bound.field, "choices", ()), _selected(bound)),
    )
