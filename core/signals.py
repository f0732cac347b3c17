"""The login audit: every sign-in, sign-out, failed sign-in and lock-out becomes a LoginEvent."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.models import LoginEvent
from core.services import login_event_record


@receiver(user_logged_in, dispatch_uid="core.audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    login_event_record(kind=LoginEvent.Kind.LOGIN, username=user.get_username(), request=request, user=user)


@receiver(user_logged_out, dispatch_uid="core.audit_logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        login_event_record(
            kind=LoginEvent.Kind.LOGOUT, username=user.get_username(), request=request, user=user
        )


@receiver(user_login_failed, dispatch_uid="core.audit_login_failed")
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    login_event_record(kind=LoginEvent.Kind.FAILED, username=credentials.get("username", ""), request=request)


@receiver(user_locked_out, dispatch_uid="core.audit_locked_out")
def _locked_out(sender: Any, request: Any, username: str, **kwargs: Any) -> None:
    login_event_record(kind=LoginEvent.Kind.LOCKED, username=username or "", request=request)
