from django.contrib import admin

from .models import Customer


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "email", "phone", "preferred_language")
    list_filter = ("kind", "preferred_language")
    search_fields = ("full_name", "organisation_name", "contact_person", "email", "phone")
