"""Pages of the calendars app, mounted at /calendars/."""

from django.urls import path

from calendars.views import calendar_settings, dashboard, holidays, hours, pages

app_name = "calendars"
urlpatterns = [
    path("", dashboard.CalendarListView.as_view(), name="list"),
    path("new/", dashboard.CalendarCreateView.as_view(), name="create"),
    path("<int:pk>/", pages.CalendarDetailView.as_view(), name="detail"),
    path("<int:pk>/emergency/", dashboard.EmergencySwitchView.as_view(), name="emergency"),
    path("<int:pk>/hours/", hours.HoursView.as_view(), name="hours"),
    path("<int:pk>/holidays/", holidays.HolidaysView.as_view(), name="holidays"),
    path("<int:pk>/holidays.ics", holidays.IcsExportView.as_view(), name="ics"),
    path("<int:pk>/special-days/", hours.SpecialDaysView.as_view(), name="special-days"),
    path("<int:pk>/settings/", calendar_settings.SettingsView.as_view(), name="settings"),
    path("<int:pk>/history/", pages.HistoryView.as_view(), name="history"),
]
