"""Pages of the prompt library: folders and prompts with duration, format, waveform and player; upload of
a file or of a recording made in the browser; rename, move, replace, delete; a long upload's progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse

from announcements import prompt_services, upload_jobs
from announcements.audio import AudioRejected, browser_rendition, human_size
from announcements.forms import FolderEditForm, FolderForm, PromptEditForm, UploadForm, show_errors
from announcements.models import Prompt, PromptFolder, PromptUpload
from announcements.selectors import PROMPT_SYNC_KIND, prompt_tree, prompt_usage, walk
from announcements.views import Page, can_add, say_sync
from core.selectors import history_of


class PromptLibraryView(Page):
    """The library: folders and prompts with duration, format, waveform, player and UCCX state; upload
    (a file or a recording made in the browser) and new folders."""

    template_name = "announcements/prompts.html"
    section = "announcements:prompts"

    def context(self, upload: UploadForm, folder_form: FolderForm) -> dict[str, Any]:
        user = self.request.user
        return {
            "nodes": list(walk(prompt_tree(user))),
            "upload": upload,
            "folder_form": folder_form,
            "can_add": can_add(user, Prompt),
            "sync_kind": PROMPT_SYNC_KIND,
            "max_upload": human_size(prompt_services.prompt_limits().max_input_bytes),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        folder = request.GET.get("folder")
        upload = UploadForm(user=request.user, initial={"folder": folder} if folder else None)
        return self.render(self.context(upload, FolderForm(user=request.user)))

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "folder":
            return self.create_folder(request)
        upload = UploadForm(request.POST, request.FILES, user=request.user)
        if upload.is_valid():
            values = upload.cleaned_data
            file = values["file"]
            try:
                saved = upload_jobs.prompt_upload_or_queue(
                    actor=request.user,
                    folder=values["folder"],
                    data=file.read(),
                    source_name=file.name,
                    name=values["name"],
                    team=values["team"],
                    description=values["description"],
                    normalise=values["normalise"],
                    trim_silence=values["trim_silence"],
                )
            except AudioRejected as error:
                upload.add_error("file", str(error))
            except ValidationError as error:
                show_errors(upload, error)
            else:
                if isinstance(saved, PromptUpload):
                    return HttpResponseRedirect(reverse("announcements:upload", args=[saved.pk]))
                say_sync(
                    request,
                    saved.sync,
                    f"Prompt {saved.prompt.path} ({saved.prompt.duration_ms / 1000:.1f} s).",
                )
                return HttpResponseRedirect(reverse("announcements:prompt", args=[saved.prompt.pk]))
        return self.render(self.context(upload, FolderForm(user=request.user)), status=400)

    def create_folder(self, request: HttpRequest) -> HttpResponse:
        form = FolderForm(request.POST, user=request.user)
        if form.is_valid():
            values = form.cleaned_data
            try:
                folder = prompt_services.folder_create(
                    actor=request.user, parent=values["parent"], name=values["name"], team=values["team"]
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request, f"Folder {folder.path} created; it reaches UCCX with its first prompt."
                )
                return HttpResponseRedirect(reverse("announcements:prompts") + f"?folder={folder.pk}")
        return self.render(self.context(UploadForm(user=request.user), form), status=400)


class PromptDetailView(Page):
    template_name = "announcements/prompt_detail.html"
    section = "announcements:prompts"

    def context(
        self, prompt: Prompt, edit: PromptEditForm, replace: UploadForm | None = None
    ) -> dict[str, Any]:
        user = self.request.user
        return {
            "prompt": prompt,
            "usage": prompt_usage(prompt),
            "edit": edit,
            "replace": replace,
            "can_change": user.has_perm("announcements.change_prompt", prompt),
            "can_delete": user.has_perm("announcements.delete_prompt", prompt),
            "history": history_of(prompt),
            "sync_kind": PROMPT_SYNC_KIND,
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        prompt = self.load(Prompt, pk)
        edit = PromptEditForm(
            initial={"folder": prompt.folder, "name": prompt.name, "description": prompt.description},
            user=request.user,
        )
        return self.render(self.context(prompt, edit))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        prompt = self.load(Prompt, pk, "delete" if action == "delete" else "change")
        edit = PromptEditForm(
            request.POST if action == "edit" else None,
            user=request.user,
            initial={"folder": prompt.folder, "name": prompt.name},
        )
        try:
            if action == "delete":
                result = prompt_services.prompt_delete(actor=request.user, prompt=prompt)
                say_sync(request, result, f"Prompt {prompt.path} deleted.")
                return HttpResponseRedirect(reverse("announcements:prompts"))
            if action == "replace":
                file = request.FILES.get("file")
                if file is None:
                    raise ValidationError({"file": ["Choose the new recording."]})
                saved = prompt_services.prompt_replace(
                    actor=request.user,
                    prompt=prompt,
                    data=file.read(),
                    source_name=file.name or "upload",
                    normalise=bool(request.POST.get("normalise")),
                    trim_silence=bool(request.POST.get("trim_silence")),
                )
                say_sync(request, saved.sync, f"Prompt {prompt.path} replaced.")
                return HttpResponseRedirect(request.path)
            if action == "edit" and edit.is_valid():
                values = edit.cleaned_data
                moved = prompt_services.prompt_change(
                    actor=request.user,
                    prompt=prompt,
                    folder=values["folder"],
                    name=values["name"],
                    description=values["description"],
                )
                say_sync(request, moved.sync if moved else None, f"Prompt {prompt.path}.")
                return HttpResponseRedirect(request.path)
        except AudioRejected as error:
            messages.error(request, f"The recording was not replaced: {error}")
            prompt.refresh_from_db()
        except ValidationError as error:
            prompt.refresh_from_db()
            if action == "edit":
                show_errors(edit, error)
            else:
                messages.error(request, " ".join(error.messages))
        return self.render(self.context(prompt, edit), status=400)


class PromptAudioView(Page):
    """The prompt's audio: a browser-playable rendition (16-bit PCM), or `?original=1` the exact file UCCX
    holds (G.711), as a download."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        prompt = self.load(Prompt, pk)
        data = bytes(prompt.audio)
        original = request.GET.get("original") == "1"
        response = HttpResponse(data if original else browser_rendition(data), content_type="audio/wav")
        if original:
            response["Content-Disposition"] = f'attachment; filename="{prompt.name}"'
        response["Cache-Control"] = "private, max-age=60"
        return response


class FolderEditView(Page):
    """Rename or move a folder with everything in it (UCCX's copies move too), or delete it when empty."""

    template_name = "announcements/object_form.html"
    section = "announcements:prompts"

    def context(self, form: FolderEditForm, folder: PromptFolder) -> dict[str, Any]:
        return {
            "form": form,
            "title": f"Folder {folder.path}",
            "obj": folder,
            "history": history_of(folder),
            "can_delete": self.request.user.has_perm("announcements.delete_promptfolder", folder),
            "back": reverse("announcements:prompts"),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        folder = self.load(PromptFolder, pk)
        initial = {"name": folder.name, "parent": folder.parent}
        return self.render(
            self.context(FolderEditForm(initial=initial, user=request.user, folder=folder), folder)
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        folder = self.load(PromptFolder, pk, "change")
        if request.POST.get("action") == "delete":
            view = FolderDeleteView()
            view.request = request
            return view.post(request, pk)
        form = FolderEditForm(request.POST, user=request.user, folder=folder)
        if form.is_valid():
            try:
                results = prompt_services.folder_change(
                    actor=request.user,
                    folder=folder,
                    name=form.cleaned_data["name"],
                    parent=form.cleaned_data["parent"],
                )
            except ValidationError as error:
                show_errors(form, error)
                folder.refresh_from_db()
            else:
                what = f"Folder {folder.path}."
                say_sync(request, results[0] if results else None, what)
                return HttpResponseRedirect(reverse("announcements:prompts"))
        return self.render(self.context(form, folder), status=400)


class FolderDeleteView(Page):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        folder = self.load(PromptFolder, pk, "delete")
        try:
            prompt_services.folder_delete(actor=request.user, folder=folder)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Folder {folder.path} deleted.")
        return HttpResponseRedirect(reverse("announcements:prompts"))


class UploadJobView(Page):
    """A long upload being converted by the worker: its progress (polled by htmx), then the result."""

    template_name = "announcements/upload_job.html"
    section = "announcements:prompts"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(PromptUpload.objects.select_related("folder", "prompt"), pk=pk)
        if job.actor_id != request.user.pk and not request.user.has_perm("announcements.view_promptupload"):
            raise PermissionDenied("This upload is someone else's.")
        if request.headers.get("HX-Request"):
            self.template_name = "announcements/_upload_progress.html"
        return self.render({"job": job, "percent": round(job.progress * 100)})
