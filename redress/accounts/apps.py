from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "redress.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import roles

        # Permissions are created app by app on post_migrate, so the role groups
        # that refer to them are brought up to date after the app that declares them.
        post_migrate.connect(
            roles.sync_role_groups_after_migrate, dispatch_uid="redress-sync-role-groups"
        )
