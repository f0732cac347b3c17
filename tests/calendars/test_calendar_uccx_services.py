"""Calendar services and UCCX: re-projecting a calendar's copy, and binding a calendar to a UCCX
application's CCCalendar parameter."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from calendars.models import Calendar
from calendars.services import CalendarInvalid, calendar_create, calendar_reproject
from sync.models import OutboxChange
from uccx_simulator import Simulator
from uccx_simulator.seed import script_application

from .service_helpers import ZURICH, support_data

pytestmark = pytest.mark.django_db

SUPPORT_PARAMS = [
    ("Hours", "Old", "com.cisco.cccalendar.CCCalendar"),
    ("Queue", '"Support"', "java.lang.String"),
]


def test_reprojection_queues_only_when_the_copy_changes(uccx: Simulator) -> None:
    calendar = calendar_create(actor=None, data=support_data()).calendar
    assert calendar_reproject(calendar=calendar) is None
    with time_machine.travel(datetime.now(ZURICH) + timedelta(days=400)):
        result = calendar_reproject(calendar=calendar)
    assert result is not None
    assert result.state == "applied"
    assert OutboxChange.objects.latest("pk").summary.startswith("Daily re-projection")


def test_an_application_is_bound_to_the_calendar(uccx: Simulator) -> None:
    uccx.add_application(script_application(1, "SupportApp", "support.aef", SUPPORT_PARAMS))
    calendar_create(actor=None, data=support_data(uccx_application="SupportApp"))
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert params == [
        {"name": "Hours", "value": "Support", "type": "com.cisco.cccalendar.CCCalendar"},
        {"name": "Queue", "value": '"Support"', "type": "java.lang.String"},
    ]


def test_an_application_whose_cccalendar_is_at_its_script_default_is_bound(uccx: Simulator) -> None:
    """Real UCCX leaves a parameter at its script default out of a plain GET; the binding reads with
    ?allScriptParams, so it finds the CCCalendar parameter and keeps the other default as it is."""
    uccx.add_application(
        script_application(1, "SupportApp", "support.aef", SUPPORT_PARAMS, defaults=("Hours", "Queue"))
    )
    calendar_create(actor=None, data=support_data(uccx_application="SupportApp"))
    binding = OutboxChange.objects.filter(target__kind="calendar_application").get()
    assert binding.state == "applied", binding.last_error
    params = uccx.applications["SupportApp"]["ScriptApplication"]["scriptParams"]
    assert {p["name"]: p["value"] for p in params} == {"Hours": "Support", "Queue": '"Support"'}
    put = [r for r in uccx.requests if r.method == "PUT" and r.path == "/adminapi/application/SupportApp"]
    assert len(put) == 1
    assert b"isDefaultValue" not in put[0].body
    assert b"Queue" not in put[0].body  # still at its default: left out, so it stays there


def test_binding_to_an_application_uccx_lacks_is_refused_before_saving(uccx: Simulator) -> None:
    """Issue 9: it was saved and answered "applied" while UCCX refused the binding; now UCCX's list of
    applications is checked first and nothing is saved."""
    with pytest.raises(CalendarInvalid) as refused:
        calendar_create(actor=None, data=support_data(uccx_application="NoSuchApp"))

    assert [(e.field, e.message) for e in refused.value.field_errors] == [
        ("uccx_application", "UCCX has no application called 'NoSuchApp' (it has: none).")
    ]
    assert not Calendar.objects.exists()
