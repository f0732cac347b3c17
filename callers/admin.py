"""Caller lists in Django admin: read-only, with their history; writes go through callers.services,
which version the list so UCCX's copy and the IVR snapshot follow."""

from __future__ import annotations

from django.contrib import admin

from callers.models import CallerEntry, CallerList, CallerTransfer
from core.admin import ReadOnlyAdminMixin, RulesHistoryAdmin


@admin.register(CallerList)
class CallerListAdmin(ReadOnlyAdminMixin, RulesHistoryAdmin):
    list_display = ["name", "kind", "order", "team", "priority", "target", "version", "updated_at"]
    list_filter = ["kind", "team"]
    search_fields = ["name", "description"]


@admin.register(CallerEntry)
class CallerEntryAdmin(ReadOnlyAdminMixin, RulesHistoryAdmin):
    list_display = ["number", "prefix", "name", "caller_list", "expires_at", "updated_at"]
    list_filter = ["caller_list", "prefix"]
    search_fields = ["number", "name", "reason"]
    list_select_related = ["caller_list"]
    show_full_result_count = False  # a million rows: no COUNT(*) per page


@admin.register(CallerTransfer)
class CallerTransferAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "caller_list", "user", "state", "added", "updated", "rejected"]
    list_filter = ["kind", "state"]
    exclude = ["content"]
