"""Bounded input for the APIs: request bodies, JSON nesting and list lengths are refused with a JSON 4xx
before any work that grows with them (issue 9). The limits are settings, documented in README.md:

- ``MAX_REQUEST_BODY_BYTES`` (2 MiB): any request body, by its Content-Length, before it is read;
- ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (1 MiB, Django's own): a JSON or form body as it is read;
- ``MAX_JSON_DEPTH`` (20): how deeply a JSON body may nest arrays and objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

JSON_PREFIXES = ("/api/", "/ivr/")
"""Paths whose clients read JSON errors (pages get Django's HTML error pages)."""


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is too large: at most {limit:,} bytes are accepted.")


DISCARD_AT_MOST = 64 * 1024 * 1024
"""Bytes of a refused body read and thrown away, so the client can read the 413 (most clients send the
whole body before they read the answer and see a reset connection otherwise); a larger body is cut."""


def _discard(stream: Any) -> None:
    """Read the rest of a refused body (I/O only, in 64 KB chunks, up to ``DISCARD_AT_MOST``)."""
    left = DISCARD_AT_MOST
    while left > 0 and (chunk := stream.read(min(65536, left))):
        left -= len(chunk)


def _too_deep(value: Any, limit: int) -> bool:
    """True when arrays and objects nest deeper than ``limit`` (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with a size limit while reading and a nesting limit, both answered as JSON."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            _discard(stream)
            raise RequestTooLarge(limit)
        depth = settings.MAX_JSON_DEPTH
        try:
            data = json.loads(raw.decode((parser_context or {}).get("encoding") or "utf-8"))
        except RecursionError as error:
            raise ParseError(f"JSON parse error: nested more than {depth} levels deep.") from error
        except ValueError as error:  # also UnicodeDecodeError
            raise ParseError(f"JSON parse error: {error}") from error
        if _too_deep(data, depth):
            raise ParseError(f"JSON parse error: nested more than {depth} levels deep.")
        return data


class BoundedListField(serializers.ListField):
    """A ListField that refuses more than ``max_length`` items before validating any of them (DRF
    validates every child first, so 20,000 holidays took seconds to be refused)."""

    def to_internal_value(self, data: Any) -> Any:
        if (
            self.max_length is not None
            and isinstance(data, list | tuple)
            and not isinstance(data, str | Mapping)
            and len(data) > self.max_length
        ):
            raise serializers.ValidationError(
                f"At most {self.max_length:,} items are allowed ({len(data):,} given)."
            )
        return super().to_internal_value(data)


def api_exception_handler(exc: Exception, context: Any) -> Response | None:
    """DRF's handler, plus a JSON 413 for a body Django refused while reading it, and the IVR's refusals
    (a management view reading `at=` as the IVR does) as their 4xx instead of a 500."""
    from rest_framework.views import exception_handler  # here: rest_framework.views reads these settings

    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    from core.ivr import IvrError  # the IVR's own readers (e.g. of `at=`), reused by management views

    if isinstance(exc, IvrError):
        return Response({"detail": exc.detail}, status=exc.status, headers=exc.headers)

    return exception_handler(exc, context)


class RequestBodyLimitMiddleware:
    """Refuses a body larger than ``MAX_REQUEST_BODY_BYTES`` by its Content-Length, before anything
    reads it (a 30 MB upload took 7 s to be refused): 413, JSON under /api/ and /ivr/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_REQUEST_BODY_BYTES
        for pattern, upload_limit in getattr(settings, "UPLOAD_BODY_LIMITS", ()):  # file uploads: their own
            if re.fullmatch(pattern, request.path):
                limit = upload_limit
                break
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            _discard(request)
            detail = f"The request body is too large: at most {limit:,} bytes are accepted."
            if request.path.startswith(JSON_PREFIXES):
                return JsonResponse({"detail": detail}, status=413)
            return HttpResponse(detail, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
