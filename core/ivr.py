"""The IVR API's plumbing (/ivr/v1/, contract: docs/ivr-api.md), free of any domain.

UCCX scripts call these endpoints on every call, so an IVR request takes a lean path: `IvrFastPath`
(first in MIDDLEWARE) sends /ivr/ straight to the view, without session, messages, CSRF, CSP or HTMX
work, and `IvrView` is a thin dispatch, not DRF's: credentials from memory (core/credentials.py), the
answer from a snapshot (core/snapshots.py), JSON or XML. A domain app's endpoint:

    class SwitchIvr(IvrView):
        xml_item_names = {}                  # list field -> item element name, e.g. {"lists": "list"}

        def get(self, request, name):             # Django's HttpRequest: request.GET for the query
            switches = self.read(switch_snapshots)    # the app's Snapshot; notes staleness for the header
            ...
            raise IvrError("not_found", f"There is no switch named {name!r}.", 404)
            return {"name": name, "on": True, ...}

What comes with it: HTTP Basic or `Authorization: Token <key>` for an account with the IVR role (or an
Administrator), cached, throttled per address before any hash (core/auth_throttle.py); JSON by default,
XML with `?format=xml` or an Accept naming XML; `{"error", "detail"}` errors in the asked format, never
an HTML page; `Cache-Control: no-store`; `X-Snapshot-Stale` when the database could not be reached.
`IvrView` subclasses DRF's APIView only so that drf-spectacular describes the endpoint (decorate `get`
with `extend_schema`); no request ever goes through DRF.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import threading
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.auth_throttle import client_address, throttle, throttled_detail
from core.authentication import ThrottledBasicAuthentication
from core.credentials import Grant, credential_memory
from core.snapshots import Snapshot, SnapshotUnavailable
from core.xml import xml_document

log = logging.getLogger(__name__)
T = TypeVar("T")
REALM = 'Basic realm="Supervisor Tools IVR", charset="UTF-8"'
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
STALE_HEADER = "X-Snapshot-Stale"
_XML_ACCEPT = re.compile(r"\b(application|text)/xml\b")


class IvrError(Exception):
    """An IVR answer `{"error": code, "detail": sentence}` with this HTTP status (and headers)."""

    def __init__(self, code: str, detail: str, status: int = 400, headers: Mapping[str, str] | None = None):
        super().__init__(detail)
        self.code, self.detail, self.status, self.headers = code, detail, status, dict(headers or {})


_AT_HELP = (
    "The parameter 'at' must be an ISO 8601 date and time with a UTC offset, e.g. 2026-12-24T09:30:00+01:00."
)


def parse_at(request: HttpRequest) -> datetime:
    """The instant to evaluate: `?at=` (ISO 8601 with an offset) or now. Raises IvrError 400 otherwise.

    An unencoded `+` in a query string arrives as a space; that form is accepted too.
    """
    raw = request.GET.get("at", "").strip()
    if not raw:
        return timezone.now()
    raw = re.sub(r" (\d{2}(:?\d{2})?)$", r"+\1", raw)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError as error:
        raise IvrError("bad_parameter", f"{_AT_HELP} Got {raw!r}.") from error
    if value.tzinfo is None:
        raise IvrError("bad_parameter", f"{_AT_HELP} {raw!r} has no offset.")
    return value


def wants_xml(request: HttpRequest) -> bool:
    """XML when `?format=xml`, or the Accept header names XML and `?format=json` does not say otherwise."""
    wanted = request.GET.get("format", "").lower()
    return wanted == "xml" or (
        wanted != "json" and bool(_XML_ACCEPT.search(request.META.get("HTTP_ACCEPT", "")))
    )


def _json_default(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def ivr_response(
    data: Mapping[str, Any],
    status: int = 200,
    *,
    xml: bool = False,
    item_names: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """An IVR answer (or error) in the negotiated format, with the contract's headers."""
    if xml:
        body, content_type = xml_document(data, item_names), "application/xml; charset=utf-8"
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=_json_default)
        body, content_type = text.encode("utf-8"), "application/json"
    response = HttpResponse(body, status=status, content_type=content_type)
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "no-store"
    response["Vary"] = "Accept"
    response["Allow"] = ", ".join(ALLOWED_METHODS)
    response["X-Content-Type-Options"] = "nosniff"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def ivr_error_response(request: HttpRequest, error: IvrError) -> HttpResponse:
    return ivr_response(
        {"error": error.code, "detail": error.detail},
        error.status,
        xml=wants_xml(request),
        headers=error.headers,
    )


# --- authentication: memory first, throttle before any hash -------------------------------------------


def _unauthorized(detail: str) -> IvrError:
    return IvrError("unauthorized", detail, 401, {"WWW-Authenticate": REALM})


def ivr_grant(request: HttpRequest) -> Grant:
    """The account behind the request's credentials, without a query or a hash when it is known."""
    scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    scheme, secret = scheme.lower(), secret.strip()
    if scheme not in ("basic", "token"):
        raise _unauthorized("Authentication credentials were not provided.")
    digest = credential_memory.digest(scheme, secret)
    grant = credential_memory.grant(digest)
    if grant is not None:
        return grant
    if credential_memory.refused(digest):
        raise _unauthorized("Wrong username or password." if scheme == "basic" else "Invalid token.")
    address = client_address(request)
    wait = throttle.retry_after(address)
    if wait:
        raise IvrError("throttled", throttled_detail(wait), 429, {"Retry-After": str(wait)})
    with _in_flight_lock:  # the same credential arriving on several threads at once is checked once
        flight = _in_flight.get(digest)
        leader = flight is None
        if leader:
            flight = _in_flight[digest] = threading.Event()
    assert flight is not None
    if not leader:
        flight.wait(timeout=5)
        return _after_flight(digest, scheme)
    try:
        return _verify(request, scheme, secret, digest, address)
    finally:
        with _in_flight_lock:
            _in_flight.pop(digest, None)
        flight.set()


def _after_flight(digest: str, scheme: str) -> Grant:
    """What the thread that checked the same credential found."""
    grant = credential_memory.grant(digest)
    if grant is not None:
        return grant
    if credential_memory.refused(digest):
        raise _unauthorized("Wrong username or password." if scheme == "basic" else "Invalid token.")
    raise IvrError(
        "throttled", "Sign-ins are being checked; try again in a second.", 429, {"Retry-After": "1"}
    )


def _verify(request: HttpRequest, scheme: str, secret: str, digest: str, address: str) -> Grant:
    token = credential_memory.token()
    try:
        grant, username = _verify_basic(secret) if scheme == "basic" else (_verify_token(secret), "")
    except DatabaseError as error:
        raise IvrError("unavailable", "Credentials cannot be checked right now; try again.", 503) from error
    except IvrError as error:
        if error.status == 401:  # a malformed credential; "busy" is not the caller's failure
            throttle.failed(address)
        raise
    if grant is None:
        throttle.failed(address)
        credential_memory.remember_refusal(digest, token)
        if scheme == "basic":
            from core.services import login_event_record

            login_event_record(kind="failed", username=username, request=request)
        raise _unauthorized("Wrong username or password." if scheme == "basic" else "Invalid token.")
    credential_memory.remember_grant(digest, grant, token)
    return grant


_in_flight: dict[str, threading.Event] = {}
_in_flight_lock = threading.Lock()
_hashing = threading.BoundedSemaphore(1)


def _grant(user: Any) -> Grant:
    return Grant(user.pk, user.get_username(), user.has_perm("core.use_ivr"))


def _verify_basic(secret: str) -> tuple[Grant | None, str]:
    try:
        username, colon, password = base64.b64decode(secret, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError) as error:
        raise _unauthorized("The Basic credentials are not valid base64.") from error
    if not colon:
        raise _unauthorized("The Basic credentials must be username:password.")
    user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    # No hash for an unknown account: random usernames cost one indexed query, never CPU.
    if user is None:
        return None, username
    if not _hashing.acquire(blocking=False):  # one password hash at a time per process: threads stay free
        raise IvrError(
            "throttled", "Sign-ins are being checked; try again in a second.", 429, {"Retry-After": "1"}
        )
    try:
        verified = user.check_password(password)
    finally:
        _hashing.release()
    return (_grant(user) if verified else None), username


def _verify_token(key: str) -> Grant | None:
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return _grant(token.user)


# --- the view --------------------------------------------------------------------------------------


def _error_from(exception: Exception) -> IvrError:
    if isinstance(exception, IvrError):
        return exception
    if isinstance(exception, Http404):
        return IvrError("not_found", str(exception) or "Not found.", 404)
    if isinstance(exception, SnapshotUnavailable):
        return IvrError("unavailable", "The answer cannot be read right now; try again.", 503)
    log.exception("IVR request failed")
    return IvrError("internal_error", "The server failed to answer; the failure was logged.", 500)


class IvrJsonRenderer(JSONRenderer):
    """For the schema only: the answer is JSON by default."""


class IvrXmlRenderer(BaseRenderer):
    """For the schema only: `?format=xml` or an Accept naming XML gets `<response>` XML."""

    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return xml_document(data)


class IvrView(APIView):
    """Base of every IVR endpoint: see the module's docstring."""

    xml_item_names: Mapping[str, str] = {}
    # What drf-spectacular describes (the dispatch below implements it, without DRF):
    authentication_classes = [ThrottledBasicAuthentication, TokenAuthentication]  # failures throttled too
    permission_classes = [IsAuthenticated]
    renderer_classes = [IvrJsonRenderer, IvrXmlRenderer]
    parser_classes: list = []

    @classmethod
    # A plain Django view (no DRF dispatch), so not DRF's AsView type.
    def as_view(cls, **initkwargs: Any) -> Callable[..., HttpResponse]:  # type: ignore[override]
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return cls(**initkwargs).answer(request, kwargs)

        view.cls = cls  # type: ignore[attr-defined]  # drf-spectacular finds the endpoint by these
        view.initkwargs = initkwargs  # type: ignore[attr-defined]
        view.csrf_exempt = True  # type: ignore[attr-defined]
        return view

    def read(self, snapshot: Snapshot[T]) -> T:
        """The app's snapshot as this process holds it; a stale one is flagged in the answer's headers."""
        reading = snapshot.read()
        if reading.stale:
            self._stale = reading.stale
        return reading.value

    def answer(self, request: HttpRequest, kwargs: dict[str, Any]) -> HttpResponse:
        self.request, self.kwargs, self._stale = request, kwargs, ""  # type: ignore[assignment]
        xml = wants_xml(request)
        try:
            grant = ivr_grant(request)
            if not grant.may_use_ivr:
                raise IvrError(
                    "forbidden", "This account may not use the IVR API: it needs the IVR role.", 403
                )
            if request.method not in ALLOWED_METHODS:
                raise IvrError("method_not_allowed", f'Method "{request.method}" not allowed.', 405)
            data = {} if request.method == "OPTIONS" else self.get(request, **kwargs)
            status = 200
            if isinstance(data, Response):  # views written for DRF keep working
                data, status = data.data, data.status_code
        except Exception as exception:
            error = _error_from(exception)
            data, status, headers = {"error": error.code, "detail": error.detail}, error.status, error.headers
        else:
            headers = {}
        if self._stale:
            headers[STALE_HEADER] = self._stale
        return ivr_response(data, status, xml=xml, item_names=self.xml_item_names, headers=headers)

    def get(self, request: HttpRequest, **kwargs: Any) -> Mapping[str, Any]:
        raise NotImplementedError


class IvrErrorSerializer(serializers.Serializer):
    """The error body of every IVR answer that is not a 200 (for the schema)."""

    error = serializers.CharField(help_text="A short code: bad_parameter, unauthorized, not_found, ...")
    detail = serializers.CharField(help_text="One sentence saying what is wrong.")


IVR_ERROR_RESPONSES = {code: IvrErrorSerializer for code in (400, 401, 403, 404, 429, 503)}


class IvrFastPath:
    """First middleware: /ivr/ goes straight to its view, past every other middleware (no session,
    messages, CSRF, CSP or HTMX work); an unknown /ivr/ address gets the contract's 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/ivr/"):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return ivr_error_response(
                request, IvrError("not_found", "There is no IVR endpoint at this address.", 404)
            )
        return match.func(request, *match.args, **match.kwargs)
