from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = "Business calendars"

    def ready(self) -> None:
        from calendars.glance import calendars_glance
        from calendars.selectors import BINDING_KIND, SYNC_KIND
        from core.glance import register as register_glance
        from core.nav import NavEntry, register
        from sync.adapters import ApplicationCalendarAdapter, CalendarAdapter
        from sync.adapters import register as register_adapter

        register_adapter(SYNC_KIND, CalendarAdapter())
        register_adapter(BINDING_KIND, ApplicationCalendarAdapter())
        register(
            NavEntry(
                label="Calendars",
                url_name="calendars:list",
                order=10,
                description="Opening hours, holidays, special days and emergency switches: what callers get.",
            )
        )
        register_glance("calendars", 20, calendars_glance)
