"""Every client operation against the simulator, over real HTTP."""

import pytest

from uccx_client import (
    UccxClient,
    UccxConflictError,
    UccxNotFoundError,
    UccxValidationError,
)

from .helpers import PROMPT, add_application, calendar_body, nodes_of, recorded


def test_calendar_lifecycle(uccx: UccxClient, uccx_sim) -> None:
    cal_id = uccx.create_calendar(calendar_body("Support"))

    assert isinstance(cal_id, int)
    assert uccx_sim.calendars[cal_id]["name"] == "Support"
    assert uccx.get_calendar(cal_id)["timeZone"] == "Europe/Zurich"
    assert [cal["calId"] for cal in uccx.list_calendars()] == [cal_id]
    assert uccx.find_calendar_by_name("Support")["calId"] == cal_id
    assert uccx.find_calendar_by_name("Sales") is None

    uccx.modify_calendar(cal_id, calendar_body("Support", description="Winter hours"))
    assert uccx_sim.calendars[cal_id]["description"] == "Winter hours"

    uccx.delete_calendar(cal_id)
    assert cal_id not in uccx_sim.calendars
    with pytest.raises(UccxNotFoundError) as caught:
        uccx.get_calendar(cal_id)
    assert caught.value.status == 404
    assert str(cal_id) in caught.value.message


def test_lists_of_one_and_of_many_are_lists(uccx: UccxClient) -> None:
    assert uccx.list_calendars() == []
    uccx.create_calendar(calendar_body("One"))
    one = uccx.list_calendars()  # Jersey sends a single element as a bare object
    assert [cal["name"] for cal in one] == ["One"]
    uccx.create_calendar(calendar_body("Two"))
    assert [cal["name"] for cal in uccx.list_calendars()] == ["One", "Two"]


def test_duplicate_calendar_name_is_a_conflict(uccx: UccxClient) -> None:
    uccx.create_calendar(calendar_body("Support"))
    with pytest.raises(UccxConflictError) as caught:
        uccx.create_calendar(calendar_body("Support"))
    assert caught.value.status == 409
    assert caught.value.message == "A calendar with the name Support already exists."


def test_validation_error_carries_every_uccx_message(uccx: UccxClient, uccx_sim) -> None:
    with pytest.raises(UccxValidationError) as caught:
        uccx.create_calendar(calendar_body("Support", timeZone="Mars/Olympus", calendarType="SOMETIMES"))
    error = caught.value
    assert error.status == 400
    assert error.node == "A"
    assert "Invalid time zone 'Mars/Olympus'" in error.message
    assert "Invalid calendar type 'SOMETIMES'" in error.message
    assert uccx_sim.calendars == {}


def test_delete_of_a_calendar_in_use_needs_forced(uccx: UccxClient, uccx_sim) -> None:
    cal_id = uccx.create_calendar(calendar_body("TeamCalendar"))
    application = add_application(uccx_sim, "TeamCalendar")
    with pytest.raises(UccxValidationError) as caught:
        uccx.delete_calendar(cal_id)
    assert application in caught.value.message
    uccx.delete_calendar(cal_id, forced=True)
    assert cal_id not in uccx_sim.calendars


@pytest.mark.parametrize(
    ("exists", "upload", "download", "delete", "listing", "kind"),
    [
        ("prompt_exists", "upload_prompt", "download_prompt", "delete_prompt", "list_prompts", "prompt"),
        (
            "document_exists",
            "upload_document",
            "download_document",
            "delete_document",
            "list_documents",
            "document",
        ),
    ],
)
def test_repository_file_lifecycle(
    uccx: UccxClient, uccx_sim, exists, upload, download, delete, listing, kind
):
    path = "en_US/holidays/xmas.wav"
    assert getattr(uccx, exists)(path) is False

    getattr(uccx, upload)(path, PROMPT)

    # Two steps, both on the master: upload to its temporary folder, then store from there; the missing
    # folder is created first (Cisco's API stores only into an existing folder).
    assert nodes_of(uccx_sim, "POST", f"/adminapi/{kind}/uploadFile") == ["A"]
    folder_create, store = recorded(uccx_sim, "POST", f"/adminapi/{kind}")
    assert b'"FolderName": "holidays"' in folder_create.body
    assert b'"FileName": "xmas.wav"' in store.body
    assert store.node == "A"
    assert getattr(uccx, exists)(path) is True
    assert getattr(uccx, download)(path) == PROMPT
    holidays = getattr(uccx, listing)("en_US/holidays")
    assert [(entry["type"], entry["FileName"]) for entry in holidays] == [("file", "xmas.wav")]
    root = getattr(uccx, listing)()
    assert ("folder", "en_US") in [(entry["type"], entry.get("FolderName")) for entry in root]

    with pytest.raises(UccxConflictError):
        getattr(uccx, upload)(path, PROMPT)

    getattr(uccx, delete)(path)
    assert getattr(uccx, exists)(path) is False
    with pytest.raises(UccxNotFoundError):
        getattr(uccx, download)(path)
    with pytest.raises(UccxNotFoundError):
        getattr(uccx, delete)(path)


def test_prompt_names_are_url_encoded(uccx: UccxClient, uccx_sim) -> None:
    path = "en_US/Sales + Support/welcome 1.wav"
    uccx.upload_prompt(path, PROMPT)
    assert uccx.prompt_exists(path)
    assert uccx.download_prompt(path) == PROMPT
    assert recorded(uccx_sim, "GET", "/adminapi/prompt/download/en_US/Sales%20%2B%20Support/welcome%201.wav")


def test_bad_prompt_is_refused_with_uccx_message(uccx: UccxClient, uccx_sim) -> None:
    with pytest.raises(UccxValidationError) as caught:
        uccx.upload_prompt("en_US/noise.wav", b"RIFF-not-really-a-wave")
    assert "not a RIFF WAVE file" in caught.value.message
    assert not uccx.prompt_exists("en_US/noise.wav")


@pytest.mark.parametrize("path", ["", "xmas.wav", "en_US/../secret.wav", "en_US\\x.wav"])
def test_bad_repository_paths_never_reach_uccx(uccx: UccxClient, uccx_sim, path: str) -> None:
    with pytest.raises(UccxValidationError):
        uccx.upload_prompt(path, PROMPT)
    assert uccx_sim.requests == []


def test_application_get_and_modify(uccx: UccxClient, uccx_sim) -> None:
    uccx.create_calendar(calendar_body("Holidays"))
    name = add_application(uccx_sim, "Holidays")
    application = uccx.get_application(name)
    params = application["ScriptApplication"]["scriptParams"]
    params = params if isinstance(params, list) else [params]
    calendar_param = next(p for p in params if p["type"] == "com.cisco.cccalendar.CCCalendar")

    uccx.create_calendar(calendar_body("Summer"))
    calendar_param["value"] = '"Summer"'
    application["ScriptApplication"]["scriptParams"] = params
    uccx.modify_application(name, application)

    stored = uccx.get_application(name)["ScriptApplication"]["scriptParams"]
    stored = stored if isinstance(stored, list) else [stored]
    assert {p["name"]: p["value"] for p in stored}[calendar_param["name"]] == '"Summer"'
    with pytest.raises(UccxNotFoundError):
        uccx.get_application("No Such App")


def test_teams_list_and_get(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.add_team(1, "Support", "sjefferson", resources=["agent1"])
    assert [team["teamName"] for team in uccx.list_teams()] == ["Support"]  # a single team: still a list
    uccx_sim.add_team(2, "Sales", "mlee", secondary_supervisors=["ahall", "bking"])

    assert [team["teamId"] for team in uccx.list_teams()] == [1, 2]
    sales = uccx.get_team(2)
    assert sales["primarySupervisor"]["name"] == "mlee"  # the @name attribute reads as a plain key
    assert [s["name"] for s in sales["secondarySupervisors"]["secondarySupervisor"]] == ["ahall", "bking"]
    with pytest.raises(UccxNotFoundError):
        uccx.get_team(99)


def test_every_prompt_and_document_path_in_one_request(uccx: UccxClient, uccx_sim) -> None:
    uccx_sim.add_file("prompt", "en_US/welcome.wav", PROMPT)
    assert uccx.list_prompt_paths() == ["en_US/welcome.wav"]  # a single entry: still a list
    uccx_sim.add_file("prompt", "en_US/holidays/xmas.wav", PROMPT)
    uccx_sim.add_file("document", "en_US/vip.xml", b"<vip/>")
    uccx_sim.clear_requests()

    assert sorted(uccx.list_prompt_paths()) == ["en_US/holidays/xmas.wav", "en_US/welcome.wav"]
    assert uccx.list_document_paths() == ["en_US/vip.xml"]
    assert [(r.method, r.path) for r in uccx_sim.requests] == [
        ("GET", "/adminapi/files/prompts"),
        ("GET", "/adminapi/files/documents"),
    ]


def test_applications_list_leaves_parameters_at_their_default_out(uccx: UccxClient, uccx_sim) -> None:
    name = add_application(uccx_sim, "Support")
    assert [app["applicationName"] for app in uccx.list_applications()] == [name]
    assert [p["name"] for p in uccx.list_applications()[0]["ScriptApplication"]["scriptParams"]] == [
        "BusinessHours",
        "Queue",
    ]
