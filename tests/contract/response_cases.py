"""The response samples, each with the request the simulator answers in its shape and the client call
that reads it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from uccx_client import UccxClient, UccxNotFoundError, UccxValidationError

from .samples import Uccx


@dataclass(frozen=True)
class ResponseCase:
    sample: str
    method: str
    path: str
    status: int
    setup: Callable[[Uccx], None] = lambda uccx: None
    may_lack: str = ""  # what the simulator does not model
    may_add: str = ""  # what the cut sample does not show
    root: str = ""  # the simulator's root element when the sample's differs (and why)
    client_reads: Callable[[UccxClient], Any] | None = None
    client_check: Callable[[Any], None] = lambda result: None
    client_path: str = ""


def _calendar1(uccx: Uccx) -> None:
    assert uccx.send_sample("POST", "/adminapi/calendar", "calendar-create.xml").status_code == 201


def _calendar1_with_applications(uccx: Uccx) -> None:
    _calendar1(uccx)
    uccx.bound_applications("Calendar1")


def _test_calendar_with_applications(uccx: Uccx) -> None:
    uccx.calendar("TestCalendar", description="")
    uccx.bound_applications("TestCalendar")


def _application_prompts(uccx: Uccx) -> None:
    uccx.application("ICDSystemApp7", 19, "SCRIPT[icd.aef]", [])
    uccx.sim.add_file("prompt", "en_US/prompt1.wav", b"RIFF")
    uccx.folder("prompt", "/", "en_AU")
    body = {"Prompt": [{"Path": "en_US/prompt1.wav", "Type": "file"}, {"Path": "en_AU", "Type": "folder"}]}
    assert uccx.call("PUT", "/adminapi/application/ICDSystemApp7/prompts", json=body).status_code == 200


def _check_calendar1(calendar: dict[str, Any]) -> None:
    assert calendar["calId"] == 1
    assert calendar["name"] == "Calendar1"
    days = calendar["businessDays"]["businessDay"]
    assert [day["dayOfWeek"] for day in days] == ["SUN", "MON"]
    assert days[0]["intervals"]["interval"][1] == {
        "name": "AfternoonShift",
        "startTime": "14:00",
        "endTime": "19:00",
    }


def _check_summary(calendars: list[dict[str, Any]]) -> None:
    (calendar,) = calendars  # Cisco's "........" placeholder is no calendar
    assert (calendar["calId"], calendar["holidaysConfigured"], calendar["customBusinessDaysConfigured"]) == (
        1, True, False,
    )  # fmt: skip
    applications = calendar["applications"]["application"]
    assert [app.get("@name") for app in applications] == ["TestApplication", "TestApp2"]


def _check_associations(calendars: list[dict[str, Any]]) -> None:
    (calendar,) = calendars
    assert (calendar["calId"], calendar["description"], calendar["calendarType"]) == (19, "", "FULLTIME")
    assert calendar["businessDays"] == {"businessDay": []}
    assert len(calendar["associations"]["applications"]["application"]) == 2


def _check_plain_application(application: dict[str, Any]) -> None:
    assert (application["id"], application["enabled"], application["maxsession"]) == (1, True, 10)
    assert application["ScriptApplication"] == {"script": "aa.aef", "scriptParams": []}


def _check_all_params(application: dict[str, Any]) -> None:
    params = application["ScriptApplication"]["scriptParams"]
    assert [p["name"] for p in params] == [
        "CSQ",
        "customer_Id",
        "customer_email",
        "DelayWhileQueued",
        "WelcomePrompt",
    ]
    assert [p.get("isDefaultValue", False) for p in params] == [False, False, False, True, True]
    assert params[0]["value"] == '"csq1"'


def _check_listing(kind: str) -> Callable[[list[dict[str, Any]]], None]:
    def check(entries: list[dict[str, Any]]) -> None:
        (entry,) = entries
        assert entry["type"] == "folder"
        assert entry["FolderName"] == f"FTCustom{kind}F11363861050449"
        assert entry["Details"]["modifiedBy"] == "Administrator"

    return check


def _raises(error: type[Exception], text: str) -> Callable[[UccxClient], Any]:
    def read(client: UccxClient) -> Any:
        with pytest.raises(error) as caught:
            client.delete_calendar(1)
        assert text in caught.value.message
        return caught.value

    return read


def _check_team(team: dict[str, Any]) -> None:
    assert (team["teamId"], team["teamName"], team["primarySupervisor"]["name"]) == (
        27,
        "TeamTest12",
        "atagent2",
    )
    assert [s["name"] for s in team["secondarySupervisors"]["secondarySupervisor"]] == ["atagent1"]


RESPONSES = [
    ResponseCase(
        # No Get Team sample survives; the create sample is its shape (UCCX lists no resources in a team).
        "team-create.xml",
        "GET",
        "/adminapi/team/1",
        200,
        setup=lambda uccx: uccx.send_sample("POST", "/adminapi/team", "team-create.xml"),
        may_lack=r"/resources",
        client_reads=lambda client: client.get_team(27),
        client_check=_check_team,
        client_path="/adminapi/team/27",
    ),
    ResponseCase(
        "calendar-get.xml",
        "GET",
        "/adminapi/calendar/1",
        200,
        setup=_calendar1,
        client_reads=lambda client: client.get_calendar(1),
        client_check=_check_calendar1,
        client_path="/adminapi/calendar/1",
    ),
    ResponseCase(
        "calendar-list.xml",
        "GET",
        "/adminapi/calendar",
        200,
        setup=_calendar1,
        may_add=r"/calendar/holidays",  # the stored sample was cut inside <holidays>
        client_reads=lambda client: client.list_calendars(),
        client_check=lambda cals: _check_calendar1(cals[0]),
        client_path="/adminapi/calendar",
    ),
    ResponseCase(
        "calendar-list-summary.xml",
        "GET",
        "/adminapi/calendar?detail=brief",
        200,
        setup=_calendar1_with_applications,
        client_reads=lambda client: client.list_calendars(brief=True),
        client_check=_check_summary,
        client_path="/adminapi/calendar?detail=brief",
    ),
    ResponseCase(
        "calendar-list-with-associations.xml",
        "GET",
        "/adminapi/calendar?withAssociations",
        200,
        setup=_test_calendar_with_applications,
        may_lack=r"/calendar/associations/chatWidgets/",  # the simulator has no chat widgets
        client_reads=lambda client: client.list_calendars(with_associations=True),
        client_check=_check_associations,
        client_path="/adminapi/calendar?withAssociations",
    ),
    ResponseCase(
        "application-get.xml",
        "GET",
        "/adminapi/application/Auto_Sanity_App_AA",
        200,
        setup=lambda uccx: uccx.sim.add_application(
            {
                "ScriptApplication": {"script": "aa.aef", "scriptParams": []},
                "id": 1,
                "applicationName": "Auto_Sanity_App_AA",
                "type": "Cisco Script Application",
                "description": "Automated test application for AA",
                "maxsession": 10,
                "enabled": True,
            }
        ),
        client_reads=lambda client: client.get_application("Auto_Sanity_App_AA"),
        client_check=_check_plain_application,
        client_path="/adminapi/application/Auto_Sanity_App_AA",
    ),
    ResponseCase(
        "application-get-allScriptParams.xml",
        "GET",
        "/adminapi/application/ICDSystemApp7?allScriptParams",
        200,
        setup=lambda uccx: uccx.application(
            "ICDSystemApp7",
            19,
            "SCRIPT[WXM_EmailSurvey.aef]",
            [
                {"name": "CSQ", "value": '"csq1"', "type": "java.lang.String"},
                {"name": "customer_Id", "value": '"Michael Littlefoot"', "type": "java.lang.String"},
                {"name": "customer_email", "value": '"username@example.com"', "type": "java.lang.String"},
                {
                    "name": "DelayWhileQueued",
                    "value": "30",
                    "type": "java.lang.Integer",
                    "isDefaultValue": True,
                },
                {
                    "name": "WelcomePrompt",
                    "value": r"SP[ICD\ICDWelcome.wav]",
                    "type": "com.cisco.prompt.Playable",
                    "isDefaultValue": True,
                },
            ],
        ),
        may_add=r"/(id|applicationName|type|description|maxsession|enabled)$",  # cut before these
        client_reads=lambda client: client.get_application("ICDSystemApp7", all_script_params=True),
        client_check=_check_all_params,
        client_path="/adminapi/application/ICDSystemApp7?allScriptParams",
    ),
    ResponseCase(
        "application-prompts-get.xml",
        "GET",
        "/adminapi/application/ICDSystemApp7/prompts",
        200,
        setup=_application_prompts,
        client_reads=lambda client: client.get_application_prompts("ICDSystemApp7"),
        client_check=lambda prompts: (
            (prompts == [{"Path": "en_US/prompt1.wav", "Type": "file"}, {"Path": "en_AU", "Type": "folder"}])
            or pytest.fail(f"prompts read as {prompts}")
        ),
        client_path="/adminapi/application/ICDSystemApp7/prompts",
    ),
    ResponseCase(
        "document-list.xml",
        "GET",
        "/adminapi/document/default/",
        200,
        setup=lambda uccx: (
            uccx.folder("document", "/", "default"),
            uccx.folder("document", "/default", "FTCustomDocF11363861050449"),
        ),
        client_reads=lambda client: client.list_documents("default"),
        client_check=_check_listing("Script"),
        client_path="/adminapi/document/default/",
    ),
    ResponseCase(
        "script-list.xml",
        "GET",
        "/adminapi/script/default/",
        200,
        setup=lambda uccx: uccx.folder("script", "/default", "FTCustomScriptF11363861050449"),
        root="Files",  # the sample prints <files>; real servers answer <Files> (uccx-adminapi.md 2.4)
        client_reads=lambda client: client.list_scripts("default"),
        client_check=_check_listing("Script"),
        client_path="/adminapi/script/default/",
    ),
    ResponseCase(
        "calendar-delete-error.xml",
        "DELETE",
        "/adminapi/calendar/1",
        400,
        setup=_calendar1_with_applications,
        client_reads=_raises(UccxValidationError, "Unable to delete calendar as applications [App1, App2]"),
        client_path="/adminapi/calendar/1",
    ),
    ResponseCase(
        "csq-resource-delete-error.xml",
        "GET",
        "/adminapi/application/sjefferson",
        404,
        client_reads=_raises(UccxNotFoundError, "Resource sjefferson not part of CSQ 1."),
        client_path="/adminapi/calendar/1",
    ),
    ResponseCase(
        "apierrors-template.xml",
        "GET",
        "/adminapi/calendar/x",
        400,
        client_reads=_raises(UccxValidationError, "{error message}"),
        client_path="/adminapi/calendar/1",
    ),
]
