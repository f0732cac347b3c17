from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations: health, metrics, logs, backups"

    def ready(self) -> None:
        from ops import worker  # noqa: F401  (Celery signal receivers: task request ids, heartbeat thread)
