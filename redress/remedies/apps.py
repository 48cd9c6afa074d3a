from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemediesConfig(AppConfig):
    name = "redress.remedies"
    label = "remedies"
    verbose_name = _("Remedies")

    def ready(self) -> None:
        from redress.complaints import hooks, panels
        from redress.complaints.lifecycle import Status

        from . import services, views

        hooks.register_guard(services.guard_no_open_remedies, target=Status.CLOSED)
        hooks.register_guard(services.guard_no_open_remedies, target=Status.SATISFACTION_CHECK)
        panels.register_panel(views.REMEDIES_PANEL)
        panels.register_panel(views.SUGGESTIONS_PANEL)
