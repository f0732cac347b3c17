"""IVR URLs of the calls app, included under /ivr/v1/."""

from django.urls import path

from calls.ivr import CallIvr

urlpatterns = [path("call", CallIvr.as_view(), name="ivr-call")]
