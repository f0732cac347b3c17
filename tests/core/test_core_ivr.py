"""IVR infrastructure (core/ivr.py): authentication with a cached credential check, role, formats, errors."""

import json
from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.contrib.auth.base_user import AbstractBaseUser
from django.test import Client
from rest_framework.authtoken.models import Token

from core.models import LoginEvent
from tests.core.helpers import basic

pytestmark = pytest.mark.urls("tests.core.ivr_urls")
URL = "/ivr/v1/echo/Support"


@pytest.fixture
def ivr(accounts):
    return accounts["ivr"]


def test_basic_authentication_answers_json_by_default(ivr):
    response = Client().get(URL, **basic("ivr", "ivr-pw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["calendar"] == "Support"
    assert body["is_open"] is True
    assert body["vip"] is False
    assert body["prompt"] is None
    assert [item["name"] for item in body["announcement"]] == ["welcome", "storm"]
    assert body["lists"] == ["VIP", "Board"]
    assert response["Cache-Control"] == "no-store"


def test_a_verified_credential_is_not_hashed_again(ivr, password_checks):
    client = Client()
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 200
    assert password_checks == ["ivr"]
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 200
    assert client.get(URL + "?format=xml", **basic("ivr", "ivr-pw")).status_code == 200
    assert password_checks == ["ivr"]  # the cache answered
    # A wrong password is never taken from the cache: it is checked, and refused.
    assert client.get(URL, **basic("ivr", "wrong")).status_code == 401
    assert password_checks == ["ivr", "ivr"]


def test_a_new_password_invalidates_the_cached_credential(ivr, password_checks):
    client = Client()
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 200
    ivr.set_password("brand-new-secret")
    ivr.save()
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 401
    assert client.get(URL, **basic("ivr", "brand-new-secret")).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        basic("ivr", "wrong"),
        basic("nobody", "ivr-pw"),
        {"HTTP_AUTHORIZATION": "Basic not-base64!"},
        {"HTTP_AUTHORIZATION": "Token 0000000000000000000000000000000000000000"},
    ],
    ids=["missing", "wrong password", "unknown user", "garbled", "unknown token"],
)
def test_missing_or_wrong_credentials_answer_401_with_a_basic_challenge(ivr, headers):
    response = Client().get(URL, **headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["error"] == "unauthorized"
    assert body["detail"]
    assert "ivr-pw" not in response.content.decode()


def test_a_failed_ivr_sign_in_is_audited(ivr):
    Client().get(URL, **basic("ivr", "wrong"))
    assert LoginEvent.objects.filter(kind="failed", username="ivr").count() == 1


def test_failures_from_one_address_are_throttled_before_any_hash(ivr, settings, password_checks):
    settings.AUTH_FAILURES_PER_ADDRESS = 3
    client = Client()
    for attempt in range(3):
        assert client.get(URL, **basic("ivr", f"wrong-{attempt}")).status_code == 401
    assert password_checks == ["ivr"] * 3
    throttled = client.get(URL, **basic("ivr", "wrong-again"))
    assert throttled.status_code == 429
    assert throttled.json()["error"] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= settings.AUTH_FAILURE_WINDOW
    assert throttled["Cache-Control"] == "no-store"
    assert password_checks == ["ivr"] * 3  # refused before any hash
    other_address = Client(REMOTE_ADDR="10.0.0.9").get(URL, **basic("ivr", "ivr-pw"))
    assert other_address.status_code == 200  # the account is not locked: the address is throttled


def test_a_throttled_address_keeps_its_verified_credentials(ivr, settings):
    """One mistyped script step must not stop every call from that UCCX node."""
    settings.AUTH_FAILURES_PER_ADDRESS = 2
    client = Client()
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 200
    for attempt in range(5):
        client.get(URL, **basic("ivr", f"typo-{attempt}"))
    assert client.get(URL, **basic("ivr", "typo-9")).status_code == 429
    assert client.get(URL, **basic("ivr", "ivr-pw")).status_code == 200


def test_a_known_wrong_credential_costs_no_hash(ivr, password_checks):
    client = Client()
    for _ in range(5):
        assert client.get(URL, **basic("ivr", "wrong")).status_code == 401
    assert password_checks == ["ivr"]


def test_unknown_usernames_cost_no_hash(ivr, password_checks):
    client = Client()
    for attempt in range(5):
        assert client.get(URL, **basic(f"random-{attempt}", "x")).status_code == 401
    assert password_checks == []


def test_token_authentication(ivr):
    token = Token.objects.create(user=ivr)
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["calendar"] == "Support"


@pytest.mark.parametrize(
    ("role", "status"), [("viewer", 403), ("supervisor_x", 403), ("admin", 200), ("ivr", 200)]
)
def test_the_ivr_role_or_an_administrator_is_required(accounts, role, status):
    user = accounts[role]
    response = Client().get(URL, **basic(user.username, f"{user.username}-pw"))
    assert response.status_code == status
    if status == 403:
        assert response.json()["error"] == "forbidden"
        assert "IVR role" in response.json()["detail"]


def test_a_session_does_not_open_the_ivr_api(ivr):
    client = Client()
    client.force_login(ivr)
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    ("query", "headers"),
    [("?format=xml", {}), ("", {"HTTP_ACCEPT": "application/xml"}), ("", {"HTTP_ACCEPT": "text/xml, */*"})],
)
def test_xml_shape_reads_with_xpath(ivr, query, headers):
    response = Client().get(
        URL + query + ("&" if query else "?") + "at=2026-12-24T09:30:00+01:00",
        **basic("ivr", "ivr-pw"),
        **headers,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert response["Cache-Control"] == "no-store"
    root = ElementTree.fromstring(response.content)
    assert root.tag == "response"
    assert root.findtext("calendar") == "Support"
    assert root.findtext("is_open") == "true"
    assert root.findtext("vip") == "false"
    assert root.find("prompt") is not None
    assert root.findtext("prompt") == ""
    assert root.findtext("evaluated_at") == "2026-12-24T09:30:00+01:00"
    announcements = root.findall("announcement")
    assert [a.findtext("name") for a in announcements] == ["welcome", "storm"]
    assert root.find("announcement[1]/then").text == "continue"
    assert root.find("announcement[2]/order").text == "2"
    assert [item.text for item in root.findall("list")] == ["VIP", "Board"]
    assert root.find("lists") is None


def test_json_wins_when_asked_for_explicitly(ivr):
    response = Client().get(URL + "?format=json", **basic("ivr", "ivr-pw"), HTTP_ACCEPT="application/xml")
    assert response["Content-Type"].startswith("application/json")


def test_at_is_evaluated_with_its_offset(ivr):
    body = Client().get(URL + "?at=2026-03-29T01:30:00Z", **basic("ivr", "ivr-pw")).json()
    assert datetime.fromisoformat(body["evaluated_at"]) == datetime.fromisoformat("2026-03-29T01:30:00+00:00")


def test_an_unencoded_plus_in_at_is_understood(ivr):
    """UCCX scripts often build the URL by hand: `+01:00` then arrives as ` 01:00`."""
    response = Client().get(URL, {"at": "2026-12-24T09:30:00 01:00"}, **basic("ivr", "ivr-pw"))
    assert response.status_code == 200
    assert response.json()["evaluated_at"] == "2026-12-24T09:30:00+01:00"


@pytest.mark.parametrize("value", ["tomorrow", "2026-12-24T09:30:00", "2026-13-01T00:00:00+01:00"])
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_bad_at_is_a_400_in_the_asked_format(ivr, value, fmt):
    response = Client().get(URL, {"at": value, "format": fmt}, **basic("ivr", "ivr-pw"))
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
    if fmt == "xml":
        root = ElementTree.fromstring(response.content)
        error, detail = root.findtext("error"), root.findtext("detail")
    else:
        error, detail = response.json()["error"], response.json()["detail"]
    assert error == "bad_parameter"
    assert "ISO 8601" in detail
    assert "offset" in detail


def test_not_found_error_in_xml(ivr):
    response = Client().get("/ivr/v1/echo/missing?format=xml", **basic("ivr", "ivr-pw"))
    assert response.status_code == 404
    root = ElementTree.fromstring(response.content)
    assert root.findtext("error") == "not_found"
    assert root.findtext("detail") == "There is no calendar named 'missing'."


def test_only_get_is_served(ivr):
    response = Client().post(URL, **basic("ivr", "ivr-pw"))
    assert response.status_code == 405
    assert json.loads(response.content)["error"] == "method_not_allowed"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("supervisor_tools.urls")
def test_an_unknown_ivr_address_answers_the_contract_404(db):
    response = Client().get("/ivr/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "There is no IVR endpoint at this address."}


def test_one_password_check_at_a_time_per_process_leaves_the_threads_free(ivr, monkeypatch):
    """While a worker hashes one unverified password, another unverified one is told to retry at once
    instead of holding a second thread (issue 9: hashing attackers starved valid callers of threads)."""
    from core import ivr as plumbing

    assert plumbing._hashing.acquire(blocking=False)  # a hash in progress in another thread
    try:
        busy = Client().get(URL, **basic("ivr", "ivr-pw"))
    finally:
        plumbing._hashing.release()
    assert busy.status_code == 429
    assert busy["Retry-After"] == "1"
    assert Client().get(URL, **basic("ivr", "ivr-pw")).status_code == 200  # not counted as a failure


@pytest.mark.django_db(transaction=True)  # the threads have connections of their own
def test_one_credential_arriving_on_many_threads_is_checked_once(ivr, monkeypatch):
    """A fresh worker meeting a burst of calls with the same password hashes it once; the others wait
    for that answer instead of being refused as busy."""
    import threading
    import time

    from django.db import connection

    checks = []
    original = AbstractBaseUser.check_password

    def slow(user, raw_password):
        checks.append(user.username)
        time.sleep(0.3)  # a real hash takes this long on a busy box
        return original(user, raw_password)

    monkeypatch.setattr(AbstractBaseUser, "check_password", slow)
    statuses = []

    def call():
        statuses.append(Client().get(URL, **basic("ivr", "ivr-pw")).status_code)
        connection.close()

    threads = [threading.Thread(target=call) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert checks == ["ivr"]
