"""`{% select_field %}` gives the same drop-down as Django's Select widget, escaped."""

import re

import pytest
from django import forms
from django.template import Context, Template

from redress.complaints.forms import JournalFilterForm
from redress.complaints.models import Category

OPTION = re.compile(r'<option value="([^"]*)"( selected)?>([^<]*)</option>')
SELECT = re.compile(r"<select ([^>]*)>")


def parse(html: str) -> tuple[list[str], list[tuple[str, bool, str]]]:
    return sorted(SELECT.search(html).group(1).split()), [
        (value, bool(selected), label) for value, selected, label in OPTION.findall(html)
    ]


def render(bound) -> tuple[str, str]:
    ours = Template("{% load fastforms %}{% select_field f %}").render(Context({"f": bound}))
    return ours, str(bound)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [None, {"status": "closed"}, {"status": "nonsense"}, {"sort": "due"}, {}]
)
def test_the_journal_filters_render_as_djangos_select_does(data, category):
    form = JournalFilterForm(data)
    form.fields["category"].queryset = Category.objects.all()
    if data is not None:
        form.is_valid()
    for name in ("status", "category", "channel", "sort", "deadline"):
        ours, django = render(form[name])
        assert parse(ours) == parse(django), name
        assert len(parse(ours)[1]) >= 2


def test_labels_and_values_are_escaped_and_groups_kept():
    class F(forms.Form):
        pick = forms.ChoiceField(
            choices=[("a", "<b>bold</b>"), ("Group & co", [('x"y', "X & Y")])],
            required=True,
        )

    ours, django = render(F({"pick": 'x"y'})["pick"])
    assert "<b>" not in ours and "&lt;b&gt;bold&lt;/b&gt;" in ours
    assert '<optgroup label="Group &amp; co">' in ours
    assert '<option value="x&quot;y" selected>X &amp; Y</option>' in ours
    assert parse(ours)[0] == parse(django)[0]  # same attributes: name, id, required
