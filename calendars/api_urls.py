"""Management API URLs of the calendars app, included under /api/v1/calendars/."""

from django.urls import path

from calendars import api

urlpatterns = [
    path("", api.CalendarListApi.as_view(), name="api-calendars"),
    path("dashboard/", api.DashboardApi.as_view(), name="api-calendars-dashboard"),
    path("countries/", api.CountriesApi.as_view(), name="api-calendars-countries"),
    path("holiday-profiles/", api.HolidayProfileListApi.as_view(), name="api-holiday-profiles"),
    path("holiday-profiles/<int:pk>/", api.HolidayProfileDetailApi.as_view(), name="api-holiday-profile"),
    path("<int:pk>/", api.CalendarDetailApi.as_view(), name="api-calendar"),
    path("<int:pk>/emergency/", api.EmergencyApi.as_view(), name="api-calendar-emergency"),
    path("<int:pk>/weekly/copy/", api.CopyDayApi.as_view(), name="api-calendar-copy-day"),
    path("<int:pk>/holidays/import/", api.HolidayImportApi.as_view(), name="api-calendar-holiday-import"),
    path("<int:pk>/holidays.ics", api.IcsApi.as_view(), name="api-calendar-ics"),
    path("<int:pk>/preview/", api.PreviewApi.as_view(), name="api-calendar-preview"),
    path("<int:pk>/transitions/", api.TransitionsApi.as_view(), name="api-calendar-transitions"),
]
