"""Admin of teams, users (with their roles and teams) and the sign-in audit; history and revert included."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User  # the user model (AUTH_USER_MODEL is not swapped)
from django.db.models import QuerySet
from django.http import HttpRequest
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.models import LoginEvent, Team
from core.rules import is_administrator
from core.selectors import role_names

UserModel = get_user_model()
KEY_PREFIX_LENGTH = 6


class ReadOnlyAdminMixin:
    """Rows are written by services only; admin may look, not touch."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RulesHistoryAdmin(SimpleHistoryAdmin, ObjectPermissionsModelAdmin):
    """Base for the project's model admins: history with revert, and the object rules of core/rules.py.

    Domain apps: `@admin.register(Calendar) class CalendarAdmin(RulesHistoryAdmin): ...`
    """


@admin.register(Team)
class TeamAdmin(RulesHistoryAdmin):
    list_display = ["name", "uccx_id", "supervisor_names", "in_uccx", "synced_at"]
    list_filter = ["in_uccx"]
    search_fields = ["name", "uccx_id", "supervisors__username"]
    filter_horizontal = ["supervisors"]
    readonly_fields = ["synced_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Team]:
        return super().get_queryset(request).prefetch_related("supervisors")

    @admin.display(description="supervisors")
    def supervisor_names(self, team: Team) -> str:
        return ", ".join(user.get_username() for user in team.supervisors.all()) or "—"


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail of sign-ins cannot be edited or deleted from the admin."""

    list_display = ["at", "kind", "username", "ip_address", "user_agent"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LoginEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LoginEvent | None = None) -> bool:
        return False


class SupervisedTeamsInline(admin.TabularInline):
    """The UCCX teams a user supervises; kept by the team sync, so shown read-only here."""

    model = Team.supervisors.through
    verbose_name = "supervised team"
    verbose_name_plural = "supervised teams (from UCCX)"
    extra = 0
    can_delete = False
    readonly_fields = ["team"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.unregister(UserModel)


@admin.register(UserModel)
class AccountAdmin(SimpleHistoryAdmin, UserAdmin):
    list_display = ["username", "full_name", "roles", "teams", "is_active", "last_login"]
    list_filter = ["groups", "is_active", "supervised_teams", "is_staff"]
    inlines = [SupervisedTeamsInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).prefetch_related("groups", "supervised_teams")

    @admin.display(description="name")
    def full_name(self, user: User) -> str:
        return user.get_full_name() or "—"

    @admin.display(description="roles")
    def roles(self, user: User) -> str:
        return ", ".join(role_names(user)) or "—"

    @admin.display(description="teams")
    def teams(self, user: User) -> str:
        return ", ".join(team.name for team in user.supervised_teams.all()) or "—"


def _administrators_may_enter(request: HttpRequest) -> bool:
    """The Administrator role opens the admin even without the staff flag (superusers always do)."""
    user = request.user
    return user.is_active and (user.is_staff or is_administrator(user))


admin.site.has_permission = _administrators_may_enter  # type: ignore[method-assign]  # one rule, no subclass
admin.site.site_header = "Supervisor Tools administration"
admin.site.site_title = "Supervisor Tools"
admin.site.index_title = "Administration"


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(TokenAdmin):
    """API and IVR tokens: the list shows a key's first characters only (enough to tell tokens apart, not
    to use one); the whole key is shown once, when the token is made."""

    list_display = ("key_prefix", "user", "created")

    @admin.display(description="key")
    def key_prefix(self, token: TokenProxy) -> str:
        return f"{token.key[:KEY_PREFIX_LENGTH]}…"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                f"The key of {obj.user}'s new token is {obj.key}. Copy it now: it is not shown again.",
            )
