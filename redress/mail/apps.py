from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "redress.mail"
    label = "mail"
    verbose_name = _("Email")

    def ready(self) -> None:
        from redress.complaints import hooks
        from redress.complaints.lifecycle import Status

        from . import notifications

        # The primary response by email, whatever channel the complaint came by.
        hooks.register_after(notifications.acknowledgement_enqueue, target=Status.ACKNOWLEDGED)
