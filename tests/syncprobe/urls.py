"""The project's URLs plus the probe API (tests: `@pytest.mark.urls("tests.syncprobe.urls")`)."""

from django.urls import path

from supervisor_tools.urls import handler404
from supervisor_tools.urls import urlpatterns as project_urlpatterns
from tests.syncprobe.api import ProbeDetailApi, ProbeListApi

urlpatterns = [
    *project_urlpatterns,
    path("probe-api/calendars/", ProbeListApi.as_view(), name="probe-list"),
    path("probe-api/calendars/<int:pk>/", ProbeDetailApi.as_view(), name="probe-detail"),
]
__all__ = ["handler404", "urlpatterns"]
