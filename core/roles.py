"""Model permissions of the four roles (auth groups). Object rules on top of them live in core/rules.py.

Groups get the permissions of each app's models when it is migrated (migration core.0002 and a
post_migrate receiver), so a domain app added later needs nothing more than to be listed below.
Permissions are only ever added here: an administrator's manual grants survive a migrate.
"""

from __future__ import annotations

from typing import Any

from core.rules import ADMINISTRATOR, ROLES, SUPERVISOR, VIEWER

DOMAIN_APPS = frozenset({"calendars", "announcements", "callers"})
READABLE_APPS = DOMAIN_APPS | {"sync"}
ADMINISTERED_APPS = READABLE_APPS | {"core", "auth", "authtoken", "axes"}


def role_grants(role: str, app_label: str, model: str, codename: str) -> bool:
    """Whether `role` holds the model permission `app_label.codename` (on `model`)."""
    if role == ADMINISTRATOR:
        return app_label in ADMINISTERED_APPS
    reading = codename.startswith("view_")
    readable = app_label in READABLE_APPS or (app_label, model) == ("core", "team")
    if role == SUPERVISOR:
        return (app_label in DOMAIN_APPS and not model.startswith("historical")) or (readable and reading)
    if role == VIEWER:
        return readable and reading
    return False  # IVR: the IVR API only, checked by role, no model permissions


def grant_role_permissions(*, apps: Any, app_labels: list[str]) -> None:
    """Create the role groups if needed and add them the permissions of these apps' models."""
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permissions = list(
        permission_model.objects.filter(content_type__app_label__in=app_labels).select_related("content_type")
    )
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        group.permissions.add(
            *[
                permission
                for permission in permissions
                if role_grants(
                    role,
                    permission.content_type.app_label,
                    permission.content_type.model,
                    permission.codename,
                )
            ]
        )


def grant_on_post_migrate(sender: Any, apps: Any = None, **kwargs: Any) -> None:
    """post_migrate receiver: auth has just created this app's permissions; give the roles theirs.

    `flush` (run between transactional tests) sends the signal without `apps`: the live registry then."""
    if apps is None:
        from django.apps import apps
    try:
        apps.get_model("auth", "Permission")
    except LookupError:  # auth not migrated (yet) in this run
        return
    grant_role_permissions(apps=apps, app_labels=[sender.label])
