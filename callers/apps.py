from django.apps import AppConfig


class CallersConfig(AppConfig):
    name = "callers"
    verbose_name = "Caller lists"

    def ready(self) -> None:
        from core.nav import NavEntry, register

        register(
            NavEntry(
                label="Callers",
                url_name="callers:list",
                order=30,
                description="VIP, blocked and custom caller lists: who gets priority, who is blocked.",
            )
        )
