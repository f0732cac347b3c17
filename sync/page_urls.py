"""Pages of the sync app, mounted at /changes/."""

from django.urls import path

from sync import views

app_name = "sync"
urlpatterns = [
    path("", views.ChangesView.as_view(), name="changes"),
    path("badge/<str:kind>/<str:key>/", views.SyncBadgeView.as_view(), name="badge"),
    path("<int:pk>/retry/", views.RetryView.as_view(), name="change-retry"),
    path("<int:pk>/discard/", views.DiscardView.as_view(), name="change-discard"),
    path("drift/<int:pk>/seen/", views.AcknowledgeDriftView.as_view(), name="drift-acknowledge"),
]
