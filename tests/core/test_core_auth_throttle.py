"""Issue 9: failed sign-ins are limited per client address before any password hash, on the management
API's Basic authentication and the sign-in page as on the IVR API (tests/core/test_core_ivr.py)."""

from django.test import Client, RequestFactory

from core.auth_throttle import client_address
from tests.core.helpers import basic

API = "/api/v1/teams/"


def test_the_api_answers_a_wrong_password_with_a_basic_challenge(accounts):
    response = Client().get(API, **basic("viewer", "wrong"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic ")
    assert Client().get(API, **basic("viewer", "viewer-pw")).status_code == 200


def test_the_api_throttles_an_address_before_any_hash(accounts, settings, password_checks):
    settings.AUTH_FAILURES_PER_ADDRESS = 3
    client = Client()
    for attempt in range(3):
        assert client.get(API, **basic("viewer", f"wrong-{attempt}")).status_code == 401
    checked = len(password_checks)
    throttled = client.get(API, **basic("viewer", "wrong-again"))
    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= settings.AUTH_FAILURE_WINDOW
    assert len(password_checks) == checked  # refused before any hash
    assert Client(REMOTE_ADDR="10.0.0.7").get(API, **basic("viewer", "viewer-pw")).status_code == 200


def test_the_sign_in_page_throttles_an_address_before_any_hash(accounts, settings, password_checks):
    settings.AUTH_FAILURES_PER_ADDRESS = 2
    client = Client()
    for attempt in range(2):
        page = client.post("/login/", {"username": f"someone-{attempt}", "password": "x"})
        assert page.status_code == 200  # the form again, with its error
    checked = len(password_checks)
    refused = client.post("/login/", {"username": "viewer", "password": "viewer-pw"})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many failed sign-ins" in refused.content.decode()
    assert len(password_checks) == checked


def test_behind_the_proxy_the_address_is_the_one_it_saw(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    settings.BEHIND_PROXY = False
    assert client_address(request) == "127.0.0.1"  # a client cannot choose its address
    settings.BEHIND_PROXY = True
    assert client_address(request) == "203.0.113.9"
