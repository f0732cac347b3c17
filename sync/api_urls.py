"""API of the sync app, included under /api/v1/."""

from django.urls import path

from sync.api import UccxReconcileApi, UccxStatusApi

urlpatterns = [
    path("uccx/status", UccxStatusApi.as_view(), name="uccx-status"),
    path("uccx/reconcile", UccxReconcileApi.as_view(), name="uccx-reconcile"),
]
