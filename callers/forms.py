"""Forms of the callers pages: they read what people type; the services judge it, and core.errors'
`show_errors()` puts the services' messages next to the right inputs (the forms use the services' names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from callers.csvfile import ENCODINGS
from callers.models import LANGUAGE_HELP, LIST_NAME_HELP, TARGET_HELP, CallerList, CallerTransfer
from callers.services import EntryData, ListData
from core.rules import is_administrator
from core.selectors import editable_teams
from core.validators import PROMPT_HELP


class CallerListForm(forms.Form):
    name = forms.CharField(max_length=50, help_text=LIST_NAME_HELP)
    kind = forms.ChoiceField(
        choices=CallerList.Kind.choices,
        help_text="Blocked: the script plays the list's prompt and ends the call. "
        "VIP: sooner, or to its target.",
    )
    order = forms.IntegerField(
        min_value=0, max_value=32767, initial=100, help_text="Lower first when a caller is on several lists."
    )
    description = forms.CharField(max_length=200, required=False)
    team = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="everyone (administrators change it)"
    )
    priority = forms.IntegerField(initial=0, help_text="0 = normal, up to 100 = sooner.")
    target = forms.CharField(max_length=50, required=False, help_text=TARGET_HELP)
    prompt = forms.CharField(max_length=200, required=False, help_text=PROMPT_HELP)
    language = forms.CharField(max_length=10, required=False, help_text=LANGUAGE_HELP)
    vip_beats_blocked = forms.BooleanField(
        label="VIP beats blocked",
        required=False,
        help_text="VIP lists: serve these callers even if a blocked list names them.",
    )

    def __init__(self, *args: Any, user: Any, current_team: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = editable_teams(user)
        if current_team is not None:
            teams = teams | type(current_team).objects.filter(pk=current_team.pk)
        self.fields["team"].queryset = teams
        self.fields["team"].required = not is_administrator(user)

    def data_for_service(self) -> ListData:
        return ListData(**{field: self.cleaned_data[field] for field in ListData.__dataclass_fields__})


class EntryForm(forms.Form):
    number = forms.CharField(
        max_length=40,
        help_text=f"Any form ({settings.CALLERS_DEFAULT_REGION} numbers need no country code), a prefix "
        "such as +4930*, or anonymous for withheld numbers.",
    )
    name = forms.CharField(max_length=100, required=False)
    reason = forms.CharField(max_length=200, required=False)
    expires_at = forms.DateTimeField(
        label="Expires",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Empty: never. It stops matching then and is removed.",
    )
    priority = forms.IntegerField(required=False, help_text="Empty: the list's.")
    target = forms.CharField(max_length=50, required=False, help_text="Empty: the list's.")
    prompt = forms.CharField(max_length=200, required=False, help_text="Empty: the list's.")
    language = forms.CharField(max_length=10, required=False, help_text="Empty: the list's.")

    def data_for_service(self) -> EntryData:
        data = {field: self.cleaned_data[field] for field in EntryData.__dataclass_fields__}
        for text in ("name", "reason", "target", "prompt", "language"):
            data[text] = data[text] or ""
        return EntryData(**data)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Line 1: number,name,reason,expires_at,priority,target,prompt,language "
        "(only number is required).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )
    mode = forms.ChoiceField(
        choices=CallerTransfer.Mode.choices,
        initial=CallerTransfer.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )
    replace = forms.BooleanField(
        label="Replace the list",
        required=False,
        help_text="The file becomes the whole list; entries not in it are removed.",
    )
    encoding = forms.ChoiceField(choices=list(ENCODINGS.items()), initial="auto")


class BlockForm(forms.Form):
    number = forms.CharField(max_length=40)
    caller_list = forms.ModelChoiceField(queryset=CallerList.objects.filter(kind=CallerList.Kind.BLOCKED))
    reason = forms.CharField(max_length=200, required=False)
