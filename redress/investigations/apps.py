from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    name = "redress.investigations"
    label = "investigations"
    verbose_name = _("Investigation and decision")

    def ready(self) -> None:
        from redress.complaints import hooks, panels
        from redress.complaints.lifecycle import Status

        from . import services, views

        hooks.register_guard(services.guard_decided_needs_decision, target=Status.DECIDED)
        hooks.register_after(services.after_back_to_investigation, target=Status.INVESTIGATING)
        panels.register_panel(views.INVESTIGATION_PANEL)
        panels.register_panel(views.DECISION_PANEL)
