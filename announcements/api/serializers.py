"""Serializers of the announcements management API: the documents each section reads and writes."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder, PromptUpload, Region, Service
from core.models import Team


def _team_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, required=False)


class ServiceSerializer(serializers.ModelSerializer):
    team = _team_field()

    class Meta:
        model = Service
        fields = ["id", "dn", "name", "team", "calendar", "default_target"]


class RegionSerializer(serializers.ModelSerializer):
    team = _team_field()
    prefixes = serializers.ListField(child=serializers.CharField(max_length=30), max_length=200)

    class Meta:
        model = Region
        fields = ["id", "name", "prefixes", "team"]


class SwitchSerializer(serializers.ModelSerializer):
    team = _team_field()
    effective_on = serializers.SerializerMethodField(help_text="`on`, unless it has expired.")

    class Meta:
        model = CallSwitch
        fields = ["id", "name", "on", "effective_on", "value", "note", "expires_at", "team"]

    def get_effective_on(self, switch: CallSwitch) -> bool:
        return switch.on and not (switch.expires_at and timezone.now() >= switch.expires_at)


class AnnouncementSerializer(serializers.ModelSerializer):
    team = _team_field()
    prompt = serializers.PrimaryKeyRelatedField(
        queryset=Prompt.objects.defer("audio"), allow_null=True, required=False
    )
    prompt_path = serializers.CharField(source="prompt.path", read_only=True, default="")
    services = serializers.PrimaryKeyRelatedField(queryset=Service.objects.all(), many=True, required=False)
    regions = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), many=True, required=False)
    days_of_week = serializers.ListField(child=serializers.IntegerField(), max_length=7, required=False)

    class Meta:
        model = Announcement
        fields = [
            *("id", "name", "description", "kind", "enabled", "prompt", "prompt_path", "team", "services"),
            *("regions", "order", "then", "time_zone", "starts_at", "ends_at", "recurrence", "days_of_week"),
            *("window_start", "window_end", "uccx_application", "uccx_parameter"),
        ]


class FolderSerializer(serializers.ModelSerializer):
    team = _team_field()

    class Meta:
        model = PromptFolder
        fields = ["id", "parent", "name", "path", "team"]
        read_only_fields = ["path"]


class PromptSerializer(serializers.ModelSerializer):
    team = _team_field()
    format = serializers.CharField(source="get_encoding_display", read_only=True)

    class Meta:
        model = Prompt
        fields = [
            *("id", "folder", "name", "path", "description", "team", "duration_ms", "size_bytes", "sha256"),
            *("encoding", "format", "source_name", "source_format", "waveform"),
        ]
        read_only_fields = [
            "path",
            "duration_ms",
            "size_bytes",
            "sha256",
            "encoding",
            "source_name",
            "source_format",
            "waveform",
        ]


class UploadSerializer(serializers.Serializer):
    folder = serializers.PrimaryKeyRelatedField(queryset=PromptFolder.objects.all())
    file = serializers.FileField()
    name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    team = _team_field()
    normalise = serializers.BooleanField(default=True)
    trim_silence = serializers.BooleanField(default=True)


class UploadJobSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="Where to follow the conversion.")

    class Meta:
        model = PromptUpload
        fields = ["id", "state", "progress", "message", "prompt", "source_name", "status"]

    def get_status(self, job: PromptUpload) -> str:
        return reverse("api-prompt-upload", args=[job.pk])


class FlipSerializer(serializers.Serializer):
    on = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hours = serializers.FloatField(required=False, min_value=0.01, max_value=24 * 90)
