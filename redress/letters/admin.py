from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .composer import PLACEHOLDERS
from .models import Letter, LetterTemplate, OrganisationLetterSettings, Signature


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ("kind", "language", "subject", "updated_at")
    list_filter = ("kind", "language")
    search_fields = ("subject", "body")

    def get_form(self, request, obj=None, change=False, **kwargs):
        names = ", ".join("{{ " + name + " }}" for name in PLACEHOLDERS)
        kwargs["help_texts"] = {
            "body": _(
                "Plain text. Placeholders: %(names)s. "
                "A paragraph inside {%% if name %%} … {%% endif %%} drops out when the case "
                "has no such data."
            )
            % {"names": names}
        }
        return super().get_form(request, obj, change=change, **kwargs)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "title", "updated_at")


@admin.register(OrganisationLetterSettings)
class OrganisationLetterSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "layout", "updated_at")

    def has_add_permission(self, request):
        return not OrganisationLetterSettings.objects.exists()


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Letters are read here; they are written on the complaint page."""

    list_display = ("complaint", "kind", "language", "state", "sent_via", "sent_at")
    list_filter = ("state", "kind", "language")
    readonly_fields = [f.name for f in Letter._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
