"""Pages of the callers app, mounted at /callers/."""

from django.urls import path

from callers import views

app_name = "callers"
urlpatterns = [
    path("", views.CallersHomeView.as_view(), name="list"),
    path("new/", views.CallerListCreateView.as_view(), name="create"),
    path("block/", views.BlockView.as_view(), name="block"),
    path("<int:pk>/", views.CallerListDetailView.as_view(), name="detail"),
    path("<int:pk>/entries/<int:entry_id>/", views.EntryEditView.as_view(), name="entry"),
    path("<int:pk>/import/", views.ImportExportView.as_view(), name="import"),
    path("<int:pk>/settings/", views.SettingsView.as_view(), name="settings"),
    path("<int:pk>/history/", views.HistoryView.as_view(), name="history"),
    path("<int:pk>/uccx-copy/", views.CopyBadgeView.as_view(), name="copy-badge"),
    path("transfers/<int:pk>/", views.TransferView.as_view(), name="transfer"),
    path("transfers/<int:pk>/progress/", views.TransferProgressView.as_view(), name="transfer-progress"),
    path("transfers/<int:pk>/download/", views.TransferDownloadView.as_view(), name="download"),
]
