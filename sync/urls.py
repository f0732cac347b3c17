"""Pages of the sync app: the Changes page (/changes/), the UCCX status page and banner, the team sync."""

from django.urls import path

from sync import views

app_name = "sync"
urlpatterns = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("changes/badge/<str:kind>/<str:key>/", views.SyncBadgeView.as_view(), name="badge"),
    path("changes/<int:pk>/retry/", views.RetryView.as_view(), name="change-retry"),
    path("changes/<int:pk>/discard/", views.DiscardView.as_view(), name="change-discard"),
    path("changes/drift/<int:pk>/seen/", views.AcknowledgeDriftView.as_view(), name="drift-acknowledge"),
    path("status/", views.StatusView.as_view(), name="status"),
    path("status/banner/", views.StatusBannerView.as_view(), name="status-banner"),
    path("teams/sync/", views.TeamSyncView.as_view(), name="teams-sync"),
    path("status/reconcile/", views.ReconcileView.as_view(), name="reconcile"),
]
