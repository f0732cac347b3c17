"""Management API URLs of the callers app, included under /api/v1/callers/."""

from django.urls import path

from callers.api import lists_and_entries, lookups, transfers

urlpatterns = [
    path("lists/", lists_and_entries.CallerListsApi.as_view(), name="api-caller-lists"),
    path("lists/<int:pk>/", lists_and_entries.CallerListApi.as_view(), name="api-caller-list"),
    path("lists/<int:pk>/entries/", lists_and_entries.EntriesApi.as_view(), name="api-caller-entries"),
    path(
        "lists/<int:pk>/entries/<int:entry_id>/",
        lists_and_entries.EntryApi.as_view(),
        name="api-caller-entry",
    ),
    path("lists/<int:pk>/import/", transfers.ImportApi.as_view(), name="api-caller-import"),
    path("lists/<int:pk>/export/", transfers.ExportApi.as_view(), name="api-caller-export"),
    path("transfers/<int:transfer_id>/", transfers.TransferApi.as_view(), name="api-caller-transfer"),
    path(
        "transfers/<int:transfer_id>/download/",
        transfers.TransferDownloadApi.as_view(),
        name="api-caller-transfer-download",
    ),
    path("search/", lookups.SearchApi.as_view(), name="api-caller-search"),
    path("recent/", lookups.RecentLookupsApi.as_view(), name="api-caller-recent"),
    path("block/", lookups.BlockApi.as_view(), name="api-caller-block"),
]
