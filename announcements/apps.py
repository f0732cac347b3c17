from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = "Announcements and prompts"

    def ready(self) -> None:
        from announcements.glance import announcements_glance, switches_glance
        from announcements.selectors import PLAYABLE_SYNC_KIND, PROMPT_SYNC_KIND
        from core.glance import register as register_glance
        from core.nav import NavEntry, register
        from sync.adapters import ApplicationParameterAdapter, PromptAdapter
        from sync.adapters import register as register_adapter

        register_adapter(PROMPT_SYNC_KIND, PromptAdapter())
        register_adapter(PLAYABLE_SYNC_KIND, ApplicationParameterAdapter())
        register_glance("announcements", 30, announcements_glance)
        register_glance("switches", 40, switches_glance)
        register(
            NavEntry(
                label="Announcements",
                url_name="announcements:list",
                order=20,
                description="What callers hear, by service, caller region and time; and the call switches.",
            )
        )
        register(
            NavEntry(
                label="Prompts",
                url_name="announcements:prompts",
                order=30,
                description="Upload or record prompts; they are converted for UCCX and written to it.",
            )
        )
