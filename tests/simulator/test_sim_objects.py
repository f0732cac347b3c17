"""Applications, teams, calendar associations, content negotiation and the Jersey JSON quirks."""

import xml.etree.ElementTree as ET

import pytest

from uccx_simulator.representation import as_list

from .helpers import api_errors, calendar, error_text


@pytest.fixture
def seeded(uccx):
    uccx.sim.seed_demo()
    return uccx


def support_app(uccx) -> dict:
    response = uccx.get("/adminapi/application/SupportApp")
    assert response.status_code == 200
    return response.json()


def test_teams_list_and_get(seeded):
    teams = seeded.get("/adminapi/team").json()["team"]
    team = seeded.get("/adminapi/team/1").json()

    assert [t["teamname"] for t in teams] == ["Support", "Sales", "Billing"]  # as real UCCX spells it
    assert team["teamId"] == 1
    assert team["self"] == seeded.sim.url("A") + "/adminapi/team/1"
    assert team["primarySupervisor"] == {
        "@name": "supervisor",
        "refURL": seeded.sim.url("A") + "/adminapi/resource/supervisor",
    }
    assert as_list(team["secondarySupervisors"]["secondrySupervisor"])[0]["@name"] == "alice"
    assert "resources" not in team


def test_team_in_xml_carries_name_attributes(seeded):
    root = ET.fromstring(seeded.get("/adminapi/team/2", fmt="xml").content)

    assert root.tag == "team"
    assert root.findtext("teamname") == "Sales"
    assert root.find("primarySupervisor").get("name") == "alice"
    assert root.find("secondarySupervisors/secondrySupervisor").get("name") == "bob"


def test_unknown_team_is_404(seeded):
    assert seeded.get("/adminapi/team/99").status_code == 404
    assert seeded.get("/adminapi/team/x").status_code == 400


def test_application_list_and_get(seeded):
    names = [a["applicationName"] for a in seeded.get("/adminapi/application").json()["application"]]
    app = support_app(seeded)

    assert names == ["SalesApp", "SupportApp"]
    assert app["self"] == seeded.sim.url("A") + "/adminapi/application/SupportApp"
    params = {p["name"]: p for p in app["ScriptApplication"]["scriptParams"]}
    assert params["BusinessHours"] == {
        "name": "BusinessHours",
        "value": "Support Hours",
        "type": "com.cisco.cccalendar.CCCalendar",
    }
    assert params["WelcomePrompt"]["type"] == "com.cisco.prompt.Playable"
    assert seeded.get("/adminapi/application/Nope").status_code == 404


def test_application_put_is_a_full_replacement(seeded):
    app = support_app(seeded)
    other = seeded.create_calendar(calendar(name="Holiday Hours"))
    app["ScriptApplication"]["scriptParams"] = [
        {"name": "BusinessHours", "value": str(other), "type": "com.cisco.cccalendar.CCCalendar"}
    ]

    response = seeded.put("/adminapi/application/SupportApp", json=app)

    assert response.status_code == 200, response.text
    params = seeded.sim.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    # Left out: WelcomePrompt is gone, ClosedPrompt and QueueName are back at their script defaults.
    assert [(p["name"], p["value"]) for p in params] == [
        ("BusinessHours", str(other)),
        ("ClosedPrompt", "P[closed.wav]"),
        ("QueueName", '"Support"'),
    ]
    single = support_app(seeded)["ScriptApplication"]["scriptParams"]
    assert single["value"] == str(other)  # one parameter not at its default: a bare object (Jersey quirk)


def test_parameters_at_their_script_default_show_only_with_all_script_params(seeded):
    plain = support_app(seeded)["ScriptApplication"]["scriptParams"]
    everything = seeded.get("/adminapi/application/SupportApp?allScriptParams").json()

    assert [p["name"] for p in plain] == ["BusinessHours", "WelcomePrompt"]
    flagged = {
        p["name"]: p.get("isDefaultValue", False) for p in everything["ScriptApplication"]["scriptParams"]
    }
    assert flagged == {
        "BusinessHours": False,
        "WelcomePrompt": False,
        "ClosedPrompt": True,
        "QueueName": True,
    }


def test_application_put_in_xml(seeded):
    body = (
        "<application><ScriptApplication><script>SCRIPT[support.aef]</script>"
        "<scriptParams><name>BusinessHours</name><value>Support Hours</value>"
        "<type>com.cisco.cccalendar.CCCalendar</type></scriptParams></ScriptApplication>"
        "<id>1</id><applicationName>SupportApp</applicationName><type>Cisco Script Application</type>"
        "<description>x</description><maxsession>5</maxsession><enabled>false</enabled></application>"
    )

    response = seeded.put(
        "/adminapi/application/SupportApp", data=body, headers={"Content-Type": "application/xml"}
    )

    assert response.status_code == 200, response.text
    stored = seeded.sim.applications["SupportApp"]
    assert (stored["maxsession"], stored["enabled"]) == (5, False)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda a: a["ScriptApplication"]["scriptParams"][0].update(value="Nope"), "does not exist"),
        (lambda a: a.update(applicationName="Other"), "cannot be changed"),
        (lambda a: a.update(maxsession=0), "maxsession"),
        (lambda a: a.update(enabled="maybe"), "enabled"),
        (lambda a: a.pop("ScriptApplication"), "Exactly one of"),
        (lambda a: a["ScriptApplication"]["scriptParams"][1].pop("type"), "type"),
    ],
    ids=["unknown calendar", "rename", "maxsession", "enabled", "no kind", "param without type"],
)
def test_application_put_validation(seeded, change, fragment):
    app = support_app(seeded)
    change(app)

    response = seeded.put("/adminapi/application/SupportApp", json=app)

    assert response.status_code == 400
    assert fragment in error_text(response)
    assert len(seeded.sim.applications["SupportApp"]["ScriptApplication"]["scriptParams"]) == 4


def test_application_name_with_space_uses_plus_in_self(seeded):
    app = seeded.sim.applications["SalesApp"]
    app["applicationName"] = "Sales Line"
    seeded.sim.add_application(app)

    listed = seeded.get("/adminapi/application").json()["application"]

    assert seeded.sim.url("A") + "/adminapi/application/Sales+Line" in [a["self"] for a in listed]
    assert seeded.get("/adminapi/application/Sales%20Line").status_code == 200


def test_deleting_a_calendar_used_by_an_application_needs_forced(seeded):
    cal_id = next(iter(seeded.sim.calendars))

    refused = seeded.delete(f"/adminapi/calendar/{cal_id}")
    forced = seeded.delete(f"/adminapi/calendar/{cal_id}?forced")

    assert refused.status_code == 400
    error = api_errors(refused)[0]
    assert error["errorType"] == "400"
    assert error["i18n"]["key"] == "adminapi.calendar.application.association.delete.alert"
    assert "SupportApp" in error["errorMessage"]
    assert forced.status_code == 200
    assert seeded.sim.calendars == {}


def test_quirks_off_keeps_lists(uccx):
    uccx.sim.set_quirks(False)
    uccx.create_calendar(calendar(holidays={"holiday": []}))

    listed = uccx.get("/adminapi/calendar").json()
    missing = uccx.get("/adminapi/calendar/9").json()

    assert isinstance(listed["calendar"], list)
    assert "holidays" not in listed["calendar"][0]  # UCCX leaves an empty holidays list out
    assert isinstance(listed["calendar"][0]["businessDays"]["businessDay"][0]["intervals"]["interval"], list)
    assert isinstance(missing["apiError"], list)
    assert set(missing["apiError"][0]) == {"errorData", "errorMessage", "errorType", "i18n"}


def test_quirks_on_collapse_single_lists_and_drop_empty_ones(uccx):
    uccx.create_calendar(calendar(holidays={"holiday": []}))

    listed = uccx.get("/adminapi/calendar").json()

    assert isinstance(listed["calendar"], dict)
    assert "holidays" not in listed["calendar"]
    assert uccx.get("/adminapi/calendar/9").json()["apiError"]["errorType"] == "Not Found"


def test_json_body_wrapped_in_its_root_is_accepted(uccx):
    assert uccx.post("/adminapi/calendar", json={"calendar": calendar()}).status_code == 201


def test_default_response_format_is_xml(uccx):
    response = uccx.get("/adminapi/calendar", headers={"Accept": "*/*"})

    assert response.headers["Content-Type"].startswith("application/xml")
    assert ET.fromstring(response.content).tag == "calendars"


def test_errors_in_xml_are_apierrors(uccx):
    root = ET.fromstring(uccx.get("/adminapi/calendar/5", fmt="xml").content)

    assert root.tag == "apiErrors"
    assert root.findtext("apiError/errorType") == "Not Found"
    assert root.findtext("apiError/errorData") == "5"


def test_unsupported_accept_is_406(uccx):
    assert uccx.get("/adminapi/calendar", headers={"Accept": "text/html"}).status_code == 406


def test_unsupported_content_type_is_415(uccx):
    response = uccx.post("/adminapi/calendar", data="name=x", headers={"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert uccx.sim.calendars == {}


@pytest.mark.parametrize(
    ("body", "content_type", "fragment"),
    [
        ("{not json", "application/json", "Malformed JSON"),
        ("<calendar><name>x</calendar>", "application/xml", "Malformed XML"),
        ("[1, 2]", "application/json", "must be a calendar object"),
    ],
)
def test_malformed_bodies_are_400(uccx, body, content_type, fragment):
    response = uccx.post("/adminapi/calendar", data=body, headers={"Content-Type": content_type})

    assert response.status_code == 400
    assert fragment in error_text(response)


def test_unknown_resource_is_404_and_wrong_method_405(uccx):
    unknown = uccx.get("/adminapi/widgets")
    wrong = uccx.request("PATCH", "/adminapi/calendar/1")

    assert unknown.status_code == 404
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "DELETE, GET, PUT"
