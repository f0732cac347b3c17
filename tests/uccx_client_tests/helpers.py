"""Shared helpers for the UCCX client tests."""

import time
from collections.abc import Callable
from typing import Any

from uccx_simulator.seed import script_application
from uccx_simulator.wav import build_wav

USERNAME = "administrator"
PASSWORD = "ciscopsdt"
# Short enough that failover tests stay quick, long enough for a loaded CI machine.
TIMEOUT = 1.0
PROMPT = build_wav(b"\x7f" * 400)


def calendar_body(name: str = "Support", **changes: Any) -> dict[str, Any]:
    """A valid FLEXIBLEHOURS calendar, as the shared interface shows it."""
    return {
        "name": name,
        "description": "Opening hours",
        "timeZone": "Europe/Zurich",
        "calendarType": "FLEXIBLEHOURS",
        "businessDays": {
            "businessDay": [
                {
                    "dayOfWeek": "MON",
                    "intervals": {
                        "interval": [{"name": "Morning", "startTime": "08:00", "endTime": "12:00"}]
                    },
                }
            ]
        },
        "holidays": {"holiday": [{"name": "Christmas", "date": "2026-12-25"}]},
        **changes,
    }


def recorded(sim: Any, method: str, path: str) -> list[Any]:
    """The requests the simulator received with this method and exact path."""
    return [r for r in sim.requests if r.method == method and r.path == path]


def nodes_of(sim: Any, method: str, path: str) -> list[str]:
    return [r.node for r in recorded(sim, method, path)]


def wait_for(condition: Callable[[], Any], timeout: float = 5.0, step: float = 0.02) -> Any:
    """Poll `condition` until it is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(step)


def add_application(sim: Any, calendar_name: str, name: str = "Support Line") -> str:
    """Store an application whose CCCalendar script parameter names `calendar_name`; returns its name."""
    params = [
        ("BusinessHours", f'"{calendar_name}"', "com.cisco.cccalendar.CCCalendar"),
        ("Queue", '"csq1"', "java.lang.String"),
    ]
    sim.add_application(script_application(7, name, "support.aef", params))
    return name
