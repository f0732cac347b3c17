"""Pages of the calendars app, mounted at /calendars/."""

from django.urls import path

from calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.CalendarListView.as_view(), name="list"),
    path("new/", views.CalendarCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CalendarDetailView.as_view(), name="detail"),
    path("<int:pk>/emergency/", views.EmergencySwitchView.as_view(), name="emergency"),
    path("<int:pk>/hours/", views.HoursView.as_view(), name="hours"),
    path("<int:pk>/holidays/", views.HolidaysView.as_view(), name="holidays"),
    path("<int:pk>/holidays.ics", views.IcsExportView.as_view(), name="ics"),
    path("<int:pk>/special-days/", views.SpecialDaysView.as_view(), name="special-days"),
    path("<int:pk>/settings/", views.SettingsView.as_view(), name="settings"),
    path("<int:pk>/history/", views.HistoryView.as_view(), name="history"),
]
