"""Test-only pages built on TeamScopedMixin, with Team standing in for a team-owned domain object."""

from django import forms
from django.http import HttpResponse
from django.urls import include, path
from django.views.generic import DetailView, FormView, ListView, UpdateView

from core.models import Team
from core.views import TeamScopedMixin


class _PlainText:
    def render_to_response(self, context, **kwargs):
        objects = context.get("object_list") or [context["object"]]
        return HttpResponse(",".join(sorted(team.name for team in objects)))


class TeamList(TeamScopedMixin, _PlainText, ListView):
    model = Team


class TeamDetail(TeamScopedMixin, _PlainText, DetailView):
    model = Team


class TeamEdit(TeamScopedMixin, _PlainText, UpdateView):
    model = Team
    fields = ["name"]
    object_action = "change"
    success_url = "/"


class OwnerForm(forms.Form):
    team = forms.ModelChoiceField(Team.objects.all(), required=False)


class PickOwner(TeamScopedMixin, FormView):
    """What a domain app's create form does: offer only the teams the user may assign."""

    form_class = OwnerForm

    def render_to_response(self, context, **kwargs):
        field = context["form"].fields["team"]
        required = "required" if field.required else "optional"
        return HttpResponse(",".join(sorted(team.name for team in field.queryset)) + f" ({required})")


urlpatterns = [
    path("", include("supervisor_tools.urls")),  # the frame's pages (base.html links to them)
    path("teams/", TeamList.as_view()),
    path("teams/<int:pk>/", TeamDetail.as_view()),
    path("teams/<int:pk>/edit/", TeamEdit.as_view()),
    path("owner/", PickOwner.as_view()),
]
