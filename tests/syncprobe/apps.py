from django.apps import AppConfig


class SyncprobeConfig(AppConfig):
    """Test-only stand-in for a UCCX-backed domain object (a "probe calendar"), until real ones exist."""

    name = "tests.syncprobe"
    label = "syncprobe"

    def ready(self) -> None:
        from sync.adapters import CalendarAdapter
        from sync.registry import register
        from tests.syncprobe.services import KIND

        register(KIND, CalendarAdapter())
