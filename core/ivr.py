"""Infrastructure of the IVR API (/ivr/v1/, contract: shared/contract/ivr-api.md).

A domain app's endpoint is a subclass of `IvrView` with a `get()` that returns a plain dict:

    class CalendarStatusIvr(IvrView):
        def get(self, request, name):
            at = parse_at(request)
            ...
            raise IvrError("not_found", f"There is no calendar named {name!r}.", 404)
            return Response({"calendar": name, "state": "open", ...})

It gets HTTP Basic or Token authentication with a cached credential check (IVR scripts call on
every call, so a password hash per request is not affordable), the IVR role check, JSON or XML
(`Accept: application/xml` or `?format=xml`), `Cache-Control: no-store` and `{"error", "detail"}` errors.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree

from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, TokenAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

REALM = 'Basic realm="Supervisor Tools IVR", charset="UTF-8"'
CREDENTIAL_TTL = 300.0  # seconds a verified Basic credential is trusted without a new hash
CREDENTIAL_CACHE_SIZE = 1024


class IvrError(exceptions.APIException):
    """An IVR answer with `{"error": code, "detail": sentence}` and this HTTP status."""

    def __init__(self, code: str, detail: str, status_code: int = status.HTTP_400_BAD_REQUEST) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.error_code = code


def ivr_error(code: str, detail: str, status_code: int) -> Response:
    """The error body of the IVR contract; rendered as JSON or XML like any other answer."""
    return Response({"error": code, "detail": detail}, status=status_code)


class _CredentialCache:
    """Verified Basic credentials: HMAC(username, password, password hash) -> user id, for a few minutes.

    The key is per process and random, the password is never stored, and a new password (a new hash)
    never matches an old entry.
    """

    def __init__(self, ttl: float, size: int) -> None:
        self._key = secrets.token_bytes(32)
        self._ttl, self._size = ttl, size
        self._entries: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def digest(self, username: str, password: str, password_hash: str) -> str:
        message = "\0".join((username, password, password_hash)).encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def get(self, digest: str) -> int | None:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[1] < time.monotonic():
                self._entries.pop(digest, None)
                return None
            return entry[0]

    def put(self, digest: str, user_id: int) -> None:
        with self._lock:
            self._entries[digest] = (user_id, time.monotonic() + self._ttl)
            self._entries.move_to_end(digest)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


credential_cache = _CredentialCache(CREDENTIAL_TTL, CREDENTIAL_CACHE_SIZE)


class IvrAuthentication(BaseAuthentication):
    """`Authorization: Basic ...` (checked once, then cached) or `Authorization: Token <key>`."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() == "token":
            return TokenAuthentication().authenticate(request)
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as error:
            raise exceptions.AuthenticationFailed("The Basic credentials are not valid base64.") from error
        username, colon, password = decoded.partition(":")
        if not colon:
            raise exceptions.AuthenticationFailed("The Basic credentials must be username:password.")
        return self._basic(request, username, password), None

    def _basic(self, request: Request, username: str, password: str) -> Any:
        user = get_user_model()._default_manager.filter(username=username, is_active=True).first()
        if user is not None:
            digest = credential_cache.digest(username, password, user.password)
            if credential_cache.get(digest) == user.pk:
                return user
        verified = authenticate(request._request, username=username, password=password)
        if verified is None:
            raise exceptions.AuthenticationFailed("Wrong username or password.")
        credential_cache.put(credential_cache.digest(username, password, verified.password), verified.pk)
        return verified

    def authenticate_header(self, request: Request) -> str:
        return REALM


class IvrPermission(BasePermission):
    """The IVR role (or Administrator); anybody else authenticated gets 403."""

    message = "This account may not use the IVR API: it needs the IVR role."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        return request.user.has_perm("core.use_ivr")


def _xml_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _xml_fill(element: ElementTree.Element, value: Any, item_names: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, list | tuple):
                for item in child:
                    _xml_fill(ElementTree.SubElement(element, item_names.get(key, key)), item, item_names)
            else:
                _xml_fill(ElementTree.SubElement(element, key), child, item_names)
    else:
        element.text = _xml_text(value)


class IvrRenderer(BaseRenderer):
    """XML for UCCX scripts: root <response>, one child per field, lists as repeated elements.

    A list field repeats its own name (`announcement`), unless the view's `xml_item_names` maps it
    (`lists` -> `list`). Booleans are true/false and None an empty element, so XPath like
    `/response/announcement[1]/prompt` works.
    """

    media_type = "application/xml"
    format = "xml"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        view = (renderer_context or {}).get("view")
        root = ElementTree.Element("response")
        _xml_fill(root, data, getattr(view, "xml_item_names", {}))
        return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


class IvrJsonRenderer(JSONRenderer):
    """JSON with the same field names as the XML (ensure_ascii off, compact)."""

    ensure_ascii = False
    compact = True


class IvrNegotiation(BaseContentNegotiation):
    """XML when `?format=xml` or the Accept header names XML, JSON otherwise: never a 406."""

    def select_renderer(self, request: Request, renderers: list, format_suffix: str | None = None) -> tuple:
        wanted = (request.query_params.get("format") or format_suffix or "").lower()
        accept = request.META.get("HTTP_ACCEPT", "")
        xml = wanted == "xml" or (wanted != "json" and re.search(r"\b(application|text)/xml\b", accept))
        renderer = next(r for r in renderers if (r.format == "xml") == bool(xml))
        return renderer, renderer.media_type

    def select_parser(self, request: Request, parsers: list) -> None:
        return None


_AT_HELP = (
    "The parameter 'at' must be an ISO 8601 date and time with a UTC offset, e.g. 2026-12-24T09:30:00+01:00."
)


def parse_at(request: Request) -> datetime:
    """The instant to evaluate: `?at=` (ISO 8601 with an offset) or now. Raises IvrError 400 otherwise.

    An unencoded `+` in a query string arrives as a space; that form is accepted too.
    """
    raw = request.query_params.get("at", "").strip()
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


_ERROR_CODES = {
    400: "bad_parameter",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
}


class IvrView(APIView):
    """Base of every IVR endpoint: GET only, no session/CSRF, contract errors, never cached."""

    http_method_names = ["get", "head", "options"]
    authentication_classes = [IvrAuthentication]
    permission_classes = [IvrPermission]
    renderer_classes = [IvrJsonRenderer, IvrRenderer]
    content_negotiation_class = IvrNegotiation
    parser_classes: list = []
    xml_item_names = {"lists": "list"}
    schema = None  # documented in shared/contract/ivr-api.md, not in the management API schema

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Http404):
            exc = IvrError("not_found", str(exc) or "Not found.", status.HTTP_404_NOT_FOUND)
        elif isinstance(exc, DjangoPermissionDenied):  # e.g. django-axes refusing a locked-out account
            exc = IvrError("forbidden", str(exc) or "Access denied.", status.HTTP_403_FORBIDDEN)
        if not isinstance(exc, exceptions.APIException):
            raise exc
        if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
            exc.status_code = status.HTTP_401_UNAUTHORIZED
        code = getattr(exc, "error_code", None) or _ERROR_CODES.get(exc.status_code, exc.default_code)
        response = ivr_error(code, _sentence(exc.detail), exc.status_code)
        if exc.status_code == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = REALM
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response


def _sentence(detail: Any) -> str:
    if isinstance(detail, dict):
        return " ".join(f"{key}: {_sentence(value)}" for key, value in detail.items())
    if isinstance(detail, list):
        return " ".join(_sentence(item) for item in detail)
    return str(detail)
