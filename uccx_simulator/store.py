"""The cluster's configuration: one thread-safe store both nodes use, so a write commits to both
(real UCCX commits configuration changes to every active Configuration datastore atomically)."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from .errors import ApiError, bad_request, conflict, not_found
from .validation import CCCALENDAR_TYPE, calendar_reference, clean_application, clean_team

MAX_CALENDARS = 50
MAX_FOLDER_NAME = 64
Path = tuple[str, ...]


def display(path: Path, folder: bool = False) -> str:
    """A repository path as UCCX prints it: `/en_US/x.wav`, folders with a trailing slash."""
    text = "/" + "/".join(path)
    return text + "/" if folder and path else text


def split_path(text: str) -> Path:
    """`/en_US/Sales/x.wav`, `en_US/Sales/` -> ("en_US", "Sales", "x.wav"); rejects `..` and backslashes."""
    parts = tuple(part for part in text.replace("\\", "/").split("/") if part)
    if any(part in (".", "..") for part in parts) or "\\" in text:
        raise bad_request([(text, f"Invalid repository path {text!r}.")])
    return parts


@dataclass
class Entry:
    """A stored file (with bytes) or folder (data None) and who changed it when."""

    data: bytes | None
    modified_by: str
    modified_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class FileRepository:
    """One repository tree (prompts or documents) plus the per-node temporary upload areas."""

    def __init__(self, label: str, top_folder: str = "en_US") -> None:
        self.label = label
        self.entries: dict[Path, Entry] = {(): Entry(None, "system"), (top_folder,): Entry(None, "system")}
        self.temp: dict[str, dict[str, bytes]] = {}

    def kind(self, path: Path) -> str | None:
        entry = self.entries.get(path)
        if entry is None:
            return None
        return "folder" if entry.data is None else "file"

    def children(self, folder: Path) -> list[tuple[Path, Entry]]:
        return sorted(
            (path, entry)
            for path, entry in self.entries.items()
            if len(path) == len(folder) + 1 and path[:-1] == folder
        )

    def size_below(self, folder: Path) -> int:
        return sum(
            len(entry.data)
            for path, entry in self.entries.items()
            if entry.data is not None and path[: len(folder)] == folder
        )

    def require(self, path: Path, kind: str | None = None) -> Entry:
        found = self.kind(path)
        if found is None or (kind is not None and found != kind):
            what = kind or "File or folder"
            raise not_found(
                display(path),
                f"{what.capitalize()} {display(path)} does not exist in the {self.label} repository.",
            )
        return self.entries[path]

    def add_folder(self, parent: Path, name: str, by: str) -> Path:
        self.require(parent, "folder")
        if not name or "/" in name or "\\" in name or name in (".", "..") or len(name) > MAX_FOLDER_NAME:
            raise bad_request(
                [(name, f"Invalid folder name {name!r}: 1 to {MAX_FOLDER_NAME} characters, no slashes.")]
            )
        path = (*parent, name)
        if path in self.entries:
            raise conflict(display(path), f"{display(path)} already exists.")
        self.entries[path] = Entry(None, by)
        return path

    def store(self, node: str, folder: Path, name: str, by: str) -> Path:
        """Move an uploaded file from the node's temporary area into an existing folder of the repository
        (like a folder create, a store under a missing folder is 404: the client creates folders first)."""
        path = (*folder, name)
        if not name or "/" in name or "\\" in name:
            raise bad_request([(name, f"Invalid file name {name!r}.")])
        self.require(folder, "folder")
        if path in self.entries:
            raise conflict(
                display(path), f"File {display(path)} already exists; delete it before uploading it again."
            )
        data = self.temp.get(node, {}).pop(name, None)
        if data is None:
            raise bad_request(
                [(name, f"File {name} has not been uploaded to the temporary folder of this node.")]
            )
        return self.put(path, data, by)

    def put(self, path: Path, data: bytes, by: str) -> Path:
        """Write a file, creating missing parent folders (seeding and tests; the API's store does not)."""
        if self.kind(path) == "folder" or any(
            self.kind(path[:depth]) == "file" for depth in range(1, len(path))
        ):
            raise conflict(display(path), f"{display(path)} clashes with an existing file or folder.")
        for depth in range(1, len(path)):
            self.entries.setdefault(path[:depth], Entry(None, by))
        self.entries[path] = Entry(data, by)
        return path

    def delete(self, path: Path) -> None:
        if not path:
            raise bad_request([("/", "The repository root cannot be deleted.")])
        self.require(path)
        for key in [key for key in self.entries if key[: len(path)] == path]:
            del self.entries[key]


class ConfigStore:
    """Calendars, applications, teams and file repositories shared by both nodes."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.calendars: dict[int, dict[str, Any]] = {}
            self.next_calendar_id = 1
            self.applications: dict[str, dict[str, Any]] = {}
            # The script parameters' defaults per application: {app: {param name: {name, value, type}}}.
            self.script_defaults: dict[str, dict[str, dict[str, Any]]] = {}
            self.prompts_of: dict[str, list[dict[str, str]]] = {}  # prompts assigned to each application
            self.teams: dict[int, dict[str, Any]] = {}
            self.repositories = {
                "prompt": FileRepository("prompt"),
                "document": FileRepository("document"),
                "script": FileRepository("script", top_folder="default"),
            }

    # Calendars -------------------------------------------------------------------------------------

    def get_calendar(self, cal_id: int) -> dict[str, Any]:
        with self.lock:
            if cal_id not in self.calendars:
                raise not_found(str(cal_id), f"Calendar with id {cal_id} does not exist.")
            return copy.deepcopy(self.calendars[cal_id])

    def list_calendars(self) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(self.calendars[cal_id]) for cal_id in sorted(self.calendars)]

    def _check_name_free(self, name: str, cal_id: int | None) -> None:
        if any(cal["name"] == name and other != cal_id for other, cal in self.calendars.items()):
            raise conflict(name, f"A calendar with the name {name} already exists.")

    def create_calendar(self, clean: dict[str, Any]) -> int:
        with self.lock:
            if len(self.calendars) >= MAX_CALENDARS:
                raise bad_request(
                    [(clean["name"], f"The maximum of {MAX_CALENDARS} calendars has been reached.")]
                )
            self._check_name_free(clean["name"], None)
            cal_id = self.next_calendar_id
            self.next_calendar_id += 1
            self.calendars[cal_id] = {"calId": cal_id, **clean}
            return cal_id

    def modify_calendar(self, cal_id: int, clean: dict[str, Any]) -> None:
        with self.lock:
            self.get_calendar(cal_id)
            self._check_name_free(clean["name"], cal_id)
            self.calendars[cal_id] = {"calId": cal_id, **clean}

    def calendar_users(self, calendar: dict[str, Any]) -> list[str]:
        """Names of the applications whose CCCalendar script parameter names or numbers this calendar."""
        keys = {calendar["name"], str(calendar["calId"])}
        return [
            name
            for name, app in sorted(self.applications.items())
            if any(
                param["type"] == CCCALENDAR_TYPE and calendar_reference(param["value"]) in keys
                for param in (app.get("ScriptApplication") or {}).get("scriptParams", [])
            )
        ]

    def delete_calendar(self, cal_id: int, forced: bool) -> None:
        with self.lock:
            calendar = self.get_calendar(cal_id)
            users = self.calendar_users(calendar)
            if users and not forced:  # Cisco's words (calendar-delete-error sample)
                listed = f"[{', '.join(users)}]"
                message = (
                    f"Unable to delete calendar as applications {listed} are associated with this calendar"
                )
                raise ApiError(
                    400,
                    "400",
                    [(message, message)],
                    i18n={
                        "key": "adminapi.calendar.application.association.delete.alert",
                        "args": {"arg": [listed]},
                    },
                )
            del self.calendars[cal_id]

    # Applications and teams ------------------------------------------------------------------------

    def get_application(self, name: str) -> dict[str, Any]:
        with self.lock:
            if name not in self.applications:
                raise not_found(name, f"Application {name} does not exist.")
            return copy.deepcopy(self.applications[name])

    def list_applications(self) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(self.applications[name]) for name in sorted(self.applications)]

    def _check_calendars_exist(self, clean: dict[str, Any]) -> None:
        known = {cal["name"] for cal in self.calendars.values()} | {str(cal_id) for cal_id in self.calendars}
        missing = [
            (param["value"], f"Calendar {param['value']} of script parameter {param['name']} does not exist.")
            for param in (clean.get("ScriptApplication") or {}).get("scriptParams", [])
            if param["type"] == CCCALENDAR_TYPE and calendar_reference(param["value"]) not in known
        ]
        if missing:
            raise bad_request(missing)

    def _with_defaults(self, name: str, clean: dict[str, Any]) -> dict[str, Any]:
        """A full replacement: script parameters left out of the body go back to the script's default."""
        script = clean.get("ScriptApplication")
        if script is not None:
            given = {param["name"] for param in script["scriptParams"]}
            script["scriptParams"] += [
                copy.deepcopy(default)
                for param_name, default in self.script_defaults.get(name, {}).items()
                if param_name not in given
            ]
        return clean

    def replace_application(self, name: str, body: dict[str, Any]) -> None:
        with self.lock:
            clean = clean_application(name, body, self.get_application(name))
            self._check_calendars_exist(clean)
            self.applications[name] = self._with_defaults(name, clean)

    def create_application(self, body: dict[str, Any]) -> str:
        """POST /adminapi/application: the name and the id must both be new."""
        with self.lock:
            name = body.get("applicationName")
            if not isinstance(name, str) or not 1 <= len(name) <= 30:
                raise bad_request([(str(name), "applicationName must be 1 to 30 characters long.")])
            if name in self.applications:
                raise conflict(name, f"An application with the name {name} already exists.")
            clean = clean_application(name, body, {"id": body.get("id"), "type": "Cisco Script Application"})
            if any(app["id"] == clean["id"] for app in self.applications.values()):
                raise conflict(str(clean["id"]), f"An application with the id {clean['id']} already exists.")
            self._check_calendars_exist(clean)
            self.applications[name] = clean
            self.script_defaults[name] = {}
            return name

    def add_application(self, application: dict[str, Any]) -> None:
        """Store an application as-is; script parameters flagged `isDefaultValue` are at the script's
        default (GET leaves them out unless `?allScriptParams`, PUT falls back to them)."""
        with self.lock:
            application = copy.deepcopy(application)
            name = application["applicationName"]
            params = (application.get("ScriptApplication") or {}).get("scriptParams") or []
            defaults = {}
            for param in params:
                if param.pop("isDefaultValue", False) in (True, "true"):
                    defaults[param["name"]] = dict(param)
            self.applications[name] = application
            self.script_defaults[name] = defaults

    def application_prompts(self, name: str) -> list[dict[str, str]]:
        with self.lock:
            self.get_application(name)
            return copy.deepcopy(self.prompts_of.get(name, []))

    def set_application_prompts(self, name: str, prompts: list[Any]) -> None:
        """PUT /adminapi/application/{name}/prompts: the whole list, each {Path, Type: file|folder}."""
        with self.lock:
            self.get_application(name)
            clean, problems = [], []
            for prompt in prompts:
                path = str(prompt.get("Path") or "").strip().strip("/") if isinstance(prompt, dict) else ""
                kind = str(prompt.get("Type") or "") if isinstance(prompt, dict) else ""
                if not path or kind not in ("file", "folder"):
                    problems.append((str(prompt), "Each Prompt needs a Path and a Type of file or folder."))
                    continue
                if self.repositories["prompt"].kind(split_path(path)) != kind:
                    problems.append((path, f"The prompt {kind} {path} does not exist."))
                clean.append({"Path": path, "Type": kind})
            if problems:
                raise bad_request(problems)
            self.prompts_of[name] = clean

    def is_default(self, application: str, param: dict[str, Any]) -> bool:
        """Whether a script parameter holds its script's default value."""
        default = self.script_defaults.get(application, {}).get(param["name"])
        return default is not None and default["value"] == param["value"]

    def get_team(self, team_id: int) -> dict[str, Any]:
        with self.lock:
            if team_id not in self.teams:
                raise not_found(str(team_id), f"Team with id {team_id} does not exist.")
            return copy.deepcopy(self.teams[team_id])

    def list_teams(self) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(self.teams[team_id]) for team_id in sorted(self.teams)]

    def add_team(self, team: dict[str, Any]) -> None:
        with self.lock:
            self.teams[team["teamId"]] = {"csqs": [], **copy.deepcopy(team)}

    def create_team(self, body: dict[str, Any]) -> int:
        """POST /adminapi/team; the new team gets the next free id (an id in the body is ignored)."""
        with self.lock:
            clean = clean_team(body)
            if any(team["teamName"] == clean["teamName"] for team in self.teams.values()):
                raise conflict(clean["teamName"], f"A team with the name {clean['teamName']} already exists.")
            team_id = max(self.teams, default=0) + 1
            self.teams[team_id] = {"teamId": team_id, **clean}
            return team_id

    # Files -----------------------------------------------------------------------------------------

    def repository(self, name: str) -> FileRepository:
        return self.repositories[name]

    def files(self, repository: str) -> dict[str, bytes]:
        """Every file of a repository as {"en_US/x.wav": bytes}."""
        with self.lock:
            return {
                "/".join(path): entry.data
                for path, entry in sorted(self.repositories[repository].entries.items())
                if entry.data is not None
            }
