"""What one HTTP exchange with a UCCX node came to: the decoded body, or the typed UccxError for an
HTTP error, for apiErrors in the body (even on a 2xx), or for a transport failure."""

from typing import Any

import requests
import urllib3

from uccx_client import shapes
from uccx_client.errors import (
    UccxAuthError,
    UccxConflictError,
    UccxError,
    UccxNotFoundError,
    UccxReadOnlyError,
    UccxResponseError,
    UccxUnavailableError,
    UccxValidationError,
)
from uccx_client.nodes import Node
from uccx_client.quirks import api_errors, api_errors_from_xml, error_message, error_status

READ_METHODS = frozenset({"GET", "HEAD"})
# Statuses meaning "UCCX refused the content for good".
_VALIDATION_STATUSES = frozenset({400, 412, 413, 415, 422, 424})
# Gateway answers: the request may have reached UCCX and been applied; its answer was lost on the way.
_LOST_ANSWER_STATUSES = frozenset({502, 504})


def error_for(node: Node, method: str, response: requests.Response, errors: list[dict]) -> UccxError:
    """The typed error for an answer that is an HTTP error or carries apiErrors (even on a 2xx)."""
    status = response.status_code if response.status_code >= 400 else error_status(errors, 400)
    uccx_text = error_message(errors)
    text = uccx_text or f"UCCX answered HTTP {status} {response.reason or ''}".strip()
    if status in (401, 403):
        return UccxAuthError(
            uccx_text or f"UCCX refused the configured account (HTTP {status}).",
            status=status,
            node=node.name,
        )
    if status == 404:
        return UccxNotFoundError(text, status=status, node=node.name)
    if status == 409:
        return UccxConflictError(text, status=status, node=node.name)
    if status in _VALIDATION_STATUSES:
        return UccxValidationError(text, status=status, node=node.name)
    if status == 503 and errors and method not in READ_METHODS:
        return UccxReadOnlyError(text, status=status, node=node.name)
    if status >= 500:
        return UccxUnavailableError(
            f"UCCX node {node.name}: {text}",
            status=status,
            node=node.name,
            maybe_applied=method not in READ_METHODS and status in _LOST_ANSWER_STATUSES,
        )
    return UccxError(text, status=status, node=node.name)


def decoded_body(response: requests.Response, node: Node) -> Any:
    """The decoded body: JSON as asked, or XML (some UCCX answers ignore Accept) in the same JSON form."""
    content_type = response.headers.get("Content-Type", "")
    if not response.content.strip():
        return None
    if "xml" in content_type:
        try:
            return shapes.xml_to_data(response.content)
        except UccxResponseError:
            return None
    if "json" not in content_type:
        return None
    try:
        return response.json()
    except ValueError as exc:
        if response.status_code >= 400:
            return None
        raise UccxError(
            f"UCCX node {node.name} answered invalid JSON.", status=response.status_code, node=node.name
        ) from exc


def api_errors_of(response: requests.Response, body: Any) -> list[dict]:
    if body is not None and "xml" not in response.headers.get("Content-Type", ""):
        return api_errors(body)
    if "xml" in response.headers.get("Content-Type", ""):
        return api_errors_from_xml(response.text)
    return []


def was_sent(exc: requests.RequestException) -> bool:
    """False when the connection failed before the request went out (refused, connect timeout, TLS)."""
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):  # includes NewConnectionError (refused)
        return False
    return isinstance(exc, requests.ConnectionError | requests.Timeout)


def describe_failure(exc: requests.RequestException, timeout: float) -> str:
    """A short, secret-free description of a transport failure."""
    if isinstance(exc, requests.ConnectTimeout):
        return f"could not connect within {timeout:g} s"
    if isinstance(exc, requests.ReadTimeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS handshake failed (is the certificate trusted? see UCCX_VERIFY_TLS)"
    if not was_sent(exc):
        return "connection refused"
    if isinstance(exc, requests.ConnectionError):
        return "connection dropped before an answer"
    return f"request failed ({type(exc).__name__})"
