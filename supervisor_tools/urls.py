"""Top-level URLs: pages, the management API (/api/v1/), the IVR API (/ivr/v1/) and admin."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
