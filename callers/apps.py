from django.apps import AppConfig


class CallersConfig(AppConfig):
    name = "callers"
    verbose_name = "Caller lists"

    def ready(self) -> None:
        from callers.publish import DOCUMENT_KIND
        from core.nav import NavEntry, register
        from sync.adapters import DocumentAdapter
        from sync.adapters import register as register_adapter

        register_adapter(DOCUMENT_KIND, DocumentAdapter())

        register(
            NavEntry(
                label="Callers",
                url_name="callers:list",
                order=30,
                description="VIP, blocked and custom caller lists: who gets priority, who is blocked.",
            )
        )
