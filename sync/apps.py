from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "UCCX sync"

    def ready(self) -> None:
        from core.nav import NavEntry, register
        from sync import cluster, services

        cluster.on_writable(services.drain_now)  # the monitor saw UCCX take writes again
        register(
            NavEntry(
                label="Changes",
                url_name="sync:changes",
                order=50,
                description="Changes waiting for UCCX, refused by it, or recently applied.",
                permission="sync.view_outboxchange",
            )
        )
