"""Pages of the callers app (mounted at /callers/): thin views over services and selectors.

A list page is one object with sections (entries, import/export, settings, history): GET shows it with the
view permission, POST runs `do_<action>` with the change permission and redirects back, or re-renders with
the form's errors (400) when a service refused.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from callers.api.transfers import transfer_download, transfer_for
from callers.exports import export_start
from callers.forms import BlockForm, CallerListForm, EntryForm, ImportForm
from callers.imports import import_start
from callers.models import CallerEntry, CallerList
from callers.publish import DOCUMENT_KIND
from callers.selectors import (
    caller_lists,
    editable_lists,
    effective_profile_of,
    entry_search,
    recent_lookups_for,
    transfers_of,
)
from callers.services import (
    CallersInvalid,
    caller_block,
    caller_entry_delete,
    caller_entry_save,
    caller_list_delete,
    caller_list_save,
)
from core.errors import show_errors
from core.selectors import history_of
from core.views import ObjectActionPage, PageMixin


def _same_name(path: str) -> str:
    """The services' field names are the forms' field names."""
    return path


SECTIONS = [
    ("detail", "Entries"),
    ("import", "Import / export"),
    ("settings", "Settings"),
    ("history", "History"),
]
PAGE_SIZE = 50


class CallersHomeView(PageMixin, TemplateView):
    """The lists, a search over every list, and the callers who just called (with "block")."""

    template_name = "callers/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        query = self.request.GET.get("q", "").strip()[:60]
        results = entry_search(user, query=query)[:200] if query else None
        return super().get_context_data(
            lists=caller_lists(user),
            query=query,
            results=results,
            profile=effective_profile_of(query) if query else None,
            recent=recent_lookups_for(user),
            blocked_lists=editable_lists(user, CallerList.Kind.BLOCKED),
            can_add=user.has_perm("callers.add_callerlist"),
            **kwargs,
        )


class CallerListCreateView(PageMixin, TemplateView):
    template_name = "callers/create.html"
    permission_required = "callers.add_callerlist"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if "form" not in kwargs:
            kwargs["form"] = CallerListForm(user=self.request.user)
            teams = kwargs["form"].fields["team"].queryset
            if teams.count() == 1:
                kwargs["form"].initial["team"] = teams.first()
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CallerListForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                caller_list = caller_list_save(
                    caller_list=None, data=form.data_for_service(), actor=request.user
                )
            except CallersInvalid as error:
                show_errors(error, (form, _same_name))
            else:
                messages.success(request, f"The caller list {caller_list.name} was created.")
                return redirect("callers:detail", caller_list.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CallerListPage(ObjectActionPage):
    model = CallerList
    section = "detail"

    @property
    def caller_list(self) -> CallerList:
        return self.object

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        caller_list = self.caller_list
        return super().get_context_data(
            caller_list=caller_list,
            sections=[(n, label, reverse(f"callers:{n}", args=[caller_list.pk])) for n, label in SECTIONS],
            section=self.section,
            can_edit=self.request.user.has_perm("callers.change_callerlist", caller_list),
            document_kind=DOCUMENT_KIND,
            **kwargs,
        )


class CallerListDetailView(CallerListPage):
    """The entries (search, add, remove) and the list's recent lookups."""

    template_name = "callers/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.get("q", "").strip()[:60]
        entries = entry_search(self.request.user, query=query, caller_list=self.caller_list)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            entry_form=kwargs.pop("entry_form", None) or EntryForm(),
            page=page,
            query=query,
            recent=recent_lookups_for(self.request.user, self.caller_list),
            blocked_lists=editable_lists(self.request.user, CallerList.Kind.BLOCKED),
            **kwargs,
        )

    def do_add(self) -> HttpResponse | None:
        form = EntryForm(self.request.POST)
        if form.is_valid():
            try:
                entry = caller_entry_save(
                    caller_list=self.caller_list,
                    entry=None,
                    data=form.data_for_service(),
                    actor=self.request.user,
                )
            except CallersInvalid as error:
                show_errors(error, (form, _same_name))
            else:
                messages.success(self.request, f"{entry.pattern_text} was added to {self.caller_list.name}.")
                return None
        return self.refused(entry_form=form)

    def do_remove(self) -> HttpResponse | None:
        entry = get_object_or_404(
            CallerEntry, pk=self.request.POST.get("entry") or 0, caller_list=self.caller_list
        )
        caller_entry_delete(entry=entry, actor=self.request.user)
        messages.success(self.request, f"{entry.pattern_text} was removed from {self.caller_list.name}.")
        return None


class EntryEditView(CallerListPage):
    template_name = "callers/entry.html"
    object_action = "change"

    def entry(self) -> CallerEntry:
        return get_object_or_404(CallerEntry, pk=self.kwargs["entry_id"], caller_list=self.caller_list)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entry = self.entry()
        if "entry_form" not in kwargs:
            initial = {field: getattr(entry, field) for field in EntryForm.base_fields}
            initial["number"] = entry.pattern_text
            kwargs["entry_form"] = EntryForm(initial=initial)
        return super().get_context_data(entry=entry, history=history_of(entry, limit=20), **kwargs)

    def do_save(self) -> HttpResponse | None:
        form = EntryForm(self.request.POST)
        if form.is_valid():
            try:
                caller_entry_save(
                    caller_list=self.caller_list,
                    entry=self.entry(),
                    data=form.data_for_service(),
                    actor=self.request.user,
                )
            except CallersInvalid as error:
                show_errors(error, (form, _same_name))
            else:
                messages.success(self.request, "The entry was saved.")
                return redirect("callers:detail", self.caller_list.pk)
        return self.refused(entry_form=form)


class ImportExportView(CallerListPage):
    template_name = "callers/import.html"
    section = "import"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        return super().get_context_data(
            import_form=kwargs.pop("import_form", None) or ImportForm(),
            transfers=transfers_of(self.caller_list),
            max_bytes=settings.CALLERS_IMPORT_MAX_BYTES,
            **kwargs,
        )

    def do_import(self) -> HttpResponse | None:
        form = ImportForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                transfer = import_start(
                    caller_list=self.caller_list,
                    upload=upload,
                    size=upload.size,
                    file_name=upload.name,
                    mode=form.cleaned_data["mode"],
                    replace=form.cleaned_data["replace"],
                    encoding=form.cleaned_data["encoding"],
                    actor=self.request.user,
                )
            except CallersInvalid as error:
                show_errors(error, (form, _same_name))
            else:
                return redirect("callers:transfer", transfer.pk)
        return self.refused(import_form=form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("action") == "export":  # exporting needs only the view permission
            self.object = self.get_object()
            return redirect("callers:transfer", export_start(caller_list=self.object, actor=request.user).pk)
        return super().post(request, *args, **kwargs)


class SettingsView(CallerListPage):
    template_name = "callers/settings.html"
    section = "settings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        caller_list = self.caller_list
        if "settings_form" not in kwargs:
            initial = {field: getattr(caller_list, field) for field in CallerListForm.base_fields}
            kwargs["settings_form"] = CallerListForm(
                initial=initial, user=self.request.user, current_team=caller_list.team
            )
        return super().get_context_data(**kwargs)

    def do_settings(self) -> HttpResponse | None:
        form = CallerListForm(self.request.POST, user=self.request.user, current_team=self.caller_list.team)
        if form.is_valid():
            try:
                caller_list_save(
                    caller_list=self.caller_list, data=form.data_for_service(), actor=self.request.user
                )
            except CallersInvalid as error:
                show_errors(error, (form, _same_name))
            else:
                messages.success(self.request, "The settings were saved.")
                return None
        return self.refused(settings_form=form)

    def do_delete(self) -> HttpResponse | None:
        if self.request.POST.get("confirm") != self.caller_list.name:
            messages.error(self.request, f"Type the list's name ({self.caller_list.name}) to delete it.")
            return None
        if not self.request.user.has_perm("callers.delete_callerlist", self.caller_list):
            raise PermissionDenied("You may not delete this list.")
        name = self.caller_list.name
        caller_list_delete(caller_list=self.caller_list, actor=self.request.user)
        messages.success(self.request, f"The caller list {name} was deleted.")
        return redirect("callers:list")


class HistoryView(CallerListPage):
    template_name = "callers/history.html"
    section = "history"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entry_changes = (
            CallerEntry.history.filter(caller_list_id=self.caller_list.pk)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:50]
        )
        return super().get_context_data(
            history=history_of(self.caller_list), entry_changes=entry_changes, **kwargs
        )


class CopyBadgeView(CallerListPage):
    """Where UCCX's copy of the list stands (polled while the worker builds it)."""

    template_name = "callers/_copy_badge.html"


class TransferView(PageMixin, TemplateView):
    """An import's or export's progress (the bar polls `transfer-progress`) and its result."""

    template_name = "callers/transfer.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        transfer = transfer_for(self.request.user, self.kwargs["pk"])
        return super().get_context_data(transfer=transfer, caller_list=transfer.caller_list, **kwargs)


class TransferProgressView(TransferView):
    template_name = "callers/_transfer.html"


class TransferDownloadView(PageMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return transfer_download(request.user, pk)


class BlockView(PageMixin, View):
    """ "Block this caller" from a recent lookup: the number goes on the chosen blocked list."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BlockForm(request.POST)
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("callers:list")
        if not form.is_valid():
            messages.error(request, "Choose a blocked list and a number to block.")
            return HttpResponseRedirect(back)
        caller_list = form.cleaned_data["caller_list"]
        if not request.user.has_perm("callers.change_callerlist", caller_list):
            raise PermissionDenied(f"You may not change the list {caller_list.name}.")
        try:
            entry = caller_block(
                caller_list=caller_list,
                number=form.cleaned_data["number"],
                reason=form.cleaned_data["reason"] or "Blocked from a recent call",
                actor=request.user,
            )
        except CallersInvalid as error:
            messages.error(request, " ".join(problem.message for problem in error.field_errors))
        else:
            messages.success(request, f"{entry.number} is blocked now ({caller_list.name}).")
        return HttpResponseRedirect(back)
