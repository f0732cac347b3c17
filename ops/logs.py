"""Structured logs: one JSON object per line (LOG_FORMAT=json), each with the request id, no secrets.

The request id comes from the `X-Request-ID` header that nginx sets (`proxy_set_header X-Request-ID
$request_id`), or is made here; it is echoed in the answer and in every log line written while the
request is served (`ops.wsgi`). Secrets are scrubbed from every message: HTTP credentials, passwords and
tokens in `key=value` or JSON form, and the password part of URLs such as DATABASE_URL.
"""

from __future__ import annotations

import contextvars
import itertools
import logging
import os
import re
import secrets
from typing import Any

from pythonjsonlogger import json as _json

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_VALID_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_SECRETS = (
    # Authorization: Basic abc / Token abc / Bearer abc
    (re.compile(r"(?i)\b(basic|token|bearer)\s+[A-Za-z0-9+/=._-]{8,}"), r"\1 [redacted]"),
    # password=..., "password": "...", secret_key: ..., api_key=...
    (
        re.compile(
            r"""(?i)(["']?\b[\w-]*(?:password|passwd|secret|token|api[_-]?key)[\w-]*["']?\s*[=:]\s*)(["']?)[^\s"',&}]+"""
        ),
        r"\1\2[redacted]",
    ),
    # scheme://user:password@host
    (re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s/]+@"), r"\1[redacted]@"),
)


class _Ids:
    """Request ids: a random prefix per process and a counter (unique without a system call per request)."""

    def __init__(self) -> None:
        self.renew()
        os.register_at_fork(after_in_child=self.renew)  # a forked worker never repeats its parent's ids

    def renew(self) -> None:
        self.prefix, self.counter = secrets.token_hex(5), itertools.count(1)

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter):06x}"


_ids = _Ids()


def new_request_id(offered: str | None) -> str:
    """The id nginx (or a client) offered when it is well-formed, else a new one."""
    if offered and _VALID_ID.fullmatch(offered):
        return offered
    return _ids.next()


def scrub(text: str) -> str:
    """`text` with anything that looks like a credential replaced by `[redacted]`."""
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record and scrubs secrets from its message (formatted once, here)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


class TextFormatter(logging.Formatter):
    """Plain lines for a terminal, with the request id; tracebacks scrubbed like messages."""

    def formatException(self, ei: Any) -> str:
        return scrub(super().formatException(ei))


class JsonFormatter(_json.JsonFormatter):
    """One JSON object per line (python-json-logger); tracebacks scrubbed like messages."""

    def formatException(self, ei: Any) -> str:
        formatted = super().formatException(ei)  # a list of lines only with exc_info_as_array (not used)
        return scrub(formatted if isinstance(formatted, str) else "\n".join(formatted))
