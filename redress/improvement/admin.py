from django.contrib import admin

from .models import ClusterRun, Plan, PlanAction, PlanComplaint, RecurringCluster


class PlanActionInline(admin.TabularInline):
    model = PlanAction
    extra = 0
    raw_id_fields = ("owner", "created_by")


class PlanComplaintInline(admin.TabularInline):
    model = PlanComplaint
    extra = 0
    raw_id_fields = ("complaint", "added_by")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "status", "owner", "review_on", "created_at")
    list_filter = ("status", "root_cause_category")
    search_fields = ("title", "root_cause")
    raw_id_fields = ("owner", "proposed_by", "checked_by")
    inlines = [PlanActionInline, PlanComplaintInline]


@admin.register(ClusterRun)
class ClusterRunAdmin(admin.ModelAdmin):
    list_display = ("started_at", "finished_at", "period_days", "input_count", "truncated")


@admin.register(RecurringCluster)
class RecurringClusterAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "size", "count_current", "count_previous", "run")
    list_filter = ("kind",)
    raw_id_fields = ("central", "run")
