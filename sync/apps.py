from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "UCCX sync"

    def ready(self) -> None:
        from core.nav import NavEntry, register
        from sync import cluster, tasks

        cluster.on_writable(tasks.drain_now)  # the monitor saw UCCX take writes again
        register(
            NavEntry(
                label="Changes",
                url_name="sync:changes",
                order=50,
                description="Changes waiting for UCCX, refused by it, or recently applied.",
                permission="sync.view_outboxchange",
            )
        )
        register(
            NavEntry(
                label="Status",
                url_name="sync:status",
                order=60,
                description="Whether UCCX is reachable, and the teams and supervisors read from it.",
            )
        )
