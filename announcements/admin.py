"""Announcements in Django admin: history (and revert) for every model; rows are changed through the
pages and API, whose services keep the IVR snapshot and UCCX's prompt repository in step, so admin
shows them and links to the page that edits them."""

from __future__ import annotations

from django.contrib import admin

from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder, Region, Service
from core.admin import ReadOnlyAdminMixin, RulesHistoryAdmin


class _ServiceWrittenAdmin(ReadOnlyAdminMixin, RulesHistoryAdmin):
    """Read-only here: a save must go through the services (snapshot, outbox)."""


@admin.register(PromptFolder)
class PromptFolderAdmin(_ServiceWrittenAdmin):
    list_display = ["path", "team"]
    search_fields = ["path"]


@admin.register(Prompt)
class PromptAdmin(_ServiceWrittenAdmin):
    list_display = ["path", "duration_ms", "size_bytes", "encoding", "team", "updated_at"]
    search_fields = ["path", "description"]
    exclude = ["audio", "waveform"]


@admin.register(Service)
class ServiceAdmin(_ServiceWrittenAdmin):
    list_display = ["dn", "name", "calendar", "default_target", "team"]
    search_fields = ["dn", "name"]


@admin.register(Region)
class RegionAdmin(_ServiceWrittenAdmin):
    list_display = ["name", "prefixes", "team"]
    search_fields = ["name"]


@admin.register(Announcement)
class AnnouncementAdmin(_ServiceWrittenAdmin):
    list_display = ["name", "kind", "enabled", "prompt", "order", "then", "recurrence", "team"]
    list_filter = ["kind", "enabled", "recurrence"]
    search_fields = ["name", "description"]


@admin.register(CallSwitch)
class CallSwitchAdmin(_ServiceWrittenAdmin):
    list_display = ["name", "on", "value", "note", "expires_at", "team"]
    list_filter = ["on"]
    search_fields = ["name", "note"]
