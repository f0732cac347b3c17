"""REST URLs of the core app, included under /api/v1/."""

from django.urls import path

from core.api import TeamDetailApi, TeamListApi

urlpatterns = [
    path("teams/", TeamListApi.as_view(), name="api-teams"),
    path("teams/<int:pk>/", TeamDetailApi.as_view(), name="api-team"),
]
