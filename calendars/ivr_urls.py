"""IVR URLs of the calendars app, included under /ivr/v1/calendars/."""

from django.urls import path

from calendars.ivr import CalendarStatusIvr

urlpatterns = [path("<str:name>/status", CalendarStatusIvr.as_view(), name="ivr-calendar-status")]
