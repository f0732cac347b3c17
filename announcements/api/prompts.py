"""Management API of the prompt library (under /api/v1/announcements/): folders, prompts (upload by
multipart, rename or move, delete, the audio, replace) and a long upload's progress."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from announcements import prompt_services, upload_jobs
from announcements.api.base import BaseApi, DetailApi, ListApi, ListSchema, documented, refused, sync_answer
from announcements.api.serializers import (
    FolderSerializer,
    PromptSerializer,
    UploadJobSerializer,
    UploadSerializer,
)
from announcements.audio import AudioRejected, browser_rendition
from announcements.models import Prompt, PromptFolder, PromptUpload
from announcements.selectors import prompt_usage
from core.selectors import visible_to
from sync.api import sync_status


class _FolderMixin(BaseApi):
    model = PromptFolder
    serializer_class = FolderSerializer

    def save(self, values: dict[str, Any], obj: Any) -> Any:
        return prompt_services.folder_create(
            actor=self.request.user, parent=values.get("parent"), name=values["name"], team=values.get("team")
        )

    def delete_object(self, obj: Any) -> None:
        prompt_services.folder_delete(actor=self.request.user, folder=obj)


@documented(
    get=(
        "List the prompt folders you may see",
        "The folders of the prompt library, as UCCX's prompt tree holds them, each with its parent and team.",
    ),
    post=(
        "Create a prompt folder",
        "Creates the folder in UCCX's prompt tree under `parent`. Answers 400 with every problem by field.",
    ),
)
class FolderListApi(_FolderMixin, ListApi):
    pass


@documented(
    get=("Read one prompt folder", "The folder with its parent and team."),
    put=(
        "Rename or move a prompt folder",
        (
            "PUT `name` and `parent` renames or moves the folder with everything in it, in UCCX too; the "
            "answer's `sync` says whether UCCX has it (200) or will get it (202)."
        ),
    ),
    delete=(
        "Delete an empty prompt folder",
        "Removes the folder here and in UCCX; refused with 400 while it still holds prompts or folders.",
    ),
)
class FolderDetailApi(_FolderMixin, DetailApi):
    """PUT `name` and `parent` renames or moves a folder with everything in it; DELETE when empty."""

    http_method_names = ["get", "put", "delete", "head", "options"]

    @extend_schema(request=FolderSerializer, responses=FolderSerializer)
    def put(self, request: Request, pk: int) -> Response:
        folder = self.object(pk)
        serializer = FolderSerializer(folder, data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        try:
            results = prompt_services.folder_change(
                actor=request.user, folder=folder, name=values["name"], parent=values.get("parent")
            )
        except DjangoValidationError as error:
            raise refused(error) from None
        body = FolderSerializer(folder).data
        if not results:
            return Response(body)
        return Response(
            {**body, "sync": [result.as_dict() for result in results]}, status=sync_status(results)
        )


def _converted(call: Any) -> Any:
    try:
        return call()
    except AudioRejected as error:
        raise ValidationError({"file": [str(error)]}) from None
    except DjangoValidationError as error:
        raise refused(error) from None


@documented(
    get=(
        "List the prompts you may see",
        (
            "The prompt library: every recording with its folder, UCCX path, format and description (without "
            "the audio)."
        ),
    ),
    post=(
        "Upload a prompt",
        (
            "POST multipart `file` and `folder` (optional `name`, `description`, `normalise`, "
            "`trim_silence`): the audio is converted to what UCCX plays and uploaded (201). A long file is "
            "converted by the worker (202): follow its `status`."
        ),
    ),
)
class PromptListApi(APIView):
    """GET the library; POST multipart (`file`, `folder`, optional `name`, ...) converts and uploads."""

    queryset = Prompt.objects.all()
    serializer_class = PromptSerializer
    parser_classes = [MultiPartParser, FormParser]
    schema = ListSchema()

    def get(self, request: Request) -> Response:
        prompts = visible_to(request.user, Prompt.objects.defer("audio"))
        return Response(PromptSerializer(prompts, many=True).data)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: PromptSerializer, 202: PromptSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        file = values.pop("file")
        saved = _converted(
            lambda: upload_jobs.prompt_upload_or_queue(
                actor=request.user, data=file.read(), source_name=file.name, **values
            )
        )
        if isinstance(saved, PromptUpload):  # long: the worker converts it; follow `status`
            return Response(UploadJobSerializer(saved).data, status=status.HTTP_202_ACCEPTED)
        return sync_answer(PromptSerializer(saved.prompt).data, saved.sync, created=True)


@documented(
    get=("Read one prompt", "The prompt with `used_by`, the announcements and calendars that play it."),
    patch=(
        "Rename, move or describe a prompt",
        (
            "PATCH `name`, `folder` or `description`; a rename or move is made in UCCX too, and the answer's "
            "`sync` says whether UCCX has it (200) or will get it (202)."
        ),
    ),
    delete=(
        "Delete a prompt",
        "Removes the prompt here and in UCCX; refused with 400 while an announcement or calendar plays it.",
    ),
)
class PromptDetailApi(APIView):
    """GET a prompt; PATCH `name`, `folder`, `description` (rename or move); DELETE (refused while used)."""

    queryset = Prompt.objects.all()
    serializer_class = PromptSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def object(self, pk: int) -> Prompt:
        prompt = get_object_or_404(Prompt, pk=pk)
        self.check_object_permissions(self.request, prompt)
        return prompt

    def get(self, request: Request, pk: int) -> Response:
        prompt = self.object(pk)
        return Response({**PromptSerializer(prompt).data, "used_by": [str(u) for u in prompt_usage(prompt)]})

    @extend_schema(request=PromptSerializer, responses=PromptSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        prompt = self.object(pk)
        serializer = PromptSerializer(prompt, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        saved = _converted(
            lambda: prompt_services.prompt_change(
                actor=request.user,
                prompt=prompt,
                folder=values.get("folder", prompt.folder),
                name=values.get("name", prompt.name),
                description=values.get("description", prompt.description),
            )
        )
        return sync_answer(PromptSerializer(prompt).data, saved.sync if saved else None)

    def delete(self, request: Request, pk: int) -> Response:
        prompt = self.object(pk)
        result = _converted(lambda: prompt_services.prompt_delete(actor=request.user, prompt=prompt))
        return sync_answer({"deleted": prompt.path}, result)


@documented(
    get=(
        "Download a prompt's audio",
        "The exact WAV file UCCX holds; with `?playable=1`, a 16-bit PCM rendition a browser can play.",
    ),
    put=(
        "Replace a prompt's recording",
        (
            "PUT multipart `file` replaces the recording at the same UCCX path, converted as on upload, so "
            "everything that plays the prompt plays the new one."
        ),
    ),
)
class PromptAudioApi(APIView):
    """GET the exact file UCCX holds (`?playable=1`: 16-bit PCM for browsers); PUT multipart `file`
    replaces the recording (same path)."""

    queryset = Prompt.objects.all()
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses={(200, "audio/wav"): bytes})
    def get(self, request: Request, pk: int) -> HttpResponse:
        prompt = get_object_or_404(Prompt, pk=pk)
        self.check_object_permissions(request, prompt)
        data = bytes(prompt.audio)
        return HttpResponse(
            browser_rendition(data) if request.query_params.get("playable") == "1" else data,
            content_type="audio/wav",
        )

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses=PromptSerializer)
    def put(self, request: Request, pk: int) -> Response:
        prompt = get_object_or_404(Prompt, pk=pk)
        self.check_object_permissions(request, prompt)
        file = request.FILES.get("file")
        if file is None:
            raise ValidationError({"file": ["Send the new recording as the multipart field `file`."]})
        normalise, trim = (
            request.data.get(name, "true") not in ("false", "0", "") for name in ("normalise", "trim_silence")
        )
        saved = _converted(
            lambda: prompt_services.prompt_replace(
                actor=request.user,
                prompt=prompt,
                data=file.read(),
                source_name=file.name or "upload",
                normalise=normalise,
                trim_silence=trim,
            )
        )
        return sync_answer(PromptSerializer(saved.prompt).data, saved.sync)


@documented(
    get=(
        "Follow a prompt upload",
        "A long upload being converted by the worker: its state and progress, then the prompt it made.",
    ),
)
class UploadJobApi(APIView):
    """A long upload being converted by the worker: its state and progress, then its prompt."""

    queryset = Prompt.objects.all()
    serializer_class = UploadJobSerializer

    def get(self, request: Request, pk: int) -> Response:
        job = get_object_or_404(PromptUpload, pk=pk, actor=request.user)
        return Response(UploadJobSerializer(job).data)
