from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save


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
        post_save.connect(_calendar_saved, sender="calendars.Calendar", dispatch_uid="announcements-calendar")
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


def _calendar_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A renamed calendar: the services that name it answer its new name (snapshot republished)."""
    from announcements.publish import announcements_changed

    if instance.services.exists():
        announcements_changed()
