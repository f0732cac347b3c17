"""Admin of the outbox: changes (retry, discard; audited), drift records and the managed UCCX objects.

Everything here is read-only except through the actions, which go through sync.operators like the
Changes page, so the rules (only failed changes retry, only queued or failed ones discard) hold everywhere.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from sync import operators
from sync.models import Drift, OutboxChange, SyncObject


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the outbox only: viewable, never edited or deleted by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    action: Callable[..., Any],
    done: str,
) -> None:
    """Apply an operator service to every selected row; refusals are reported, not raised."""
    count = 0
    for row in queryset:
        try:
            action(row, request.user)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.WARNING)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, f"{count} {done}.", messages.SUCCESS)


@admin.register(OutboxChange)
class OutboxChangeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = [
        "id",
        "kind",
        "key",
        "operation",
        "state",
        "actor",
        "summary",
        "created_at",
        "attempts",
        "last_error",
    ]
    list_filter = ["state", "operation", "target__kind"]
    search_fields = ["target__key", "target__remote_id", "summary", "last_error", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["target", "actor"]
    actions = ["retry", "discard"]
    readonly_fields = [
        "target",
        "operation",
        "payload",
        "state",
        "summary",
        "actor",
        "created_at",
        "attempts",
        "last_error",
        "applied_at",
        "coalesced_into",
    ]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Viewing the detail page stays read-only; the actions need the model's change permission."""
        return obj is None and request.user.has_perm("sync.change_outboxchange")

    @admin.action(description="Retry the selected failed changes", permissions=["change"])
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxChange]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c, u: operators.retry_change(change=c, actor=u),
            "changes queued again",
        )

    @admin.action(description="Discard the selected changes (UCCX will not get them)", permissions=["change"])
    def discard(self, request: HttpRequest, queryset: QuerySet[OutboxChange]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda c, u: operators.discard_change(change=c, actor=u),
            "changes discarded",
        )


@admin.register(Drift)
class DriftAdmin(ReadOnlyAdmin):
    list_display = ["detected_at", "target", "description", "change", "acknowledged_by", "acknowledged_at"]
    list_filter = ["acknowledged_at", "target__kind"]
    search_fields = ["target__key", "target__remote_id"]
    list_select_related = ["target", "acknowledged_by"]
    readonly_fields = [
        "target",
        "detected_at",
        "expected",
        "found",
        "change",
        "acknowledged_by",
        "acknowledged_at",
    ]
    actions = ["acknowledge"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and request.user.has_perm("sync.change_drift")

    @admin.action(description="Mark the selected drift records as seen", permissions=["change"])
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[Drift]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda d, u: operators.acknowledge_drift(drift=d, actor=u),
            "acknowledged",
        )


@admin.register(SyncObject)
class SyncObjectAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "remote_id", "pending_since", "next_attempt_at", "failures", "synced_at"]
    list_filter = ["kind"]
    search_fields = ["key", "remote_id"]
    readonly_fields = [
        "kind",
        "key",
        "remote_id",
        "last_written",
        "unconfirmed",
        "pending_since",
        "next_attempt_at",
        "failures",
        "claimed_by",
        "claimed_until",
        "synced_at",
    ]
