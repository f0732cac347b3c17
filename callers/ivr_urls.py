"""IVR API URLs of the callers app, included under /ivr/v1/callers/."""

from django.urls import path

from callers.ivr import CallerProfileIvr, WithheldCallerIvr

urlpatterns = [
    # An empty calling number (UCCX's ANI of a withheld caller) is the anonymous caller.
    path("", WithheldCallerIvr.as_view(), {"number": ""}, name="ivr-caller-profile-empty"),
    path("<path:number>", CallerProfileIvr.as_view(), name="ivr-caller-profile"),
]
