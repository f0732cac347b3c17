"""API of the sync app, included under /api/v1/."""

from django.urls import path

from sync.api import UccxStatusApi

urlpatterns = [
    path("uccx/status", UccxStatusApi.as_view(), name="uccx-status"),
]
