"""Management API URLs of the announcements app, included under /api/v1/announcements/."""

from django.urls import path

from announcements import api, prompt_api

urlpatterns = [
    path("", api.AnnouncementListApi.as_view(), name="api-announcements"),
    path("<int:pk>/", api.AnnouncementDetailApi.as_view(), name="api-announcement"),
    path("<int:pk>/next-days/", api.NextDaysApi.as_view(), name="api-announcement-next-days"),
    path("preview/", api.PreviewApi.as_view(), name="api-announcements-preview"),
    path("switches/", api.SwitchListApi.as_view(), name="api-switches"),
    path("switches/<int:pk>/", api.SwitchDetailApi.as_view(), name="api-switch"),
    path("switches/<int:pk>/flip/", api.SwitchFlipApi.as_view(), name="api-switch-flip"),
    path("services/", api.ServiceListApi.as_view(), name="api-services"),
    path("services/<int:pk>/", api.ServiceDetailApi.as_view(), name="api-service"),
    path("regions/", api.RegionListApi.as_view(), name="api-regions"),
    path("regions/<int:pk>/", api.RegionDetailApi.as_view(), name="api-region"),
    path("folders/", prompt_api.FolderListApi.as_view(), name="api-prompt-folders"),
    path("folders/<int:pk>/", prompt_api.FolderDetailApi.as_view(), name="api-prompt-folder"),
    path("prompts/", prompt_api.PromptListApi.as_view(), name="api-prompts"),
    path("prompts/<int:pk>/", prompt_api.PromptDetailApi.as_view(), name="api-prompt"),
    path("prompts/uploads/<int:pk>/", prompt_api.UploadJobApi.as_view(), name="api-prompt-upload"),
    path("prompts/<int:pk>/audio/", prompt_api.PromptAudioApi.as_view(), name="api-prompt-audio"),
]
