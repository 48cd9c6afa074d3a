from django.contrib import admin

from .models import ConfirmationRule, FactItem, RootCauseCategory


@admin.register(FactItem)
class FactItemAdmin(admin.ModelAdmin):
    list_display = ("text_en", "category", "position", "is_active")
    list_filter = ("category", "is_active")


@admin.register(RootCauseCategory)
class RootCauseCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "text_en", "position")


@admin.register(ConfirmationRule)
class ConfirmationRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "amount_over", "outcome", "is_active")
