"""The management API's HTTP Basic: 401 with a challenge on a wrong password, 429 with Retry-After when
the address has failed too often (checked before any password hash, core/auth_throttle.py)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication, get_authorization_header
from rest_framework.request import Request

from core.auth_throttle import client_address, throttle, throttled_detail
from core.credentials import credential_memory


class ThrottledBasicAuthentication(BasicAuthentication):
    www_authenticate_realm = "Supervisor Tools API"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        scheme, _, secret = get_authorization_header(request).decode("latin-1").partition(" ")
        if scheme.lower() != "basic":
            return None
        digest = credential_memory.digest("api-basic", secret.strip())
        if credential_memory.refused(digest):
            raise exceptions.AuthenticationFailed("Invalid username/password.")
        address = client_address(request)
        wait = throttle.retry_after(address)
        if wait:
            raise exceptions.Throttled(wait, throttled_detail(wait))
        token = credential_memory.token()
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.failed(address)
            credential_memory.remember_refusal(digest, token)
            raise
