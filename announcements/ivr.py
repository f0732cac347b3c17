"""IVR endpoints of announcements and call switches (contract: docs/ivr-api.md):

- `GET /ivr/v1/announcements?dn=&ani=&kind=[&at=]`: what plays, in order, for a call;
- `GET /ivr/v1/announcements/{name}[?at=]`: one named slot;
- `GET /ivr/v1/switches/{name}[?at=]`: a call switch.

Answered from this process's copy of the announcements snapshot (core/snapshots.py): no query per call,
never UCCX.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from announcements.matching import KINDS, MAX_NUMBER_LENGTH, THEN
from announcements.publish import announcement_snapshots
from announcements.snapshot import AnnouncementSet
from core.ivr import IVR_ERROR_RESPONSES, IvrError, IvrView, parse_at

_AT = OpenApiParameter("at", OpenApiTypes.DATETIME, description="Evaluate at this instant (with offset).")
_FORMAT = OpenApiParameter("format", str, enum=["json", "xml"], description="xml: XML for XPath.")

AnnouncementItems = inline_serializer(
    "IvrAnnouncementItem",
    {
        "name": serializers.CharField(),
        "kind": serializers.ChoiceField(KINDS),
        "prompt": serializers.CharField(help_text="UCCX prompt path, e.g. en_US/holidays/christmas.wav"),
        "language": serializers.CharField(),
        "order": serializers.IntegerField(),
        "then": serializers.ChoiceField(THEN, help_text="continue: go on routing; stop: end after playing."),
    },
    many=True,
)
AnnouncementList = inline_serializer(
    "IvrAnnouncements",
    {"count": serializers.IntegerField(), "announcement": AnnouncementItems},
)
AnnouncementSlot = inline_serializer(
    "IvrAnnouncementSlot",
    {
        "name": serializers.CharField(),
        "enabled": serializers.BooleanField(help_text="Enabled and inside its schedule now."),
        "prompt": serializers.CharField(),
        "language": serializers.CharField(),
    },
)
SwitchAnswer = inline_serializer(
    "IvrSwitch",
    {
        "name": serializers.CharField(),
        "on": serializers.BooleanField(help_text="false once it has expired."),
        "value": serializers.CharField(),
        "note": serializers.CharField(),
        "expires_at": serializers.DateTimeField(allow_null=True),
    },
)


def _number(raw: str, name: str) -> str | None:
    value = raw.strip()
    if len(value) > MAX_NUMBER_LENGTH:
        raise IvrError(
            "bad_parameter", f"The parameter {name!r} is longer than {MAX_NUMBER_LENGTH} characters."
        )
    return value or None


class AnnouncementsIvr(IvrView):
    xml_item_names: dict[str, str] = {}  # `announcement` repeats under <response>

    @extend_schema(
        operation_id="ivr_announcements",
        summary="The announcements to play, in order, for a call (for UCCX scripts)",
        tags=["IVR"],
        parameters=[
            OpenApiParameter("dn", str, description="The dialled service number."),
            OpenApiParameter("ani", str, description="The calling number."),
            OpenApiParameter("kind", str, enum=list(KINDS)),
            _AT,
            _FORMAT,
        ],
        responses={200: AnnouncementList, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        at = parse_at(request)
        kind = request.GET.get("kind", "").strip() or None
        if kind is not None and kind not in KINDS:
            raise IvrError("bad_parameter", f"The parameter 'kind' must be one of {', '.join(KINDS)}.")
        return announcements_answer(
            self.read(announcement_snapshots),
            at=at,
            dn=request.GET.get("dn", ""),
            ani=request.GET.get("ani", ""),
            kind=kind,
        )


def announcements_answer(
    announcements: AnnouncementSet, *, at: datetime, dn: str, ani: str, kind: str | None = None
) -> dict[str, Any]:
    """What plays, in order, on a call to `dn` from `ani` (also what `/ivr/v1/call` nests)."""
    playing = announcements.index.select(at=at, dn=_number(dn, "dn"), ani=_number(ani, "ani"), kind=kind)
    return {"count": len(playing), "announcement": [spec.as_answer() for spec in playing]}


class AnnouncementSlotIvr(IvrView):
    xml_item_names: dict[str, str] = {}

    @extend_schema(
        operation_id="ivr_announcement",
        summary="One named announcement slot (for UCCX scripts)",
        tags=["IVR"],
        parameters=[_AT, _FORMAT],
        responses={200: AnnouncementSlot, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        name: str = kwargs["name"]
        at = parse_at(request)
        spec = self.read(announcement_snapshots).index.get(name)
        if spec is None:
            raise IvrError("not_found", f"There is no announcement named {name!r}.", 404)
        return {
            "name": spec.name,
            "enabled": spec.plays_at(at),
            "prompt": spec.prompt,
            "language": spec.language,
        }


class SwitchIvr(IvrView):
    xml_item_names: dict[str, str] = {}

    @extend_schema(
        operation_id="ivr_switch",
        summary="A call switch supervisors flip (for UCCX scripts)",
        tags=["IVR"],
        parameters=[_AT, _FORMAT],
        responses={200: SwitchAnswer, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        name: str = kwargs["name"]
        at = parse_at(request)
        switch = self.read(announcement_snapshots).switch(name)
        if switch is None:
            raise IvrError("not_found", f"There is no switch named {name!r}.", 404)
        return switch.at(at)
