"""Management API of announcements, call switches, services, regions and the prompt library
(under /api/v1/announcements/): thin views over the services and selectors.

Bad input answers 400 with field errors (the services' messages) and nothing is saved. Prompt writes
answer with `"sync": {...}`: 201/200 once UCCX took the change, 202 while it is queued.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from announcements import services
from announcements.matching import MAX_NUMBER_LENGTH
from announcements.models import Announcement, CallSwitch, Prompt, PromptFolder, PromptUpload, Region, Service
from announcements.selectors import call_preview, next_days
from core.ivr import IvrError, parse_at
from core.models import Team
from core.selectors import visible_to
from sync.api import sync_response
from sync.outbox import SyncResult


def refused(error: DjangoValidationError) -> ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    return ValidationError({("non_field_errors" if k == "__all__" else k): v for k, v in detail.items()})


def sync_answer(body: dict[str, Any], result: SyncResult | None, created: bool = False) -> Response:
    """The document, with `"sync"` when the save went to UCCX (sync.api's statuses: 201/200/202/400)."""
    if result is None:
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
    return sync_response(body, result, created=created)


def _team_field() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), allow_null=True, required=False)


# --- serializers ------------------------------------------------------------------------------------


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


_View = TypeVar("_View", bound=type)


def documented(**operations: tuple[str, str]) -> Callable[[_View], _View]:
    """An OpenAPI summary and description per HTTP method (issue 11), for views whose methods are shared."""
    return extend_schema_view(
        **{
            method: extend_schema(summary=summary, description=text)
            for method, (summary, text) in operations.items()
        }
    )


# --- generic CRUD over a service --------------------------------------------------------------------


class _Base(APIView):
    model: type[Model] = Service
    serializer_class: type[serializers.ModelSerializer] = ServiceSerializer

    def get_queryset(self) -> QuerySet:
        return visible_to(self.request.user, self.model._default_manager.all())

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        raise NotImplementedError

    def saved(self, serializer: serializers.Serializer, obj: Any) -> Any:
        serializer.is_valid(raise_exception=True)
        try:
            return self.save(serializer.validated_data, obj)
        except DjangoValidationError as error:
            raise refused(error) from None


class ListSchema(AutoSchema):
    """A GET of these views answers the list of the view's serializer (drf-spectacular cannot tell from an
    APIView)."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return self.method == "GET"


class _ListApi(_Base):
    schema = ListSchema()

    def get(self, request: Request) -> Response:
        return Response(self.serializer_class(self.get_queryset(), many=True).data)

    def post(self, request: Request) -> Response:
        obj = self.saved(self.serializer_class(data=request.data), None)
        return Response(self.serializer_class(obj).data, status=status.HTTP_201_CREATED)


class _DetailApi(_Base):
    def delete_object(self, obj: Any) -> None:
        raise NotImplementedError

    def object(self, pk: int) -> Any:
        obj = get_object_or_404(self.model._default_manager.all(), pk=pk)  # another team's: 403, as on pages
        self.check_object_permissions(self.request, obj)
        return obj

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.serializer_class(self.object(pk)).data)

    def put(self, request: Request, pk: int) -> Response:
        obj = self.object(pk)
        return Response(
            self.serializer_class(self.saved(self.serializer_class(obj, data=request.data), obj)).data
        )

    def delete(self, request: Request, pk: int) -> Response:
        try:
            self.delete_object(self.object(pk))
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class _ServiceMixin(_Base):
    model = Service
    serializer_class = ServiceSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.service_save(
            actor=self.request.user, data=services.ServiceData(**values), service=obj
        )

    def delete_object(self, obj: Any) -> None:
        services.service_delete(actor=self.request.user, service=obj)


class _RegionMixin(_Base):
    model = Region
    serializer_class = RegionSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.region_save(actor=self.request.user, region=obj, **values)

    def delete_object(self, obj: Any) -> None:
        services.region_delete(actor=self.request.user, region=obj)


class _SwitchMixin(_Base):
    model = CallSwitch
    serializer_class = SwitchSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return services.switch_save(actor=self.request.user, data=services.SwitchData(**values), switch=obj)

    def delete_object(self, obj: Any) -> None:
        services.switch_delete(actor=self.request.user, switch=obj)


class _AnnouncementMixin(_Base):
    model = Announcement
    serializer_class = AnnouncementSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        values = {
            **values,
            "services": tuple(values.get("services", ())),
            "regions": tuple(values.get("regions", ())),
        }
        values["days_of_week"] = tuple(values.get("days_of_week", ()))
        result = services.announcement_save(
            actor=self.request.user, data=services.AnnouncementData(**values), announcement=obj
        )
        return result.announcement


@documented(
    get=(
        "List the services you may see",
        (
            "Services are the numbers (DNs) callers dial, each with the business calendar that decides its "
            "hours and the default target calls go to; announcements play for them."
        ),
    ),
    post=(
        "Create a service",
        "Adds a number callers dial, with its calendar and target. Answers 400 with every problem by field.",
    ),
)
class ServiceListApi(_ServiceMixin, _ListApi):
    pass


@documented(
    get=("Read one service", "The service as a document you can change and PUT back."),
    put=(
        "Change a service",
        (
            "Replaces the service's number, name, calendar, default target and team. Answers 400 with every "
            "problem by field."
        ),
    ),
    delete=("Delete a service", "Removes the service; refused with 400 while announcements still use it."),
)
class ServiceDetailApi(_ServiceMixin, _DetailApi):
    pass


@documented(
    get=(
        "List the caller regions you may see",
        (
            "A region groups callers by the prefixes of their calling numbers (ANI), so announcements can "
            "target callers from one area."
        ),
    ),
    post=(
        "Create a region",
        (
            "Adds a region with its calling-number prefixes (at most 200). Answers 400 with every problem by "
            "field."
        ),
    ),
)
class RegionListApi(_RegionMixin, _ListApi):
    pass


@documented(
    get=(
        "Read one region",
        "The region with its calling-number prefixes, as a document you can change and PUT back.",
    ),
    put=(
        "Change a region",
        "Replaces the region's name, team and prefixes. Answers 400 with every problem by field.",
    ),
    delete=("Delete a region", "Removes the region; refused with 400 while announcements still use it."),
)
class RegionDetailApi(_RegionMixin, _DetailApi):
    pass


@documented(
    get=(
        "List the call switches you may see",
        (
            "Switches are on/off flags supervisors flip and IVR scripts read (overflow to a partner, offer a "
            "survey, voicemail), with an optional value; "
            "`effective_on` says whether one is on now, after any expiry."
        ),
    ),
    post=("Create a call switch", "Adds a switch, off or on. Answers 400 with every problem by field."),
)
class SwitchListApi(_SwitchMixin, _ListApi):
    pass


@documented(
    get=(
        "Read one call switch",
        "The switch with its state, note and expiry, as a document you can change and PUT back.",
    ),
    put=("Change a call switch", "Replaces the switch's fields. Answers 400 with every problem by field."),
    delete=(
        "Delete a call switch",
        "Removes the switch, so IVR scripts no longer find it.",
    ),
)
class SwitchDetailApi(_SwitchMixin, _DetailApi):
    pass


@documented(
    get=(
        "List the announcements you may see",
        (
            "Each announcement with its prompt, the services and regions it plays for, its kind, priority and"
            " schedule (dates, days of the week, times)."
        ),
    ),
    post=(
        "Create an announcement",
        (
            "Validates the prompt, targets and schedule and answers 400 with every problem by field; the IVR "
            "plays it from the next snapshot."
        ),
    ),
)
class AnnouncementListApi(_AnnouncementMixin, _ListApi):
    pass


@documented(
    get=("Read one announcement", "The announcement as a document you can change and PUT back."),
    put=(
        "Change an announcement",
        "Replaces the announcement's prompt, targets and schedule. Answers 400 with every problem by field.",
    ),
    delete=(
        "Delete an announcement",
        "Removes the announcement; the IVR stops playing it from the next snapshot.",
    ),
)
class AnnouncementDetailApi(_AnnouncementMixin, _DetailApi):
    def delete_object(self, obj: Any) -> None:
        services.announcement_delete(actor=self.request.user, announcement=obj)


class SwitchFlipApi(APIView):
    queryset = CallSwitch.objects.all()

    @extend_schema(
        request=FlipSerializer,
        responses=SwitchSerializer,
        summary="Turn a call switch on or off",
        description=(
            "Sets `on`, with an optional `note` and, when turning on, `hours` after which it turns itself "
            "off again (at most 90 days). Answers the switch as it is now."
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        switch = get_object_or_404(CallSwitch, pk=pk)  # the service checks the change rule
        serializer = FlipSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        hours = values.get("hours")
        expires = timezone.now() + timedelta(hours=hours) if values["on"] and hours else None
        try:
            switch = services.switch_flip(
                actor=request.user,
                switch=switch,
                on=values["on"],
                note=values.get("note"),
                expires_at=expires,
            )
        except DjangoValidationError as error:
            raise refused(error) from None
        return Response(SwitchSerializer(switch).data)


class PreviewApi(APIView):
    """What plays for a call to `dn` from `ani` at `at`, as the IVR answers it (with its schedule)."""

    queryset = Announcement.objects.all()

    @extend_schema(
        summary="Preview what plays for a call",
        description=(
            "What the IVR would play for a call to `dn` from `ani` at `at` (default now), optionally of one "
            "`kind` only, answered exactly as the IVR API answers it, with the service it matched."
        ),
        parameters=[
            OpenApiParameter("dn", str),
            OpenApiParameter("ani", str),
            OpenApiParameter("at", str, description="ISO 8601 with offset; empty: now."),
            OpenApiParameter("kind", str, enum=list(Announcement.Kind.values)),
        ],
        responses=inline_serializer(
            "AnnouncementPreview",
            {
                "at": serializers.DateTimeField(),
                "service": serializers.DictField(allow_null=True),
                "count": serializers.IntegerField(),
                "announcement": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        try:
            at = parse_at(request)  # the same reading of `at` as the IVR API
        except IvrError as error:
            raise ValidationError({"at": [error.detail]}) from None
        for name in ("dn", "ani"):
            if len(request.query_params.get(name, "")) > MAX_NUMBER_LENGTH:
                raise ValidationError({name: [f"At most {MAX_NUMBER_LENGTH} characters."]})
        kind = request.query_params.get("kind") or None
        if kind is not None and kind not in Announcement.Kind.values:
            raise ValidationError({"kind": [f"Choose one of {', '.join(Announcement.Kind.values)}."]})
        preview = call_preview(
            dn=request.query_params.get("dn", ""), ani=request.query_params.get("ani", ""), at=at, kind=kind
        )
        service = preview.service
        return Response(
            {
                "at": at,
                "service": None
                if service is None
                else {"name": service.name, "calendar": service.calendar, "target": service.target},
                "count": len(preview.playing),
                "announcement": [spec.as_answer() for spec in preview.playing],
            }
        )


class NextDaysApi(APIView):
    queryset = Announcement.objects.all()

    @extend_schema(
        summary="When an announcement plays in the coming days",
        description=(
            "The periods (start, end) in which the announcement's schedule makes it play over the next days, "
            "so a supervisor can check a schedule before relying on it."
        ),
        responses=inline_serializer(
            "AnnouncementPeriod",
            {"start": serializers.DateTimeField(), "end": serializers.DateTimeField()},
            many=True,
        ),
    )
    def get(self, request: Request, pk: int) -> Response:
        row = get_object_or_404(Announcement, pk=pk)
        self.check_object_permissions(request, row)
        spans = next_days(row, now=timezone.now())
        return Response([{"start": start, "end": end} for start, end in spans])
