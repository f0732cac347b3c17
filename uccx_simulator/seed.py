"""Demo data for `--seed-demo`: teams with supervisors, applications with script parameters, prompts."""

from __future__ import annotations

from .store import ConfigStore, split_path
from .validation import CCCALENDAR_TYPE, clean_calendar
from .wav import ALAW, MULAW, build_wav

PLAYABLE_TYPE = "com.cisco.prompt.Playable"
STRING_TYPE = "java.lang.String"


def script_application(
    app_id: int, name: str, script: str, params: list[tuple[str, str, str]], defaults=()
) -> dict:
    """A Cisco Script Application body as UCCX stores it (the demo's, and tests'): `params` are (name,
    value, type); `defaults` names parameters still at their script default (a plain GET leaves them
    out)."""
    return {
        "ScriptApplication": {
            "script": f"SCRIPT[{script}]",
            "defaultScript": "",
            "scriptParams": [
                {"name": n, "value": v, "type": t, **({"isDefaultValue": True} if n in defaults else {})}
                for n, v, t in params
            ],
        },
        "id": app_id,
        "applicationName": name,
        "type": "Cisco Script Application",
        "description": name,
        "maxsession": 100,
        "enabled": True,
    }


def seed_demo(store: ConfigStore) -> None:
    """Fill the store with a small, consistent demo configuration."""
    teams = [
        (1, "Support", "supervisor", ["alice"], ["agent1", "agent2"]),
        (2, "Sales", "alice", ["bob"], ["agent3"]),
        (3, "Billing", "bob", [], ["agent4"]),
    ]
    for team_id, name, primary, secondaries, resources in teams:
        store.add_team(
            {
                "teamId": team_id,
                "teamName": name,
                "primarySupervisor": primary,
                "secondarySupervisors": secondaries,
                "resources": resources,
            }
        )
    week = [{"name": "Day", "startTime": "08:00", "endTime": "17:00"}]
    store.create_calendar(
        clean_calendar(
            {
                "name": "Support Hours",
                "description": "Support hotline opening hours",
                "timeZone": "Europe/Zurich",
                "calendarType": "FLEXIBLEHOURS",
                "businessDays": {
                    "businessDay": [
                        {"dayOfWeek": day, "intervals": {"interval": week}}
                        for day in ("MON", "TUE", "WED", "THU", "FRI")
                    ]
                },
                "holidays": {"holiday": [{"name": "Christmas", "date": "2026-12-25"}]},
            }
        )
    )
    store.add_application(
        script_application(
            1,
            "SupportApp",
            "support.aef",
            [
                ("BusinessHours", "Support Hours", CCCALENDAR_TYPE),
                ("WelcomePrompt", "P[welcome.wav]", PLAYABLE_TYPE),
                ("ClosedPrompt", "P[closed.wav]", PLAYABLE_TYPE),
                ("QueueName", '"Support"', STRING_TYPE),
            ],
            defaults=("ClosedPrompt", "QueueName"),
        )
    )
    store.add_application(
        script_application(
            2, "SalesApp", "sales.aef", [("WelcomePrompt", "P[sales/welcome.wav]", PLAYABLE_TYPE)]
        )
    )
    prompts = {
        "en_US/welcome.wav": build_wav(),
        "en_US/closed.wav": build_wav(format_tag=ALAW),
        "en_US/holidays/xmas.wav": build_wav(b"\x7f" * 1600, format_tag=MULAW),
        "en_US/sales/welcome.wav": build_wav(),
    }
    with store.lock:
        for path, data in prompts.items():
            store.repository("prompt").put(split_path(path), data, "administrator")
