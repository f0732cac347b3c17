"""Management API URLs of the callers app, included under /api/v1/callers/."""

from django.urls import path

from callers import api

urlpatterns = [
    path("lists/", api.CallerListsApi.as_view(), name="api-caller-lists"),
    path("lists/<int:pk>/", api.CallerListApi.as_view(), name="api-caller-list"),
    path("lists/<int:pk>/entries/", api.EntriesApi.as_view(), name="api-caller-entries"),
    path("lists/<int:pk>/entries/<int:entry_id>/", api.EntryApi.as_view(), name="api-caller-entry"),
    path("lists/<int:pk>/import/", api.ImportApi.as_view(), name="api-caller-import"),
    path("lists/<int:pk>/export/", api.ExportApi.as_view(), name="api-caller-export"),
    path("transfers/<int:transfer_id>/", api.TransferApi.as_view(), name="api-caller-transfer"),
    path(
        "transfers/<int:transfer_id>/download/",
        api.TransferDownloadApi.as_view(),
        name="api-caller-transfer-download",
    ),
    path("search/", api.SearchApi.as_view(), name="api-caller-search"),
    path("recent/", api.RecentLookupsApi.as_view(), name="api-caller-recent"),
    path("block/", api.BlockApi.as_view(), name="api-caller-block"),
]
