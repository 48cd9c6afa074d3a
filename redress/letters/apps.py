from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "redress.letters"
    label = "letters"
    verbose_name = _("Response letters")

    def ready(self) -> None:
        from redress.complaints import hooks, panels
        from redress.complaints.lifecycle import Status

        from . import services, views

        # Nothing moves past the response until the signed response has gone out.
        for target in (Status.REMEDYING, Status.SATISFACTION_CHECK):
            hooks.register_guard(services.guard_response_sent, target=target)
        panels.register_panel(views.LETTERS_PANEL)
