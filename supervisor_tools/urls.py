"""Top-level URLs: pages, the management API (/api/v1/), the IVR API (/ivr/v1/) and admin."""

from django.contrib import admin
from django.urls import include, path

from core.api_schema import SchemaView
from core.views import api_docs

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("sync.urls")),
    path("api/v1/", include("sync.api_urls")),
    path("calendars/", include("calendars.urls")),
    path("api/v1/calendars/", include("calendars.api_urls")),
    path("ivr/v1/calendars/", include("calendars.ivr_urls")),
    path("callers/", include("callers.urls")),
    path("api/v1/callers/", include("callers.api_urls")),
    path("ivr/v1/callers/", include("callers.ivr_urls")),
    path("announcements/", include("announcements.urls")),
    path("api/v1/announcements/", include("announcements.api_urls")),
    path("ivr/v1/", include("announcements.ivr_urls")),
    path("ivr/v1/", include("calls.ivr_urls")),
    path("", include("ops.urls")),
    path("", include("core.urls")),
    path("api/v1/", include("core.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
]

handler404 = "core.views.page_not_found"
