from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "calendars"
    verbose_name = "Business calendars"

    def ready(self) -> None:
        from calendars.glance import calendars_glance
        from calendars.selectors import BINDING_KIND, SYNC_KIND, calendar_list
        from core.glance import register as register_glance
        from core.nav import NavEntry, register
        from sync.adapters import ApplicationCalendarAdapter, CalendarAdapter
        from sync.adapters import register as register_adapter
        from sync.selectors import register_change_visibility

        register_adapter(SYNC_KIND, CalendarAdapter())
        register_adapter(BINDING_KIND, ApplicationCalendarAdapter())
        # The Changes page shows a user the changes of the calendars they may see.
        register_change_visibility(
            (SYNC_KIND, BINDING_KIND), lambda user: calendar_list(user).values_list("pk", flat=True)
        )
        register(
            NavEntry(
                label="Calendars",
                url_name="calendars:list",
                order=10,
                description="Opening hours, holidays, special days and emergency switches: what callers get.",
            )
        )
        register_glance("calendars", 20, calendars_glance)
