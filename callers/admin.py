"""Caller lists in Django admin: read-only with history (and revert); writes go through callers.services,
which version the list so UCCX's copy and the IVR snapshot follow."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from callers.models import CallerEntry, CallerList, CallerTransfer
from core.admin import RulesHistoryAdmin


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CallerList)
class CallerListAdmin(_ReadOnly, RulesHistoryAdmin):
    list_display = ["name", "kind", "order", "team", "priority", "target", "version", "updated_at"]
    list_filter = ["kind", "team"]
    search_fields = ["name", "description"]


@admin.register(CallerEntry)
class CallerEntryAdmin(_ReadOnly, RulesHistoryAdmin):
    list_display = ["number", "prefix", "name", "caller_list", "expires_at", "updated_at"]
    list_filter = ["caller_list", "prefix"]
    search_fields = ["number", "name", "reason"]
    list_select_related = ["caller_list"]
    show_full_result_count = False  # a million rows: no COUNT(*) per page


@admin.register(CallerTransfer)
class CallerTransferAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["created_at", "kind", "caller_list", "user", "state", "added", "updated", "rejected"]
    list_filter = ["kind", "state"]
    exclude = ["content"]
