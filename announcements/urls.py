"""Pages of the announcements app, mounted at /announcements/."""

from django.urls import path

from announcements import prompt_views, views

app_name = "announcements"
urlpatterns = [
    path("", views.AnnouncementListView.as_view(), name="list"),
    path("new/", views.AnnouncementEditView.as_view(), name="announcement-create"),
    path("<int:pk>/", views.AnnouncementEditView.as_view(), name="announcement-edit"),
    path("<int:pk>/action/", views.AnnouncementActionView.as_view(), name="announcement-action"),
    path("preview/", views.PreviewView.as_view(), name="preview"),
    path("switches/", views.SwitchBoardView.as_view(), name="switches"),
    path("switches/<int:pk>/", views.SwitchEditView.as_view(), name="switch-edit"),
    path("switches/<int:pk>/flip/", views.SwitchFlipView.as_view(), name="switch-flip"),
    path("services/", views.ServicesView.as_view(), name="services"),
    path("services/<int:pk>/", views.ServicesView.as_view(), name="service-edit"),
    path("regions/", views.RegionsView.as_view(), name="regions"),
    path("regions/<int:pk>/", views.RegionsView.as_view(), name="region-edit"),
    path("prompts/", prompt_views.PromptLibraryView.as_view(), name="prompts"),
    path("prompts/<int:pk>/", prompt_views.PromptDetailView.as_view(), name="prompt"),
    path("prompts/uploads/<int:pk>/", prompt_views.UploadJobView.as_view(), name="upload"),
    path("prompts/<int:pk>/audio.wav", prompt_views.PromptAudioView.as_view(), name="prompt-audio"),
    path("prompts/folders/<int:pk>/", prompt_views.FolderEditView.as_view(), name="folder-edit"),
    path("prompts/folders/<int:pk>/delete/", prompt_views.FolderDeleteView.as_view(), name="folder-delete"),
]
