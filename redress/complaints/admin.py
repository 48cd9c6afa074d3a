from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Category, Complaint, JournalEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "parent", "position", "is_active")
    list_filter = ("is_active", "parent")
    search_fields = ("code", "name_en", "name_th", "name_bn", "name_hr", "name_sv")
    ordering = ("parent__position", "position", "name_en")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Complaints change only through the workspace and the API, where the rules run."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ("reference", "status", "channel", "received_at", "customer", "assignee")
    list_filter = ("status", "channel")
    search_fields = ("reference", "subject")
    list_select_related = ("customer", "assignee")
    show_full_result_count = False


@admin.register(JournalEvent)
class JournalEventAdmin(ReadOnlyAdmin):
    list_display = ("complaint", "kind", "from_status", "to_status", "actor_label", "created_at")
    list_filter = ("kind",)
    list_select_related = ("complaint",)
    show_full_result_count = False
