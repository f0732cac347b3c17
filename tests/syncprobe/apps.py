from django.apps import AppConfig


class SyncprobeConfig(AppConfig):
    """Test-only stand-in for a UCCX-backed domain object (a "probe calendar"), until real ones exist."""

    name = "tests.syncprobe"
    label = "syncprobe"

    def ready(self) -> None:
        from sync.adapters import ApplicationParameterAdapter, CalendarAdapter, PromptAdapter, register
        from tests.syncprobe.services import GREETING_KIND, GREETING_PARAMETER_KIND, KIND

        register(KIND, CalendarAdapter())
        register(GREETING_KIND, PromptAdapter())
        register(GREETING_PARAMETER_KIND, ApplicationParameterAdapter())
