from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "redress.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from redress.complaints import hooks
        from redress.complaints.lifecycle import Status

        from . import index

        # A new complaint is searchable from the transaction that stores it.
        hooks.register_after(index.after_submission, target=Status.RECEIVED)
