"""Calendars in Django admin: read-only views with history, and actions that go through the services.

Every calendar write must rebuild the IVR snapshot and queue UCCX's copy in the same transaction
(calendars.services), so admin never saves calendar rows itself: it shows them, links to the page that
edits them, and offers the operator actions an administrator needs in an incident.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from calendars.models import Calendar, CalendarSnapshot, Holiday, HolidayProfile, SpecialDay, WeeklyInterval
from calendars.selectors import SYNC_KIND
from calendars.services import calendar_reproject, emergency_switch_off
from core.admin import ReadOnlyAdminMixin, RulesHistoryAdmin
from sync.selectors import sync_state_for


class WeeklyIntervalInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WeeklyInterval
    extra = 0


class HolidayInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Holiday
    fk_name = "calendar"
    extra = 0


class ProfileHolidayInline(HolidayInline):
    fk_name = "profile"


class SpecialDayInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SpecialDay
    extra = 0


@admin.register(Calendar)
class CalendarAdmin(ReadOnlyAdminMixin, RulesHistoryAdmin):
    list_display = ["name", "team", "time_zone", "emergency_mode", "uccx_sync", "updated_at", "page"]
    list_filter = ["team", "emergency_mode", "time_zone"]
    search_fields = ["name", "description", "emergency_note"]
    inlines = [WeeklyIntervalInline, HolidayInline, SpecialDayInline]
    actions = ["turn_emergency_off", "queue_uccx_copy_again"]

    def revert_disabled(self, request: HttpRequest, obj: Calendar | None = None) -> bool:
        return True  # a revert would bypass the snapshot and the outbox: edit on the calendar's page

    @admin.display(description="UCCX")
    def uccx_sync(self, calendar: Calendar) -> str:
        state = sync_state_for(SYNC_KIND, calendar.pk)
        if state is None:
            return "—"
        return f"{state.state}: {state.detail}" if state.state == "failed" else state.state

    @admin.display(description="edit")
    def page(self, calendar: Calendar) -> str:
        return format_html(
            '<a href="{}">open the calendar page</a>', reverse("calendars:detail", args=[calendar.pk])
        )

    def _may_change(self, request: HttpRequest, calendar: Calendar) -> bool:
        return request.user.has_perm("calendars.change_calendar", calendar)

    @admin.action(description="Turn the emergency switch off")
    def turn_emergency_off(self, request: HttpRequest, queryset: QuerySet[Calendar]) -> None:
        switched = [
            emergency_switch_off(calendar=calendar, actor=request.user).calendar.name
            for calendar in queryset.exclude(emergency_mode="")
            if self._may_change(request, calendar)
        ]
        self.message_user(request, f"Emergency switch turned off: {', '.join(switched) or 'none was on'}.")

    @admin.action(description="Queue UCCX's copy again (re-project holidays and hours)")
    def queue_uccx_copy_again(self, request: HttpRequest, queryset: QuerySet[Calendar]) -> None:
        queued = [
            calendar.name
            for calendar in queryset
            if self._may_change(request, calendar) and calendar_reproject(calendar=calendar) is not None
        ]
        if queued:
            self.message_user(request, f"Queued for UCCX: {', '.join(queued)}.")
        else:
            self.message_user(request, "UCCX's copies were already up to date.", messages.INFO)


@admin.register(HolidayProfile)
class HolidayProfileAdmin(ReadOnlyAdminMixin, RulesHistoryAdmin):
    list_display = ["name", "team", "description"]
    list_filter = ["team"]
    search_fields = ["name", "description"]
    inlines = [ProfileHolidayInline]

    def revert_disabled(self, request: HttpRequest, obj: HolidayProfile | None = None) -> bool:
        return True


@admin.register(CalendarSnapshot)
class CalendarSnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the IVR API answers from, to check it against the calendar when a script misbehaves."""

    list_display = ["name", "version", "built_at"]
    search_fields = ["name"]
