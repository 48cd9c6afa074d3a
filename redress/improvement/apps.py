from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImprovementConfig(AppConfig):
    name = "redress.improvement"
    label = "improvement"
    verbose_name = _("Corrective actions and recurring problems")

    def ready(self) -> None:
        from redress.complaints import panels

        from . import views

        panels.register_panel(views.PLANS_PANEL)
