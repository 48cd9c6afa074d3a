from django.contrib import admin

from .models import Offering


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ("code", "text_en", "kind", "is_active")
    list_filter = ("kind", "is_active")
    filter_horizontal = ("users",)
