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


class ProbeGreeting(models.Model):
    """A greeting recording: a prompt file in UCCX, played by SupportApp's `WelcomePrompt` parameter.

    Each version is other audio, so tests can see which one UCCX holds; the parameter names the file, so
    it is declared after the file's change (UCCX must have the file before a script plays it).
    """

    name = models.CharField(max_length=30, unique=True)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        return f"en_US/probe/{self.name}.wav"

    def audio(self) -> bytes:
        from uccx_simulator.wav import build_wav

        return build_wav(bytes([self.version % 256]) * (800 + self.version))
