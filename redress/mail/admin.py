"""Administrators see what arrived, what was quarantined, and the outbox (read-only);
they configure the IMAP mailboxes. Raw messages download as .eml, never rendered."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import InboundMessage, Mailbox, OutboxMessage, OutboxState, Quarantine
from .services import outbox_retry, quarantine_retry


class MailboxForm(forms.ModelForm):
    password = forms.CharField(
        label=_("password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Leave empty to keep the current one, or to read it from the environment variable."
        ),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "host",
            "port",
            "use_ssl",
            "username",
            "password",
            "password_env",
            "ca_file",
            "folder",
            "processed_folder",
            "is_active",
        ]

    def clean_password(self) -> str:
        entered = self.cleaned_data.get("password") or ""
        return entered or (self.instance.password if self.instance.pk else "")


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    form = MailboxForm
    list_display = ("name", "host", "port", "username", "folder", "is_active", "last_polled_at")
    readonly_fields = ("last_polled_at", "last_error")


class ReadOnlyWithRaw(admin.ModelAdmin):
    """Read-only; the raw bytes are offered as a download."""

    exclude = ("raw",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<int:pk>/raw/",
                self.admin_site.admin_view(self.raw_view),
                name="{}_{}_raw".format(*info),
            ),
            *super().get_urls(),
        ]

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise Http404
        obj = get_object_or_404(self.model, pk=pk)
        response = HttpResponse(bytes(obj.raw), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="message-{pk}.eml"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @admin.display(description=_("raw message"))
    def raw_link(self, obj: Any) -> str:
        info = obj._meta.app_label, obj._meta.model_name
        url = reverse("admin:{}_{}_raw".format(*info), args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> ({} bytes)', url, _("Download .eml"), len(bytes(obj.raw))
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyWithRaw):
    list_display = ("received_at", "from_address", "subject", "state", "complaint", "source")
    list_filter = ("state", "source")
    search_fields = ("message_id", "from_address", "subject", "complaint__reference")
    list_select_related = ("complaint",)
    readonly_fields = ("raw_link",)
    show_full_result_count = False


@admin.register(Quarantine)
class QuarantineAdmin(ReadOnlyWithRaw):
    list_display = ("created_at", "reason", "message_id", "source")
    list_filter = ("reason", "source")
    search_fields = ("message_id", "reason", "detail")
    readonly_fields = ("raw_link",)
    actions = ["take_in_again"]

    @admin.action(description=_("Take in again"), permissions=["view"])
    def take_in_again(self, request: HttpRequest, queryset: QuerySet[Quarantine]) -> None:
        outcomes = [quarantine_retry(quarantine=q).outcome for q in queryset]
        taken = sum(1 for outcome in outcomes if outcome != "quarantined")
        self.message_user(
            request,
            _("%(taken)d of %(count)d message(s) taken in; the rest stay in quarantine.")
            % {"taken": taken, "count": len(outcomes)},
            messages.SUCCESS if taken else messages.WARNING,
        )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "complaint", "subject", "state", "attempts", "sent_at")
    list_filter = ("state", "kind")
    search_fields = ("message_id", "subject", "complaint__reference")
    list_select_related = ("complaint",)
    actions = ["retry"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Try failed messages again"), permissions=["view"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        failed = list(queryset.filter(state=OutboxState.FAILED))
        for message in failed:
            outbox_retry(message=message)
        self.message_user(
            request,
            _("%(count)d message(s) queued again.") % {"count": len(failed)},
            messages.SUCCESS,
        )
