"""The request samples, each with what the simulator needs first and what it should hold afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from uccx_simulator import Simulator

from .samples import Uccx


@dataclass(frozen=True)
class RequestCase:
    sample: str
    method: str
    path: str
    status: int
    setup: Callable[[Uccx], None] = lambda uccx: None
    check: Callable[[Simulator], None] = lambda sim: None


def _upload(repo: str, folders: list[tuple[str, str]], filename: str) -> Callable[[Uccx], None]:
    def setup(uccx: Uccx) -> None:
        for parent, name in folders:
            uccx.folder(repo, parent, name)
        upload = uccx.call("POST", f"/adminapi/{repo}/uploadFile", files={"file": (filename, b"<vxml/>")})
        assert upload.status_code == 201, upload.text

    return setup


def _created_calendar(sim: Simulator) -> None:
    (calendar,) = sim.calendars.values()
    assert calendar["name"] == "Calendar1"
    assert [day["dayOfWeek"] for day in calendar["businessDays"]["businessDay"]] == ["SUN", "MON"]
    assert calendar["holidays"]["holiday"] == [{"name": "NewYear", "date": "2019-01-01"}]


def _modified_application(sim: Simulator) -> None:
    params = sim.applications["ICDSystemApp7"]["ScriptApplication"]["scriptParams"]
    assert {p["name"]: p["value"] for p in params} == {
        "QueuePrompt": r"SP[ICD\ICDQueue.wav]",
        "CCCalendar": "TeamCalendar",
    }
    assert sim.applications["ICDSystemApp7"]["maxsession"] == 100


def _created_team(sim: Simulator) -> None:
    (team,) = sim.teams.values()
    assert (team["teamName"], team["primarySupervisor"], team["secondarySupervisors"]) == (
        "TeamTest12", "atagent2", ["atagent1"],
    )  # fmt: skip


REQUESTS = [
    RequestCase("calendar-create.xml", "POST", "/adminapi/calendar", 201, check=_created_calendar),
    RequestCase(
        "application-create.xml",
        "POST",
        "/adminapi/application",
        201,
        check=lambda sim: (
            (
                sim.applications["App"]["ScriptApplication"]["scriptParams"]
                == [{"name": "CSQ", "value": '"VoiceCSQ"', "type": "java.lang.String"}]
            )
            or pytest.fail("application App not stored as sent")
        ),
    ),
    RequestCase(
        "application-modify.xml",
        "PUT",
        "/adminapi/application/ICDSystemApp7",
        200,
        setup=lambda uccx: (
            uccx.calendar("TeamCalendar"),
            uccx.application("ICDSystemApp7", 19, "SCRIPT[ICDSystemTestScriptCS7.aef]", []),
        ),
        check=_modified_application,
    ),
    RequestCase("team-create.xml", "POST", "/adminapi/team", 201, check=_created_team),
    RequestCase(
        "prompt-create-folder.xml",
        "POST",
        "/adminapi/prompt",
        201,
        setup=lambda uccx: uccx.folder("prompt", "/", "FTCustomPromptLanguage1"),
        check=lambda sim: None,
    ),
    RequestCase(
        "document-store.xml",
        "POST",
        "/adminapi/document",
        201,
        setup=_upload(
            "document",
            [("/", "FTCustomDocLanguage1"), ("/FTCustomDocLanguage1", "FTCustomDocFolder1")],
            "FTCustomDoc3.vxml",
        ),
        check=lambda sim: (
            "FTCustomDocLanguage1/FTCustomDocFolder1/FTCustomDoc3.vxml" in sim.documents
            or pytest.fail("document not stored")
        ),
    ),
    RequestCase(
        "script-store.xml",
        "POST",
        "/adminapi/script",
        201,
        setup=_upload(
            "script",
            [("/", "FTCustomScriptFolder"), ("/FTCustomScriptFolder", "FTCustomScriptFolder1")],
            "FTCustomScript3.vxml",
        ),
    ),
]
