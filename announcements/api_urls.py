"""Management API URLs of the announcements app, included under /api/v1/announcements/."""

from django.urls import path

from announcements.api import announcements, prompts, services_and_regions, switches

urlpatterns = [
    path("", announcements.AnnouncementListApi.as_view(), name="api-announcements"),
    path("<int:pk>/", announcements.AnnouncementDetailApi.as_view(), name="api-announcement"),
    path("<int:pk>/next-days/", announcements.NextDaysApi.as_view(), name="api-announcement-next-days"),
    path("preview/", announcements.PreviewApi.as_view(), name="api-announcements-preview"),
    path("switches/", switches.SwitchListApi.as_view(), name="api-switches"),
    path("switches/<int:pk>/", switches.SwitchDetailApi.as_view(), name="api-switch"),
    path("switches/<int:pk>/flip/", switches.SwitchFlipApi.as_view(), name="api-switch-flip"),
    path("services/", services_and_regions.ServiceListApi.as_view(), name="api-services"),
    path("services/<int:pk>/", services_and_regions.ServiceDetailApi.as_view(), name="api-service"),
    path("regions/", services_and_regions.RegionListApi.as_view(), name="api-regions"),
    path("regions/<int:pk>/", services_and_regions.RegionDetailApi.as_view(), name="api-region"),
    path("folders/", prompts.FolderListApi.as_view(), name="api-prompt-folders"),
    path("folders/<int:pk>/", prompts.FolderDetailApi.as_view(), name="api-prompt-folder"),
    path("prompts/", prompts.PromptListApi.as_view(), name="api-prompts"),
    path("prompts/<int:pk>/", prompts.PromptDetailApi.as_view(), name="api-prompt"),
    path("prompts/uploads/<int:pk>/", prompts.UploadJobApi.as_view(), name="api-prompt-upload"),
    path("prompts/<int:pk>/audio/", prompts.PromptAudioApi.as_view(), name="api-prompt-audio"),
]
