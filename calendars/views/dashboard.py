"""The calendars dashboard, creating a calendar, and the emergency switch of the dashboard's rows."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from calendars import services
from calendars.forms.calendar import CalendarForm, EmergencyForm
from calendars.forms.hours import WeeklyHoursForm
from calendars.models import Calendar
from calendars.selectors import (
    calendar_dashboard,
)
from calendars.services import CalendarInvalid
from calendars.views.pages import flash_saved, form_data
from core.errors import show_errors
from core.views import PageMixin, TeamScopedMixin


class CalendarListView(PageMixin, TemplateView):
    """Every calendar with its state now and a prominent emergency switch."""

    template_name = "calendars/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        return super().get_context_data(
            rows=calendar_dashboard(user), can_add=user.has_perm("calendars.add_calendar"), **kwargs
        )


class CalendarCreateView(PageMixin, TemplateView):
    template_name = "calendars/create.html"
    permission_required = "calendars.add_calendar"

    def _forms(self, data: Any = None) -> tuple[CalendarForm, WeeklyHoursForm]:
        return CalendarForm(data, user=self.request.user), WeeklyHoursForm(data, prefix="hours")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"], kwargs["hours_form"] = self._forms()
            teams = kwargs["form"].fields["team"].queryset
            if teams.count() == 1:
                kwargs["form"].initial["team"] = teams.first()
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form, hours_form = self._forms(request.POST)
        if form.is_valid() and hours_form.is_valid():
            try:
                result = services.calendar_create(
                    actor=request.user, data=form_data(form, None, hours_form.weekly())
                )
            except CalendarInvalid as error:
                show_errors(error, (form, CalendarForm.field_for), (hours_form, WeeklyHoursForm.field_for))
            else:
                flash_saved(request, result, f"Calendar {result.calendar.name} created.")
                return redirect("calendars:detail", pk=result.calendar.pk)
        return self.render_to_response(self.get_context_data(form=form, hours_form=hours_form), status=400)


class EmergencySwitchView(TeamScopedMixin, SingleObjectMixin, TemplateView):
    """The dashboard's one-click switch: `switch=on` (force closed, or the posted mode and note) or
    `switch=off`; then back to the dashboard."""

    model = Calendar
    object_action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        calendar = self.object = self.get_object()
        if request.POST.get("switch") == "off":
            result = services.emergency_switch_off(calendar=calendar, actor=request.user)
            flash_saved(request, result, f"Emergency switch of {calendar.name} is off.")
            return redirect("calendars:list")
        form = EmergencyForm(request.POST, zone=ZoneInfo(calendar.time_zone))
        problems = [str(e) for errors in form.errors.values() for e in errors]
        if not problems:
            try:
                result = services.emergency_switch_on(calendar=calendar, actor=request.user, **form.switch())
            except CalendarInvalid as error:
                problems = [problem.message for problem in error.field_errors]
            else:
                note = form.cleaned_data["note"]
                flash_saved(request, result, f"Emergency switch of {calendar.name} is ON: {note}.")
                return redirect("calendars:list")
        messages.error(
            request, f"The emergency switch of {calendar.name} was not turned on: {' '.join(problems)}"
        )
        return redirect("calendars:list")
