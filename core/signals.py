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


# --- every process forgets remembered credentials when an account changes (core/credentials.py) -------


def _accounts_changed(**kwargs: Any) -> None:
    from core.credentials import ACCOUNTS
    from core.snapshots import bump

    if kwargs.get("update_fields") == frozenset({"last_login"}):
        return  # a sign-in changes nothing a credential depends on
    if kwargs.get("action", "post_").startswith("post_"):
        bump(ACCOUNTS)


def connect_account_changes() -> None:
    """A password, the active flag, group membership (roles), a token or a group: any change counts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from rest_framework.authtoken.models import Token

    user = get_user_model()
    for model in (user, Group, Token):
        post_save.connect(
            _accounts_changed, sender=model, dispatch_uid=f"core.accounts_saved.{model.__name__}"
        )
        post_delete.connect(
            _accounts_changed, sender=model, dispatch_uid=f"core.accounts_deleted.{model.__name__}"
        )
    m2m_changed.connect(_accounts_changed, sender=user.groups.through, dispatch_uid="core.accounts_groups")
    m2m_changed.connect(
        _accounts_changed, sender=user.user_permissions.through, dispatch_uid="core.accounts_permissions"
    )


def _republish_after_restore(**kwargs: Any) -> None:
    from core.snapshots import republish_all

    republish_all(force=True)  # the cache may hold versions the restored database never reached


def connect_restore() -> None:
    from ops.backup import restored

    restored.connect(_republish_after_restore, dispatch_uid="core.republish_after_restore")
