from django.db import models


class ProbeCalendar(models.Model):
    """Written to UCCX as a calendar whose description carries `version`, so tests can see the order."""

    name = models.CharField(max_length=30, unique=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    def uccx_body(self) -> dict:
        return {
            "name": self.name,
            "description": f"v{self.version}",
            "timeZone": "UTC",
            "calendarType": "FULLTIME",
        }
