from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.investigations.forms import staff_queryset
from redress.investigations.models import RootCauseCategory

from .models import ActionStatus, Plan


class PlanFields(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    root_cause = forms.CharField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    root_cause_category = forms.ModelChoiceField(
        label=_("Root-cause category"),
        queryset=RootCauseCategory.objects.all(),
        required=False,
        empty_label=_("Not classified"),
    )


class ProposePlanForm(PlanFields):
    prefix = "plan"


class ClusterPlanForm(forms.Form):
    """One per row of the recurring-problems page; the root-cause categories are read once
    for the whole page (`causes`), not once per row."""

    # The title defaults to the cluster's label.
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    root_cause = forms.CharField(
        label=_("Root cause"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    root_cause_category = forms.ChoiceField(label=_("Root-cause category"), required=False)

    def __init__(self, *args: Any, causes: list[RootCauseCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.causes = {str(c.pk): c for c in causes}
        self.fields["root_cause_category"].choices = [("", _("Not classified"))] + [  # type: ignore[attr-defined]
            (str(c.pk), c.label()) for c in causes
        ]

    def clean_root_cause_category(self) -> RootCauseCategory | None:
        return self.causes.get(self.cleaned_data.get("root_cause_category") or "")


class AttachPlanForm(forms.Form):
    prefix = "attach"
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), empty_label=_("Choose a plan")
    )

    def __init__(self, *args: Any, plans: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import OPEN_PLAN_STATUSES

        qs = Plan.objects.filter(status__in=OPEN_PLAN_STATUSES)
        self.fields["plan"].queryset = qs  # type: ignore[attr-defined]
        if plans is not None:
            self.fields["plan"].choices = [("", _("Choose a plan"))] + [  # type: ignore[attr-defined]
                (p.pk, str(p)) for p in plans
            ]


class ActionForm(forms.Form):
    prefix = "action"
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=staff_queryset(),
        required=False,
        empty_label=_("Choose from the staff list"),
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_queryset()  # type: ignore[attr-defined]


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    note = forms.CharField(label=_("What was done"), required=False)


class PlanMoveForm(forms.Form):
    to = forms.CharField()
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    review_on = forms.DateField(
        label=_("Effectiveness review date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
