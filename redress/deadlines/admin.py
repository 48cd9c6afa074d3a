"""Configuration in the admin: calendars with their closures, policies with their rules
and where they apply. Running deadlines are read-only here; services change them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    WEEKDAYS,
    BusinessCalendar,
    CalendarClosure,
    ComplaintClock,
    Deadline,
    DeadlinePolicy,
    DeadlineRule,
    PolicyAssignment,
    parse_working_days,
)


class BusinessCalendarForm(forms.ModelForm):
    working_days = forms.TypedMultipleChoiceField(
        label=_("working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = BusinessCalendar
        fields = [
            "name",
            "time_zone",
            "country",
            "subdivision",
            "working_days",
            "opens_at",
            "closes_at",
            "is_default",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["working_days"] = sorted(parse_working_days(self.instance.working_days))
        else:
            self.initial["working_days"] = [0, 1, 2, 3, 4]

    def clean_working_days(self) -> str:
        days = self.cleaned_data["working_days"]
        if not days:
            raise forms.ValidationError(_("Choose at least one working day."))
        return ",".join(str(d) for d in sorted(days))


class ClosureInline(admin.TabularInline):
    model = CalendarClosure
    extra = 1


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    form = BusinessCalendarForm
    list_display = ("name", "time_zone", "country", "subdivision", "hours", "is_default")
    inlines = [ClosureInline]

    @admin.display(description=_("working hours"))
    def hours(self, obj: BusinessCalendar) -> str:
        return f"{obj.weekday_labels()} {obj.opens_at:%H:%M}–{obj.closes_at:%H:%M}"


class RuleInline(admin.TabularInline):
    model = DeadlineRule
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = PolicyAssignment
    extra = 0
    autocomplete_fields = ("category",)


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "calendar", "is_default", "is_active", "is_preset")
    list_filter = ("is_active", "is_preset")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
    inlines = [RuleInline, AssignmentInline]


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Deadline)
class DeadlineAdmin(ReadOnly):
    list_display = ("complaint", "kind", "due_at", "state", "breached_at", "finished_at")
    list_filter = ("kind", "state")
    list_select_related = ("complaint",)
    search_fields = ("complaint__reference",)
    show_full_result_count = False


@admin.register(ComplaintClock)
class ComplaintClockAdmin(ReadOnly):
    list_display = ("complaint", "policy", "next_deadline_kind", "next_deadline_at", "paused_since")
    list_select_related = ("complaint", "policy")
    search_fields = ("complaint__reference",)
    show_full_result_count = False
