"""The callers API's serializers: a caller list, an entry (written as typed, answered normalised) and a
transfer (an import's or export's progress and result)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from callers.models import CallerEntry, CallerList
from core.models import Team


class CallerListSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=CallerList.Kind.choices, default=CallerList.Kind.CUSTOM)
    order = serializers.IntegerField(min_value=0, max_value=32767, default=100)
    description = serializers.CharField(max_length=200, allow_blank=True, default="")
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, default=None)
    priority = serializers.IntegerField(default=0)
    target = serializers.CharField(max_length=50, allow_blank=True, default="")
    prompt = serializers.CharField(max_length=200, allow_blank=True, default="")
    language = serializers.CharField(max_length=10, allow_blank=True, default="")
    vip_beats_blocked = serializers.BooleanField(default=False)
    version = serializers.IntegerField(read_only=True)
    last_change = serializers.CharField(read_only=True)
    document_name = serializers.CharField(read_only=True)
    entry_count = serializers.SerializerMethodField()

    def get_entry_count(self, caller_list: CallerList) -> int:
        """From the list query's annotation, else counted (a list just saved)."""
        counted = getattr(caller_list, "entry_count", None)
        return caller_list.entries.count() if counted is None else counted


class CallerEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    caller_list = serializers.IntegerField(source="caller_list_id", read_only=True)
    number = serializers.CharField(
        max_length=40, help_text="A number in any form, a prefix ending in * (+4930*), or anonymous."
    )
    prefix = serializers.BooleanField(read_only=True)
    name = serializers.CharField(max_length=100, allow_blank=True, default="")
    reason = serializers.CharField(max_length=200, allow_blank=True, default="")
    expires_at = serializers.DateTimeField(allow_null=True, default=None)
    priority = serializers.IntegerField(allow_null=True, default=None)
    target = serializers.CharField(max_length=50, allow_blank=True, default="")
    prompt = serializers.CharField(max_length=200, allow_blank=True, default="")
    language = serializers.CharField(max_length=10, allow_blank=True, default="")

    def to_representation(self, instance: CallerEntry) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["number"] = instance.pattern_text
        return data


class CallerTransferSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    caller_list = serializers.IntegerField(source="caller_list_id", read_only=True)
    state = serializers.CharField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    total = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)
    added = serializers.IntegerField(read_only=True)
    updated = serializers.IntegerField(read_only=True)
    removed = serializers.IntegerField(read_only=True)
    rejected = serializers.IntegerField(read_only=True)
    rejections = serializers.ListField(child=serializers.ListField(), read_only=True)
    message = serializers.CharField(read_only=True)
    encoding_used = serializers.CharField(read_only=True)
    file_name = serializers.CharField(read_only=True)
