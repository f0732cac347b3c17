"""With real processes (gunicorn, a Celery worker with beat, a private Redis, the UCCX simulator): a
burst of entries saved through the API reaches UCCX's copy of the list by itself, built by the worker
after the saves, and the IVR endpoint agrees with it."""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

import pytest
import requests
from rest_framework.authtoken.models import Token

from bench.stack import RedisServer, Stack, wait_for
from callers.models import CallerList
from callers.publish import DOCUMENT_KIND
from sync.selectors import changes_of
from tests.core.helpers import make_user
from uccx_simulator import Simulator

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not RedisServer.available(), reason="redis-server is not on PATH (needed for a private broker)"
    ),
]
NUMBERS = ("+1 (555) 010-0100", "555-010-0101", "+4930*")


@pytest.fixture
def stack(app_stack: Callable[..., Stack]) -> Stack:
    return app_stack()


def copy_in_uccx(sim: Simulator) -> ElementTree.Element | None:
    content = sim.documents.get("callers/VIP_customers.xml")
    return None if content is None else ElementTree.fromstring(content)


def test_a_burst_of_api_saves_reaches_uccxs_copy_by_itself(uccx_sim: Simulator, stack: Stack) -> None:
    make_user("ivr", "IVR")
    api = requests.Session()
    api.headers["Authorization"] = (
        f"Token {Token.objects.create(user=make_user('boss', 'Administrator')).key}"
    )
    lists = f"{stack.web_url}/api/v1/callers/lists/"
    created = api.post(lists, json={"name": "VIP customers", "kind": "vip"}, timeout=10)
    assert created.status_code == 201, created.text
    for number in NUMBERS:
        saved = api.post(
            f"{lists}{created.json()['id']}/entries/",
            json={"number": number, "name": "Key account"},
            timeout=10,
        )
        assert saved.status_code == 201, saved.text

    def written() -> bool:
        root = copy_in_uccx(uccx_sim)
        return root is not None and len(root.findall("entry")) == len(NUMBERS)

    wait_for(written, 30, "the worker to build the list's copy and write it to UCCX")
    caller_list = CallerList.objects.get()
    assert copy_in_uccx(uccx_sim).get("version") == str(caller_list.version)  # type: ignore[union-attr]
    assert caller_list.document_version == caller_list.version
    builds = changes_of(DOCUMENT_KIND, caller_list.pk)
    assert len(builds) < 1 + len(NUMBERS), [c.summary for c in builds]  # debounced, not one per save

    answer = requests.get(f"{stack.web_url}/ivr/v1/callers/+4930123456", auth=("ivr", "ivr-pw"), timeout=10)
    assert answer.status_code == 200, answer.text
    assert (answer.json()["found"], answer.json()["vip"]) == (True, True)
    berlin = copy_in_uccx(uccx_sim).find("entry[@match='prefix']")  # type: ignore[union-attr]
    assert berlin is not None
    assert berlin.findtext("number") == "+4930"
