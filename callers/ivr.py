"""IVR endpoint `GET /ivr/v1/callers/{number}[?dn=][&at=]` (contract: shared/contract/ivr-api.md).

Answered from this process's copy of the callers snapshot (callers/snapshot.py): normalisation, longest
prefix, expiry and list precedence in memory, no query, never UCCX. An unknown number answers 200 with
`found` false and neutral values, so a script needs no failure branch for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers

from callers.snapshot import CallerSet, callers_snapshot
from core.ivr import IVR_ERROR_RESPONSES, IvrView, parse_at

NUMBER_MAX = 64

CallerProfileSerializer = inline_serializer(
    "IvrCallerProfile",
    {
        "found": serializers.BooleanField(help_text="Whether any list matched."),
        "number": serializers.CharField(help_text="The number as normalised (E.164 where it can be)."),
        "name": serializers.CharField(help_text="The caller's name, if known."),
        "lists": serializers.ListField(
            child=serializers.CharField(), help_text="Names of the lists that matched (XML: repeated <list>)."
        ),
        "vip": serializers.BooleanField(),
        "blocked": serializers.BooleanField(),
        "priority": serializers.IntegerField(help_text="0 = normal, higher = sooner."),
        "target": serializers.CharField(help_text="A CSQ name or number, empty if none."),
        "prompt": serializers.CharField(help_text="Prompt path to play to this caller, empty if none."),
        "language": serializers.CharField(help_text="Preferred language, e.g. en_US, empty if none."),
        "expires_at": serializers.DateTimeField(
            allow_null=True, help_text="When the matching entry expires."
        ),
    },
)


def profile_answer(profile: dict[str, Any]) -> dict[str, Any]:
    """The profile as the contract writes it (the expiry as ISO 8601 with its offset)."""
    expires = profile["expires_at"]
    return {**profile, "expires_at": expires.isoformat(timespec="seconds") if expires else None}


class CallerProfileIvr(IvrView):
    """The profile of a calling number, as a UCCX script reads it."""

    xml_item_names = {"lists": "list"}

    @extend_schema(
        operation_id="ivr_caller_profile",
        summary="The profile of a calling number: VIP, blocked, routing hints (for UCCX scripts)",
        tags=["IVR"],
        parameters=[
            OpenApiParameter(
                "dn", str, description="The dialled service number (kept in the recent-calls log)."
            ),
            OpenApiParameter("at", OpenApiTypes.DATETIME, description="Evaluate expiries at this instant."),
            OpenApiParameter("format", str, enum=["json", "xml"], description="xml: XML for XPath."),
        ],
        responses={200: CallerProfileSerializer, **IVR_ERROR_RESPONSES},
    )
    def get(self, request: HttpRequest, number: str) -> dict[str, Any]:
        return caller_answer(
            self.read(callers_snapshot), number, at=parse_at(request), dn=request.GET.get("dn", "")
        )


def caller_answer(callers: CallerSet, number: str, *, at: datetime, dn: str) -> dict[str, Any]:
    """The profile of calling number `number` on a call to `dn` (also what `/ivr/v1/call` nests)."""
    return profile_answer(callers.profile(number[:NUMBER_MAX], at=at, dn=dn[:NUMBER_MAX]))


class WithheldCallerIvr(CallerProfileIvr):
    """`/ivr/v1/callers/` without a number: UCCX's empty ANI of a withheld caller, answered as `anonymous`
    (the schema documents the endpoint once, under `{number}`)."""

    schema = None
