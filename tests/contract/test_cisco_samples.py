"""Cisco's published adminapi samples (`cisco-samples/`, provenance in its SOURCES.md) as a contract.

- The simulator accepts every request sample.
- The simulator answers in the shape of every response sample: the same element names, nesting and leaf
  types (number, true/false, text), in XML and in JSON.
- The client reads every response sample, served as a real server sends it: XML, and the JSON form of
  UCCX's Jersey mapping (one-element lists as bare objects, every value a string).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from uccx_client import UccxClient, UccxNotFoundError, UccxValidationError
from uccx_client.shapes import xml_to_data
from uccx_simulator import Simulator
from uccx_simulator.transport import Listener, Request, Response

SAMPLES = Path(__file__).parent / "cisco-samples"
AUTH = ("administrator", "ciscopsdt")
PLACEHOLDER = "........"  # Cisco's "and more calendars" stand-in in calendar-list-summary.xml
CCCALENDAR = "com.cisco.cccalendar.CCCalendar"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_every_sample_is_covered() -> None:
    covered = {case.sample for case in REQUESTS} | {case.sample for case in RESPONSES}
    assert covered == {path.name for path in SAMPLES.glob("*.xml")}
    assert (SAMPLES / "SOURCES.md").exists()


# --- shapes -------------------------------------------------------------------------------------------


def _kind(text: str) -> str:
    text = text.strip()
    if not text:
        return "empty"
    if text.startswith("{") and text.endswith("}"):
        return "any"  # a template placeholder such as {id}
    if text.lower() in ("true", "false"):
        return "bool"
    if re.fullmatch(r"-?\d+", text):
        return "int"
    return "text"


Shape = dict[str, set[str]]  # element path (root dropped) -> kinds of what it holds


def xml_shape(element: ET.Element, prefix: str = "", shape: Shape | None = None) -> Shape:
    shape = {} if shape is None else shape
    for name in element.attrib if prefix else ():  # the root's are schema hints (xsi:...), not data
        shape.setdefault(f"{prefix}/@{name.rsplit('}', 1)[-1]}", set()).add("text")
    for child in element:
        if (child.text or "").strip().startswith(PLACEHOLDER):
            continue
        path = f"{prefix}/{child.tag}"
        is_object = len(child) > 0 or bool(child.attrib)
        shape.setdefault(path, set()).add("object" if is_object else _kind(child.text or ""))
        xml_shape(child, path, shape)
    return shape


def json_shape(value: Any, prefix: str = "", shape: Shape | None = None) -> Shape:
    shape = {} if shape is None else shape
    for key, item in value.items():
        for element in item if isinstance(item, list) else [item]:
            path = f"{prefix}/{key}"
            if isinstance(element, dict):
                shape.setdefault(path, set()).add("object")
                json_shape(element, path, shape)
            elif element is None:
                shape.setdefault(path, set()).add("empty")
            else:
                text = str(element).lower() if isinstance(element, bool) else str(element)
                shape.setdefault(path, set()).add(_kind(text))
    return shape


def compare(expected: Shape, actual: Shape, *, may_lack: str = "", may_add: str = "") -> list[str]:
    """What differs between the sample's shape and the simulator's; `may_lack` / `may_add` are regexes
    of paths the simulator may leave out (it does not model them) or add (the sample was cut)."""
    problems = []
    for path, kinds in sorted(expected.items()):
        if path not in actual:
            if not (may_lack and re.match(may_lack, path)):
                problems.append(f"missing {path}")
            continue
        wanted, got = kinds - {"empty", "any"}, actual[path] - {"empty"}
        if wanted and got and wanted != got:
            problems.append(f"{path}: sample has {sorted(wanted)}, simulator {sorted(got)}")
    for path in sorted(set(actual) - set(expected)):
        if "@" in path.rsplit("/", 1)[-1] and path.rsplit("/", 1)[0] in expected:
            problems.append(f"extra attribute {path}")
        elif not (may_add and re.match(may_add, path)):
            problems.append(f"extra {path}")
    return problems


# --- the simulator accepts every request sample --------------------------------------------------------


class Uccx:
    def __init__(self, sim: Simulator) -> None:
        self.sim = sim

    def call(self, method: str, path: str, *, fmt: str = "xml", **kwargs: Any) -> requests.Response:
        accept = {"Accept": f"application/{fmt}"}
        return requests.request(
            method, self.sim.url("A") + path, auth=AUTH, headers={**accept, **kwargs.pop("headers", {})},
            timeout=10, **kwargs,
        )  # fmt: skip

    def send_sample(self, method: str, path: str, name: str) -> requests.Response:
        return self.call(method, path, data=sample(name), headers={"Content-Type": "application/xml"})

    def folder(self, repo: str, parent: str, name: str) -> None:
        title = repo.capitalize()
        body = {title: {"Folder": {"path": parent, "FolderName": name}}}
        assert self.call("POST", f"/adminapi/{repo}", json=body).status_code == 201

    def calendar(self, name: str, **fields: Any) -> None:
        body = {"name": name, "timeZone": "Asia/Kolkata", "calendarType": "FULLTIME", **fields}
        assert self.call("POST", "/adminapi/calendar", json=body).status_code == 201

    def application(self, name: str, app_id: int, script: str, params: list[dict[str, Any]]) -> None:
        self.sim.add_application(
            {
                "ScriptApplication": {"script": script, "scriptParams": params},
                "id": app_id,
                "applicationName": name,
                "type": "Cisco Script Application",
                "description": f"{name} description",
                "maxsession": 10,
                "enabled": True,
            }
        )

    def bound_applications(self, calendar: str) -> None:
        for app_id, name in enumerate(("TestApplication", "TestApp2"), start=1):
            self.application(
                name, app_id, "SCRIPT[icd.aef]", [{"name": "Hours", "value": calendar, "type": CCCALENDAR}]
            )


@pytest.fixture
def uccx(uccx_sim: Simulator) -> Uccx:
    uccx_sim.set_quirks(False)  # shapes compare lists as lists; the client cases cover the quirks
    return Uccx(uccx_sim)


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


@pytest.mark.parametrize("case", REQUESTS, ids=lambda case: case.sample)
def test_the_simulator_accepts_every_request_sample(uccx: Uccx, case: RequestCase) -> None:
    case.setup(uccx)
    response = uccx.send_sample(case.method, case.path, case.sample)
    assert response.status_code == case.status, response.text
    if case.status == 201:
        assert response.headers["Location"].startswith(uccx.sim.url("A") + "/adminapi/")
    case.check(uccx.sim)


def test_the_folder_of_prompt_create_folder_exists_afterwards(uccx: Uccx) -> None:
    uccx.folder("prompt", "/", "FTCustomPromptLanguage1")
    assert uccx.send_sample("POST", "/adminapi/prompt", "prompt-create-folder.xml").status_code == 201
    listing = uccx.call("GET", "/adminapi/prompt/FTCustomPromptLanguage1/FTCustomPromptFolder1/")
    assert listing.status_code == 200


# --- the simulator answers in the shape of every response sample ---------------------------------------


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


@pytest.mark.parametrize("case", RESPONSES, ids=lambda case: case.sample)
def test_the_simulator_answers_in_the_shape_of_every_response_sample(uccx: Uccx, case: ResponseCase) -> None:
    case.setup(uccx)
    expected_root = ET.fromstring(sample(case.sample))
    expected = xml_shape(expected_root)

    as_xml = uccx.call(case.method, case.path)
    assert as_xml.status_code == case.status, as_xml.text
    root = ET.fromstring(as_xml.content)
    assert root.tag == (case.root or expected_root.tag)
    assert compare(expected, xml_shape(root), may_lack=case.may_lack, may_add=case.may_add) == []

    if case.method == "DELETE":  # the refused delete changed nothing: ask again for the JSON form
        assert uccx.sim.calendars
    as_json = uccx.call(case.method, case.path, fmt="json")
    assert as_json.status_code == case.status, as_json.text
    assert compare(expected, json_shape(as_json.json()), may_lack=case.may_lack, may_add=case.may_add) == []


# --- the client reads every response sample -------------------------------------------------------------


@dataclass
class CannedUccx:
    """One UCCX node that answers every request with one sample (XML, or its Jersey JSON form)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/xml"
    paths: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> Response:
        self.paths.append(request.path + (f"?{request.query}" if request.query else ""))
        return Response(self.status, self.body, self.content_type)


@pytest.fixture(scope="module")
def canned() -> Iterator[tuple[CannedUccx, UccxClient]]:
    app = CannedUccx()
    listener = Listener("127.0.0.1", 0, app)
    listener.start()
    client = UccxClient(f"http://127.0.0.1:{listener.port}", "", username="u", password="p", timeout=5)
    yield app, client
    client.close()
    listener.stop()


def jersey_json(xml: bytes) -> bytes:
    """The sample as UCCX's Jersey JSON mapping sends it: root dropped, every value a string, a single
    element as a bare object."""
    root = ET.fromstring(xml)
    for element in list(root.iter()):
        for child in list(element):
            if (child.text or "").strip().startswith(PLACEHOLDER):
                element.remove(child)
    return json.dumps(xml_to_data(ET.tostring(root))).encode()


@pytest.mark.parametrize("as_json", [False, True], ids=["xml", "json"])
@pytest.mark.parametrize("case", RESPONSES, ids=lambda case: case.sample)
def test_the_client_reads_every_response_sample(canned, case: ResponseCase, as_json: bool) -> None:
    app, client = canned
    app.status, app.paths = case.status, []
    app.body = jersey_json(sample(case.sample)) if as_json else sample(case.sample)
    app.content_type = "application/json" if as_json else "application/xml"
    assert case.client_reads is not None
    result = case.client_reads(client)
    case.client_check(result)
    assert app.paths[-1] == case.client_path
