"""Calendars over real HTTP: CRUD in JSON and XML, and every validation rule at its edge."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from .helpers import api_errors, calendar, day, error_text, interval


def test_create_answers_201_with_location_and_url_body(uccx):
    response = uccx.post("/adminapi/calendar", json=calendar())

    assert response.status_code == 201
    url = uccx.sim.url("A") + "/adminapi/calendar/1"
    assert response.headers["Location"] == url
    assert response.text == url
    assert uccx.sim.calendars[1]["name"] == "Support"


def test_get_returns_the_jersey_representation(uccx):
    cal_id = uccx.create_calendar(
        calendar(specialDays={"specialDay": [{"name": "Inventory", "date": "2026-12-24"}]})
    )

    body = uccx.get(f"/adminapi/calendar/{cal_id}").json()

    assert body["calId"] == cal_id
    assert body["self"] == f"{uccx.sim.url('A')}/adminapi/calendar/{cal_id}"
    assert body["name"] == "Support"
    assert body["timeZone"] == "Europe/Zurich"
    assert body["calendarType"] == "FLEXIBLEHOURS"
    assert [d["dayOfWeek"] for d in body["businessDays"]["businessDay"]] == ["MON", "TUE"]
    assert body["businessDays"]["businessDay"][0]["intervals"]["interval"] == interval()  # quirk: bare object
    assert body["holidays"]["holiday"] == {"name": "Christmas", "date": "2026-12-25"}
    assert body["specialDays"]["specialDay"]["date"] == "2026-12-24"


def test_list_returns_every_calendar(uccx):
    uccx.create_calendar(calendar(name="One"))
    uccx.create_calendar(calendar(name="Two"))

    body = uccx.get("/adminapi/calendar").json()

    assert [c["name"] for c in body["calendar"]] == ["One", "Two"]
    assert [c["calId"] for c in body["calendar"]] == [1, 2]


def test_get_unknown_calendar_is_404_apierrors(uccx):
    response = uccx.get("/adminapi/calendar/42")

    assert response.status_code == 404
    assert api_errors(response)[0]["errorType"] == "Not Found"
    assert "42" in error_text(response)


def test_non_numeric_id_is_400(uccx):
    assert uccx.get("/adminapi/calendar/abc").status_code == 400


def test_modify_replaces_the_whole_calendar(uccx):
    cal_id = uccx.create_calendar(calendar())

    response = uccx.put(
        f"/adminapi/calendar/{cal_id}",
        json=calendar(name="Renamed", businessDays={"businessDay": [day("FRI")]}),
    )

    assert response.status_code == 200
    stored = uccx.sim.calendars[cal_id]
    assert stored["name"] == "Renamed"
    assert [d["dayOfWeek"] for d in stored["businessDays"]["businessDay"]] == ["FRI"]
    assert stored["holidays"]["holiday"] == [{"name": "Christmas", "date": "2026-12-25"}]


def test_modify_unknown_calendar_is_404(uccx):
    assert uccx.put("/adminapi/calendar/9", json=calendar()).status_code == 404


def test_delete_removes_the_calendar(uccx):
    cal_id = uccx.create_calendar(calendar())

    assert uccx.delete(f"/adminapi/calendar/{cal_id}").status_code == 200
    assert uccx.sim.calendars == {}
    assert uccx.get(f"/adminapi/calendar/{cal_id}").status_code == 404
    assert uccx.delete(f"/adminapi/calendar/{cal_id}").status_code == 404


def test_ids_are_not_reused_after_delete(uccx):
    first = uccx.create_calendar(calendar(name="One"))
    uccx.delete(f"/adminapi/calendar/{first}")

    assert uccx.create_calendar(calendar(name="Two")) == first + 1


def test_duplicate_name_is_409_on_create_and_on_rename(uccx):
    uccx.create_calendar(calendar(name="Support"))
    other = uccx.create_calendar(calendar(name="Sales"))

    created = uccx.post("/adminapi/calendar", json=calendar(name="Support"))
    renamed = uccx.put(f"/adminapi/calendar/{other}", json=calendar(name="Support"))

    assert created.status_code == 409
    assert "already exists" in error_text(created)
    assert renamed.status_code == 409
    assert uccx.sim.calendars[other]["name"] == "Sales"


def test_keeping_its_own_name_on_modify_is_fine(uccx):
    cal_id = uccx.create_calendar(calendar(name="Support"))

    assert (
        uccx.put(f"/adminapi/calendar/{cal_id}", json=calendar(name="Support", description="x")).status_code
        == 200
    )


def test_xml_create_and_get(uccx):
    body = (
        "<calendar><name>Xml</name><description/><timeZone>Asia/Kolkata</timeZone>"
        "<calendarType>FLEXIBLEHOURS</calendarType><businessDays><businessDay><dayOfWeek>WED</dayOfWeek>"
        "<intervals><interval><name>All</name><startTime>09:00</startTime><endTime>17:00</endTime></interval>"
        "</intervals></businessDay></businessDays><holidays><holiday><name>A</name><date>2026-01-01</date></holiday>"
        "<holiday><name>B</name><date>2026-01-02</date></holiday></holidays></calendar>"
    )
    created = uccx.post(
        "/adminapi/calendar", data=body, headers={"Content-Type": "application/xml"}, fmt="xml"
    )
    assert created.status_code == 201, created.text

    response = uccx.get(created.text.removeprefix(uccx.sim.url("A")), fmt="xml")

    assert response.headers["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "calendar"
    assert root.findtext("timeZone") == "Asia/Kolkata"
    assert root.findtext("businessDays/businessDay/intervals/interval/endTime") == "17:00"
    assert [h.findtext("date") for h in root.findall("holidays/holiday")] == ["2026-01-01", "2026-01-02"]


def test_xml_list_has_calendars_root(uccx):
    uccx.create_calendar(calendar())

    root = ET.fromstring(uccx.get("/adminapi/calendar", fmt="xml").content)

    assert root.tag == "calendars"
    assert [c.findtext("name") for c in root.findall("calendar")] == ["Support"]


def test_fifty_calendars_then_the_fifty_first_is_refused(uccx):
    for number in range(50):
        uccx.create_calendar(calendar(name=f"Calendar {number}"))

    response = uccx.post("/adminapi/calendar", json=calendar(name="One too many"))

    assert response.status_code == 400
    assert "maximum of 50 calendars" in error_text(response)
    assert len(uccx.sim.calendars) == 50


def _days(count: int, **extra: Any) -> list[dict[str, Any]]:
    start = dt.date(2026, 1, 1)
    return [
        {"name": f"Day {i}", "date": (start + dt.timedelta(days=i)).isoformat(), **extra}
        for i in range(count)
    ]


def _with_intervals(*intervals: dict[str, str]) -> dict[str, Any]:
    return {"businessDays": {"businessDay": [day("MON", *intervals)]}}


# (id, body fields, accepted?, expected message fragment when refused)
EDGES: list[tuple[str, Callable[[], dict[str, Any]], bool, str]] = [
    ("name 30 chars", lambda: {"name": "n" * 30}, True, ""),
    ("name 31 chars", lambda: {"name": "n" * 31}, False, "1 to 30 characters"),
    ("name empty", lambda: {"name": ""}, False, "1 to 30 characters"),
    ("name missing", lambda: {"name": None}, False, "1 to 30 characters"),
    ("description 70", lambda: {"description": "d" * 70}, True, ""),
    ("description 71", lambda: {"description": "d" * 71}, False, "at most 70"),
    ("time zone IANA", lambda: {"timeZone": "America/Argentina/Buenos_Aires"}, True, ""),
    ("time zone unknown", lambda: {"timeZone": "Mars/Olympus_Mons"}, False, "Invalid time zone"),
    ("time zone missing", lambda: {"timeZone": None}, False, "Invalid time zone"),
    ("type FULLTIME", lambda: {"calendarType": "FULLTIME", "businessDays": {}}, True, ""),
    ("type unknown", lambda: {"calendarType": "SOMETIMES"}, False, "Invalid calendar type"),
    (
        "3 intervals",
        lambda: _with_intervals(
            interval("A", "08:00", "09:00"), interval("B", "10:00", "11:00"), interval("C", "12:00", "13:00")
        ),
        True,
        "",
    ),
    (
        "4 intervals",
        lambda: _with_intervals(
            interval("A", "08:00", "09:00"),
            interval("B", "10:00", "11:00"),
            interval("C", "12:00", "13:00"),
            interval("D", "14:00", "15:00"),
        ),
        False,
        "at most 3",
    ),
    ("interval name 25", lambda: _with_intervals(interval("i" * 25)), True, ""),
    ("interval name 26", lambda: _with_intervals(interval("i" * 26)), False, "1 to 25 characters"),
    ("interval name empty", lambda: _with_intervals(interval("")), False, "1 to 25 characters"),
    (
        "interval names unique per day",
        lambda: _with_intervals(interval("X", "08:00", "09:00"), interval("X", "10:00", "11:00")),
        False,
        "more than once",
    ),
    (
        "same interval name on two days",
        lambda: {"businessDays": {"businessDay": [day("MON", interval("X")), day("TUE", interval("X"))]}},
        True,
        "",
    ),
    ("00:00 to 23:59", lambda: _with_intervals(interval("All", "00:00", "23:59")), True, ""),
    ("end 24:00", lambda: _with_intervals(interval("All", "00:00", "24:00")), False, "from 00:00 to 23:59"),
    ("start 8:00", lambda: _with_intervals(interval("All", "8:00", "12:00")), False, "HH:MM"),
    ("minute 60", lambda: _with_intervals(interval("All", "08:60", "12:00")), False, "HH:MM"),
    ("end one minute after start", lambda: _with_intervals(interval("Short", "08:00", "08:01")), True, ""),
    (
        "end equals start",
        lambda: _with_intervals(interval("Zero", "08:00", "08:00")),
        False,
        "must end after it starts",
    ),
    (
        "crosses midnight",
        lambda: _with_intervals(interval("Night", "22:00", "02:00")),
        False,
        "must end after it starts",
    ),
    (
        "touching intervals",
        lambda: _with_intervals(interval("A", "08:00", "12:00"), interval("B", "12:00", "13:00")),
        True,
        "",
    ),
    (
        "overlap by one minute",
        lambda: _with_intervals(interval("A", "08:00", "12:00"), interval("B", "11:59", "13:00")),
        False,
        "overlap",
    ),
    (
        "overlap, listed out of order",
        lambda: _with_intervals(interval("Late", "10:00", "14:00"), interval("Early", "08:00", "11:00")),
        False,
        "overlap",
    ),
    ("40 holidays", lambda: {"holidays": {"holiday": _days(40)}}, True, ""),
    ("41 holidays", lambda: {"holidays": {"holiday": _days(41)}}, False, "At most 40 holidays"),
    (
        "holiday date invalid",
        lambda: {"holidays": {"holiday": [{"name": "X", "date": "2026-02-30"}]}},
        False,
        "YYYY-MM-DD",
    ),
    (
        "holiday date format",
        lambda: {"holidays": {"holiday": [{"name": "X", "date": "25.12.2026"}]}},
        False,
        "YYYY-MM-DD",
    ),
    (
        "holiday twice",
        lambda: {
            "holidays": {
                "holiday": [{"name": "X", "date": "2026-05-01"}, {"name": "Y", "date": "2026-05-01"}]
            }
        },
        False,
        "Two holidays",
    ),
    ("40 special days", lambda: {"specialDays": {"specialDay": _days(40)}}, True, ""),
    ("41 special days", lambda: {"specialDays": {"specialDay": _days(41)}}, False, "At most 40 special days"),
    (
        "special day with intervals",
        lambda: {
            "specialDays": {
                "specialDay": [
                    {"name": "Short", "date": "2026-12-24", "intervals": {"interval": [interval()]}}
                ]
            }
        },
        True,
        "",
    ),
    (
        "special day overlapping intervals",
        lambda: {
            "specialDays": {
                "specialDay": [
                    {
                        "name": "Short",
                        "date": "2026-12-24",
                        "intervals": {
                            "interval": [interval("A", "08:00", "10:00"), interval("B", "09:00", "11:00")]
                        },
                    }
                ]
            }
        },
        False,
        "overlap on 2026-12-24",
    ),
    (
        "special day name 50",
        lambda: {"specialDays": {"specialDay": [{"name": "s" * 50, "date": "2026-12-24"}]}},
        True,
        "",
    ),
    (
        "special day name 51",
        lambda: {"specialDays": {"specialDay": [{"name": "s" * 51, "date": "2026-12-24"}]}},
        False,
        "1 to 50 characters",
    ),
    (
        "special day name empty",
        lambda: {"specialDays": {"specialDay": [{"name": "", "date": "2026-12-24"}]}},
        False,
        "1 to 50",
    ),
    (
        "special day date",
        lambda: {"specialDays": {"specialDay": [{"name": "S", "date": "2026-13-01"}]}},
        False,
        "YYYY-MM-DD",
    ),
    (
        "every day of week",
        lambda: {
            "businessDays": {
                "businessDay": [day(d) for d in ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")]
            }
        },
        True,
        "",
    ),
    (
        "day of week spelled out",
        lambda: {"businessDays": {"businessDay": [day("MONDAY")]}},
        False,
        "Invalid dayOfWeek",
    ),
    (
        "day of week lower case",
        lambda: {"businessDays": {"businessDay": [day("mon")]}},
        False,
        "Invalid dayOfWeek",
    ),
    (
        "day twice",
        lambda: {"businessDays": {"businessDay": [day("MON"), day("MON")]}},
        False,
        "more than once",
    ),
]


@pytest.mark.parametrize(
    ("fields", "accepted", "fragment"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES]
)
def test_validation_edges(uccx, fields, accepted, fragment):
    response = uccx.post("/adminapi/calendar", json=calendar(**fields()))

    if accepted:
        assert response.status_code == 201, response.text
        assert len(uccx.sim.calendars) == 1
    else:
        assert response.status_code == 400, response.text
        assert fragment in error_text(response)
        assert all(error["errorType"] == "Bad Request" for error in api_errors(response))
        assert uccx.sim.calendars == {}


def test_modify_is_validated_too(uccx):
    cal_id = uccx.create_calendar(calendar())

    response = uccx.put(
        f"/adminapi/calendar/{cal_id}", json=calendar(**_with_intervals(interval("X", "09:00", "08:00")))
    )

    assert response.status_code == 400
    assert uccx.sim.calendars[cal_id]["businessDays"]["businessDay"][0]["intervals"]["interval"] == [
        interval()
    ]


def test_all_problems_are_reported_at_once(uccx):
    response = uccx.post(
        "/adminapi/calendar", json=calendar(name="n" * 31, timeZone="Nowhere", description="d" * 71)
    )

    messages = error_text(response)
    assert len(api_errors(response)) == 3
    assert "30 characters" in messages
    assert "Invalid time zone" in messages
    assert "at most 70" in messages
