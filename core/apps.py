from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Accounts, teams and audit"

    def ready(self) -> None:
        from core import signals  # noqa: F401  (login audit receivers)
        from core.roles import grant_on_post_migrate

        post_migrate.connect(grant_on_post_migrate, dispatch_uid="core.grant_role_permissions")
