from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "redress.surveys"
    label = "surveys"
    verbose_name = _("Satisfaction checks")

    def ready(self) -> None:
        from redress.complaints import hooks, panels
        from redress.complaints.lifecycle import Status

        from . import services, views

        hooks.register_guard(services.guard_close_waits_for_answer, target=Status.CLOSED)
        hooks.register_after(
            services.after_enter_satisfaction_check, target=Status.SATISFACTION_CHECK
        )
        for target in (Status.WITHDRAWN, Status.REOPENED, Status.CLOSED):
            hooks.register_after(services.after_leave_satisfaction_check, target=target)
        panels.register_panel(views.SURVEY_PANEL)
