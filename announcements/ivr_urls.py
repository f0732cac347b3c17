"""IVR URLs of the announcements app, included under /ivr/v1/."""

from django.urls import path

from announcements.ivr import AnnouncementsIvr, AnnouncementSlotIvr, SwitchIvr

urlpatterns = [
    path("announcements", AnnouncementsIvr.as_view(), name="ivr-announcements"),
    path("announcements/<str:name>", AnnouncementSlotIvr.as_view(), name="ivr-announcement"),
    path("switches/<str:name>", SwitchIvr.as_view(), name="ivr-switch"),
]
