"""The Changes page names objects as people know them (issue 11), and says "system" like History."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from calendars.services import calendar_create
from sync.models import UccxApplication
from tests.calendars.test_calendar_services import support_data
from tests.core.helpers import make_user
from uccx_simulator import Simulator

pytestmark = pytest.mark.django_db


def test_changes_name_the_calendar_and_the_applications_cccalendar(uccx: Simulator) -> None:
    uccx.set_cluster("read_only")
    UccxApplication.objects.create(name="SupportApp")  # mirrored from UCCX (issue 9: bindings must exist)
    calendar_create(actor=None, data=support_data(name="Support Hours", uccx_application="SupportApp"))
    client = Client()
    client.force_login(make_user("operator", "Administrator"))
    html = client.get("/changes/").content.decode()
    waiting = html[html.index('id="queued-title"') : html.index('id="applied-title"')]
    objects = re.findall(r'<td class="changes-object"><strong>(.*?)</strong>', waiting)
    assert "Support Hours" in objects
    assert "SupportApp&#x27;s CCCalendar" in objects
    assert not re.search(r"calendar \d+", waiting)
    assert "<td>system, " in waiting  # as History says for changes nobody made by hand
    assert 'class="badge badge--queued badge--wrap"' in waiting
