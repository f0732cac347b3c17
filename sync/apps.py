from django.apps import AppConfig


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "UCCX sync"

    def ready(self) -> None:
        import rules

        from core.glance import register as register_glance
        from core.nav import NavEntry, register
        from core.rules import is_administrator
        from sync import cluster, tasks
        from sync.glance import uccx_glance

        rules.add_perm("sync.reconcile_uccx", is_administrator)  # the "Check UCCX now" button and API
        cluster.on_writable(tasks.drain_now)  # the monitor saw UCCX take writes again
        cluster.on_writable(tasks.reconcile_after_outage)  # ... and checks what it lost meanwhile
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
        register_glance("uccx", 10, uccx_glance)
