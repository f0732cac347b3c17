"""Management API URLs of the calendars app, included under /api/v1/calendars/."""

from django.urls import path

from calendars.api import calendars, profiles, reads

urlpatterns = [
    path("", calendars.CalendarListApi.as_view(), name="api-calendars"),
    path("dashboard/", reads.DashboardApi.as_view(), name="api-calendars-dashboard"),
    path("countries/", reads.CountriesApi.as_view(), name="api-calendars-countries"),
    path("holiday-profiles/", profiles.HolidayProfileListApi.as_view(), name="api-holiday-profiles"),
    path(
        "holiday-profiles/<int:pk>/", profiles.HolidayProfileDetailApi.as_view(), name="api-holiday-profile"
    ),
    path("<int:pk>/", calendars.CalendarDetailApi.as_view(), name="api-calendar"),
    path("<int:pk>/emergency/", calendars.EmergencyApi.as_view(), name="api-calendar-emergency"),
    path("<int:pk>/weekly/copy/", calendars.CopyDayApi.as_view(), name="api-calendar-copy-day"),
    path(
        "<int:pk>/holidays/import/", calendars.HolidayImportApi.as_view(), name="api-calendar-holiday-import"
    ),
    path("<int:pk>/holidays.ics", calendars.IcsApi.as_view(), name="api-calendar-ics"),
    path("<int:pk>/preview/", reads.PreviewApi.as_view(), name="api-calendar-preview"),
    path("<int:pk>/transitions/", reads.TransitionsApi.as_view(), name="api-calendar-transitions"),
]
