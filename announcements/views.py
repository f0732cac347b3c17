"""Pages of the announcements app: announcements with their schedule and next 14 days, the call preview,
call switches, services (DNs), caller regions, and the prompt library (upload, record, play, waveform).

Every form posts to a view that calls one service; refusals come back as messages next to the inputs
(400), and saves say what became of them, in UCCX too.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from announcements import services
from announcements.forms import (
    AnnouncementForm,
    FlipForm,
    PreviewForm,
    RegionForm,
    ServiceForm,
    SwitchForm,
    show_errors,
)
from announcements.models import Announcement, CallSwitch, Region, Service
from announcements.selectors import (
    call_preview,
    current_set,
    next_days,
    switches_board,
)
from core.selectors import history_of, visible_to
from core.views import PageMixin
from sync.outbox import SyncResult
from sync.views import flash_sync_result

SECTIONS = [
    ("announcements:list", "Announcements"),
    ("announcements:switches", "Call switches"),
    ("announcements:preview", "Preview a call"),
    ("announcements:prompts", "Prompts"),
    ("announcements:services", "Services"),
    ("announcements:regions", "Regions"),
]


def say_sync(request: HttpRequest, result: SyncResult | None, what: str) -> None:
    """What became of the save, in UCCX too (`None`: nothing of it goes to UCCX)."""
    if result is None:
        messages.success(request, f"{what} Saved.")
    else:
        flash_sync_result(request, result, what)


class Page(PageMixin, View):
    """A page of this app: renders `template_name` with the section tabs; subclasses add context."""

    template_name = ""
    section = ""

    def render(self, context: dict[str, Any], status: int = 200) -> HttpResponse:
        context.setdefault("sections", [(name, label, reverse(name)) for name, label in SECTIONS])
        context.setdefault("section", self.section)
        return render(self.request, self.template_name, context, status=status)

    def load(self, model: type[Model], pk: int | None, action: str = "view") -> Any:
        """The object, if this user may `action` it (else 403, as on every team-scoped page)."""
        obj: Model = get_object_or_404(model, pk=pk)
        if not self.request.user.has_perm(f"announcements.{action}_{model._meta.model_name}", obj):
            raise PermissionDenied(
                "It belongs to a team you do not supervise, or your role does not allow it."
            )
        return obj


def can_add(user: Any, model: type[Model]) -> bool:
    return user.has_perm(f"announcements.add_{model._meta.model_name}")


# --- announcements ----------------------------------------------------------------------------------


class AnnouncementListView(Page):
    template_name = "announcements/list.html"
    section = "announcements:list"

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        compiled = current_set()
        rows = []
        for row in visible_to(
            request.user, Announcement.objects.select_related("prompt", "team")
        ).prefetch_related("services", "regions"):
            spec = compiled.index.get(row.name)
            rows.append(
                {
                    "announcement": row,
                    "playing": bool(spec and spec.plays_at(now)),
                    "can_edit": request.user.has_perm("announcements.change_announcement", row),
                }
            )
        return self.render(
            {
                "rows": rows,
                "switches": switches_board(request.user, now=now),
                "can_add": can_add(request.user, Announcement),
            }
        )


class AnnouncementEditView(Page):
    """Create (no pk) or edit an announcement; the edit page also shows its next 14 days and history."""

    template_name = "announcements/announcement_form.html"
    section = "announcements:list"

    def context(self, form: AnnouncementForm, row: Announcement | None) -> dict[str, Any]:
        now = timezone.now()
        return {
            "form": form,
            "announcement": row,
            "upcoming": next_days(row, now=now) if row else [],
            "history": history_of(row) if row else [],
            "can_delete": bool(row) and self.request.user.has_perm("announcements.delete_announcement", row),
        }

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self.load(Announcement, pk) if pk else None
        initial = AnnouncementForm.initial_from(row) if row else {}
        return self.render(self.context(AnnouncementForm(initial=initial, user=request.user), row))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        row = self.load(Announcement, pk, "change") if pk else None
        form = AnnouncementForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                result = services.announcement_save(
                    actor=request.user, data=form.data_for_service(), announcement=row
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request, f"Announcement {result.announcement.name} saved; scripts get it now."
                )
                for overlap in result.overlaps:
                    messages.warning(
                        request,
                        f"It overlaps with {overlap.other} (same kind and order, same callers) from "
                        f"{overlap.starts:%Y-%m-%d %H:%M} UTC: give one of them another order.",
                    )
                if result.binding is not None:
                    say_sync(request, result.binding, "The UCCX application parameter:")
                return HttpResponseRedirect(
                    reverse("announcements:announcement-edit", args=[result.announcement.pk])
                )
        return self.render(self.context(form, row), status=400)


class AnnouncementActionView(Page):
    """POST `action` = enable / disable / delete."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        row = self.load(Announcement, pk, "delete" if action == "delete" else "change")
        try:
            if action == "delete":
                services.announcement_delete(actor=request.user, announcement=row)
                messages.success(request, f"Announcement {row.name} deleted.")
            elif action in ("enable", "disable"):
                services.announcement_enable(actor=request.user, announcement=row, enabled=action == "enable")
                messages.success(request, f"Announcement {row.name} {action}d.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("announcements:list"))


class PreviewView(Page):
    """What plays for a call to DN X from caller Y at time T (as the IVR answers it)."""

    template_name = "announcements/preview.html"
    section = "announcements:preview"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PreviewForm(request.GET or None)
        preview = None
        if form.is_valid():
            values = form.cleaned_data
            preview = call_preview(
                dn=values["dn"], ani=values["ani"], at=form.instant(), kind=values["kind"] or None
            )
        return self.render(
            {
                "form": form,
                "preview": preview,
                "preview_zone": (
                    form.cleaned_data.get("time_zone") if form.is_bound and form.is_valid() else ""
                )
                or "UTC",
                "switches": switches_board(request.user, now=preview.at if preview else timezone.now()),
            }
        )


# --- switches ---------------------------------------------------------------------------------------


class SwitchBoardView(Page):
    template_name = "announcements/switches.html"
    section = "announcements:switches"

    def context(self, form: SwitchForm) -> dict[str, Any]:
        return {
            "board": switches_board(self.request.user, now=timezone.now()),
            "form": form,
            "can_add": can_add(self.request.user, CallSwitch),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(self.context(SwitchForm(user=request.user)))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SwitchForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                switch = services.switch_save(actor=request.user, data=form.data_for_service())
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Switch {switch.name} created ({'on' if switch.on else 'off'}).")
                return HttpResponseRedirect(reverse("announcements:switches"))
        return self.render(self.context(form), status=400)


class SwitchFlipView(Page):
    """POST on=1 (with an optional note and duration in hours) or on=0; back to where it was flipped."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        switch = self.load(CallSwitch, pk, "change")
        form = FlipForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                "The switch was not changed: " + " ".join(str(e) for e in form.errors.get("hours", [])),
            )
        else:
            values = form.cleaned_data
            hours = values.get("hours")
            expires = timezone.now() + timedelta(hours=hours) if values["on"] and hours else None
            note = values["note"] if values["note"] else None
            try:
                services.switch_flip(
                    actor=request.user, switch=switch, on=values["on"], note=note, expires_at=expires
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                state = "ON" if values["on"] else "OFF"
                until = f" until {expires:%Y-%m-%d %H:%M} UTC" if expires else ""
                messages.success(request, f"Switch {switch.name} is {state}{until}; scripts get it now.")
        back = request.POST.get("next", "")
        return HttpResponseRedirect(
            back if back.startswith("/") and not back.startswith("//") else reverse("announcements:switches")
        )


class SwitchEditView(Page):
    template_name = "announcements/object_form.html"
    section = "announcements:switches"

    def context(self, form: forms.Form, switch: CallSwitch) -> dict[str, Any]:
        return {
            "form": form,
            "title": f"Switch {switch.name}",
            "obj": switch,
            "history": history_of(switch),
            "can_delete": self.request.user.has_perm("announcements.delete_callswitch", switch),
            "back": reverse("announcements:switches"),
        }

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        switch = self.load(CallSwitch, pk)
        initial = {f: getattr(switch, f) for f in ("name", "on", "value", "note", "team")}
        if switch.expires_at:
            initial["expires_at"] = switch.expires_at.astimezone(UTC).replace(tzinfo=None)
        return self.render(self.context(SwitchForm(initial=initial, user=request.user), switch))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        switch = self.load(CallSwitch, pk, "change")
        if request.POST.get("action") == "delete":
            services.switch_delete(actor=request.user, switch=self.load(CallSwitch, pk, "delete"))
            messages.success(request, f"Switch {switch.name} deleted.")
            return HttpResponseRedirect(reverse("announcements:switches"))
        form = SwitchForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.switch_save(actor=request.user, data=form.data_for_service(), switch=switch)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"Switch {switch.name} saved.")
                return HttpResponseRedirect(reverse("announcements:switches"))
        return self.render(self.context(form, switch), status=400)


# --- services and regions ---------------------------------------------------------------------------


class _ObjectListView(Page):
    """A list of services or regions with a form to add one (and an edit page per object)."""

    model: type[Model] = Service
    form_class: type = ServiceForm
    list_template = ""

    def save(self, form: Any, obj: Any) -> Any:
        raise NotImplementedError

    def initial(self, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def delete(self, obj: Any) -> None:
        raise NotImplementedError

    def list_context(self, form: forms.Form) -> dict[str, Any]:
        user = self.request.user
        return {
            "rows": visible_to(user, self.model._default_manager.all()),
            "form": form,
            "can_add": can_add(user, self.model),
        }

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        if pk is None:
            self.template_name = self.list_template
            return self.render(self.list_context(self.form_class(user=request.user)))
        obj = self.load(self.model, pk)
        return self.render_edit(self.form_class(initial=self.initial(obj), user=request.user), obj)

    def render_edit(self, form: forms.Form, obj: Any, status: int = 200) -> HttpResponse:
        self.template_name = "announcements/object_form.html"
        name = self.model._meta.model_name
        return self.render(
            {
                "form": form,
                "title": str(obj),
                "obj": obj,
                "history": history_of(obj),
                "can_delete": self.request.user.has_perm(f"announcements.delete_{name}", obj),
                "back": reverse(self.section),
            },
            status=status,
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.load(self.model, pk, "change") if pk else None
        if obj is not None and request.POST.get("action") == "delete":
            try:
                self.delete(self.load(self.model, pk, "delete"))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return HttpResponseRedirect(request.path)
            messages.success(request, f"{obj} deleted.")
            return HttpResponseRedirect(reverse(self.section))
        form = self.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"{saved} saved.")
                return HttpResponseRedirect(reverse(self.section))
        if obj is not None:
            return self.render_edit(form, obj, status=400)
        self.template_name = self.list_template
        return self.render(self.list_context(form), status=400)


class ServicesView(_ObjectListView):
    model = Service
    form_class = ServiceForm
    list_template = "announcements/services.html"
    section = "announcements:services"

    def save(self, form: Any, obj: Any) -> Any:
        return services.service_save(actor=self.request.user, data=form.data_for_service(), service=obj)

    def initial(self, obj: Any) -> dict[str, Any]:
        return {f: getattr(obj, f) for f in ("dn", "name", "team", "calendar", "default_target")}

    def delete(self, obj: Any) -> None:
        services.service_delete(actor=self.request.user, service=obj)


class RegionsView(_ObjectListView):
    model = Region
    form_class = RegionForm
    list_template = "announcements/regions.html"
    section = "announcements:regions"

    def save(self, form: Any, obj: Any) -> Any:
        values = form.cleaned_data
        return services.region_save(
            actor=self.request.user,
            name=values["name"],
            prefixes=values["prefixes"],
            team=values["team"],
            region=obj,
        )

    def initial(self, obj: Any) -> dict[str, Any]:
        return {"name": obj.name, "prefixes": ", ".join(obj.prefixes), "team": obj.team}

    def delete(self, obj: Any) -> None:
        services.region_delete(actor=self.request.user, region=obj)
