"""A calendar's settings: name, time zone, team, prompts, UCCX application; and deleting it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect

from calendars import services
from calendars.forms.calendar import CalendarForm
from calendars.rows import calendar_data
from calendars.views.pages import CalendarPage, form_data

_SETTINGS_FIELDS = (
    "name",
    "time_zone",
    "description",
    "team",
    "uccx_application",
    "prompt_closed",
    "prompt_after_hours",
    "prompt_holiday",
    "prompt_emergency",
)


class SettingsView(CalendarPage):
    template_name = "calendars/settings.html"
    section = "settings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        calendar = self.calendar
        initial = {field: getattr(calendar, field) for field in _SETTINGS_FIELDS}
        initial["holiday_profiles"] = list(calendar.holiday_profiles.all())
        form = kwargs.pop("settings_form", None) or CalendarForm(initial=initial, user=self.request.user)
        return super().get_context_data(settings_form=form, **kwargs)

    def do_settings(self) -> HttpResponse | None:
        form = CalendarForm(self.request.POST, user=self.request.user)
        if self.calendar.team is not None and self.calendar.team not in form.fields["team"].queryset:
            form.fields["team"].queryset |= type(self.calendar.team).objects.filter(pk=self.calendar.team.pk)
        return self.saved(
            form,
            CalendarForm.field_for,
            lambda: services.calendar_update(
                calendar=self.calendar,
                actor=self.request.user,
                data=form_data(form, calendar_data(self.calendar)),
                summary="Changed the settings",
            ),
            "Settings saved.",
        )

    def do_delete(self) -> HttpResponse | None:
        if self.request.POST.get("confirm") != self.calendar.name:
            messages.error(self.request, f"Type the calendar's name ({self.calendar.name}) to delete it.")
            return None
        if not self.request.user.has_perm("calendars.delete_calendar", self.calendar):
            return HttpResponseBadRequest("You may not delete this calendar.")
        name = self.calendar.name
        try:
            result = services.calendar_delete(calendar=self.calendar, actor=self.request.user)
        except services.CalendarInvalid as error:
            for field_error in error.field_errors:
                messages.error(self.request, field_error.message)
            return None
        if result.state == "failed":
            messages.error(
                self.request,
                f"Calendar {name} was deleted here, but UCCX refused to delete its copy: {result.detail}",
            )
        elif result.state == "queued":
            messages.warning(
                self.request, f"Calendar {name} deleted here; UCCX's copy goes as soon as UCCX takes changes."
            )
        else:
            messages.success(self.request, f"Calendar {name} deleted, in UCCX too.")
        return redirect("calendars:list")
