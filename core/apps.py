from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accounts, teams and audit"

    def ready(self) -> None:
        from core import signals  # login audit receivers, account changes
        from core.roles import grant_on_post_migrate

        signals.connect_account_changes()
        signals.connect_restore()
        post_migrate.connect(grant_on_post_migrate, dispatch_uid="core.grant_role_permissions")
