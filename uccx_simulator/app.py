"""One UCCX node: `/adminapi/...` and `/uccx/isDBMaster`, with the node's and the cluster's behaviour."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
import logging
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, quote_plus, unquote

from . import wav
from .errors import ApiError, bad_request, unavailable
from .representation import JSON, XML, as_list, negotiate, parse_body, parse_multipart, to_json, to_xml
from .state import MAX_RECORDED_BODY, RecordedRequest, SimState
from .store import ConfigStore, Entry, FileRepository, Path, display, split_path
from .transport import DropConnection, Request, Response
from .validation import clean_calendar

logger = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
READ_ONLY_MESSAGE = "Configuration datastore on peer node is not reachable; configuration is read-only"
ISLAND_MESSAGE = (
    "The cluster is in island mode (nodes cannot reach each other); no configuration changes are allowed"
)
_TITLES = {"prompt": "Prompt", "document": "Document", "script": "Script"}
_REPO = r"(?P<repo>prompt|document|script)"
_CALENDAR_LISTS = ("calendar", "specialDay", "holiday", "businessDay")


@dataclass
class Call:
    """What a handler needs besides its URL arguments."""

    request: Request
    fmt: str
    base: str
    user: str


Handler = Callable[..., Response]


class NodeApi:
    """The WSGI-like app of one node; both nodes share the store and the cluster state."""

    def __init__(
        self,
        node: str,
        store: ConfigStore,
        state: SimState,
        username: str,
        password: str,
        scheme: str = "http",
    ) -> None:
        self.node, self.store, self.state, self.scheme = node, store, state, scheme
        self._credentials = (username, password)
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            (method, re.compile(pattern), handler)
            for method, pattern, handler in (
                ("GET", r"/adminapi/calendar/?", self.list_calendars),
                ("POST", r"/adminapi/calendar/?", self.create_calendar),
                ("GET", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.get_calendar),
                ("PUT", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.modify_calendar),
                ("DELETE", r"/adminapi/calendar/(?P<cal_id>[^/]+)/?", self.delete_calendar),
                ("GET", r"/adminapi/application/?", self.list_applications),
                ("POST", r"/adminapi/application/?", self.create_application),
                ("GET", r"/adminapi/application/(?P<name>[^/]+)/?", self.get_application),
                ("PUT", r"/adminapi/application/(?P<name>[^/]+)/?", self.modify_application),
                ("GET", r"/adminapi/application/(?P<name>[^/]+)/prompts/?", self.get_application_prompts),
                ("PUT", r"/adminapi/application/(?P<name>[^/]+)/prompts/?", self.set_application_prompts),
                ("GET", r"/adminapi/team/?", self.list_teams),
                ("POST", r"/adminapi/team/?", self.create_team),
                ("GET", r"/adminapi/team/(?P<team_id>[^/]+)/?", self.get_team),
                ("GET", rf"/adminapi/files/{_REPO}s/?", self.flat_files),
                ("POST", rf"/adminapi/{_REPO}/uploadFile/?", self.upload_file),
                ("GET", rf"/adminapi/{_REPO}/download/(?P<path>.+)", self.download_file),
                ("GET", rf"/adminapi/{_REPO}(?P<path>/.*)?", self.get_files),
                ("POST", rf"/adminapi/{_REPO}/?", self.store_files),
                ("DELETE", rf"/adminapi/{_REPO}/(?P<path>.+)", self.delete_file),
            )
        ]

    # Request pipeline -------------------------------------------------------------------------------

    def __call__(self, request: Request) -> Response:
        with self.state.lock:
            latency, generation = self.state.nodes[self.node].latency, self.state.generation
        if latency:
            self.state.down_events[self.node].wait(latency)
        if self.state.nodes[self.node].mode == "down":  # taken down while the request waited
            self._record(request, generation, None, dropped=True)
            raise DropConnection
        response = self._respond(request)
        if request.method in WRITE_METHODS and request.path.startswith("/adminapi") and self.state.ambiguous:
            self._record(request, generation, response.status, dropped=True)
            raise DropConnection
        self._record(request, generation, response.status)
        return response

    def _record(self, request: Request, generation: int, status: int | None, dropped: bool = False) -> None:
        self.state.record(
            RecordedRequest(
                node=self.node,
                method=request.method,
                path=request.path,
                query=request.query,
                status=status,
                body=request.body[:MAX_RECORDED_BODY],
                at=dt.datetime.now(dt.UTC),
                dropped=dropped,
            ),
            generation,
        )

    def _respond(self, request: Request) -> Response:
        accept = request.headers.get("Accept")
        fmt = JSON if accept and "json" in accept.lower() else XML  # for errors before negotiation
        try:
            if self.state.nodes[self.node].mode == "failing":
                message = f"The Unified CCX administration service on node {self.node} failed."
                raise ApiError(500, "InternalServerError", [(self.node, message)])
            if request.path == "/uccx/isDBMaster":
                return Response(200, to_xml("node", {"isMaster": self.state.is_master(self.node)}))
            fmt = negotiate(accept)
            user = self._authenticate(request)
            handler, arguments = self._route(request)
            is_write = request.method in WRITE_METHODS
            if is_write:
                self._check_writable()
            host = request.headers.get("Host") or "localhost"
            # `self` URLs carry the scheme, host and port the request came in on, as UCCX's do.
            response = handler(Call(request, fmt, f"{self.scheme}://{host}", user), **arguments)
            with self.state.lock:
                write_latency = self.state.write_latency
            if is_write and response.status < 300 and write_latency:
                time.sleep(write_latency)
            return response
        except ApiError as exc:
            return self._render(fmt, "apiErrors", exc.as_body(), exc.status, exc.headers)
        except Exception:
            logger.exception("uccx simulator: unhandled error on %s %s", request.method, request.path)
            error = ApiError(500, "InternalServerError", [("", "Internal server error.")])
            return self._render(fmt, "apiErrors", error.as_body(), 500)

    def _authenticate(self, request: Request) -> str:
        scheme, _, encoded = (request.headers.get("Authorization") or "").partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            user, password = "", ""
        expected_user, expected_password = self._credentials
        valid = hmac.compare_digest(user.encode(), expected_user.encode()) & hmac.compare_digest(
            password.encode(), expected_password.encode()
        )
        if scheme.lower() != "basic" or not valid:
            error = ApiError(
                401,
                "Unauthorized",
                [("Authorization", "Authentication failed: wrong or missing user name or password.")],
            )
            error.headers["WWW-Authenticate"] = 'Basic realm="Cisco Unified CCX Administration"'
            raise error
        return user

    def _route(self, request: Request) -> tuple[Handler, dict[str, str]]:
        allowed = []
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            if method == request.method:
                return handler, {
                    key: unquote(value) for key, value in match.groupdict().items() if value is not None
                }
            allowed.append(method)
        if allowed:
            error = ApiError(
                405,
                "Method Not Allowed",
                [(request.method, f"{request.method} is not supported on {request.path}.")],
            )
            error.headers["Allow"] = ", ".join(sorted(set(allowed)))
            raise error
        raise ApiError(404, "Not Found", [(request.path, f"No adminapi resource at {request.path}.")])

    def _check_writable(self) -> None:
        with self.state.lock:
            cluster = self.state.cluster
            peer_down = any(
                settings.mode == "down" for node, settings in self.state.nodes.items() if node != self.node
            )
            peer_cds_disabled = self.state.peer_cds_disabled
        if cluster == "read_only" or (peer_down and not peer_cds_disabled):
            raise unavailable(self.node, READ_ONLY_MESSAGE)
        if cluster == "island":
            raise unavailable(self.node, ISLAND_MESSAGE)

    def _render(
        self,
        fmt: str,
        root: str,
        data: dict[str, Any],
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        if fmt == JSON:
            return Response(status, to_json(data, self.state.quirks), "application/json", dict(headers or {}))
        return Response(status, to_xml(root, data), "application/xml", dict(headers or {}))

    @staticmethod
    def _created(url: str) -> Response:
        """UCCX answers a create with 201, the new URL in Location and as the body."""
        return Response(201, url.encode(), "text/plain", {"Location": url})

    # Calendars --------------------------------------------------------------------------------------

    @staticmethod
    def _calendar_id(text: str) -> int:
        if not text.isdigit():
            raise bad_request([(text, f"Invalid calendar id {text!r}: it must be a number.")])
        return int(text)

    @staticmethod
    def _flags(call: Call) -> dict[str, str]:
        """Query options, `?withAssociations` (no value) included, last one wins."""
        return {
            key: values[-1] for key, values in parse_qs(call.request.query, keep_blank_values=True).items()
        }

    def _pair(self, call: Call, kind: str, name: str) -> dict[str, str]:
        """A nameUriPair: the name as attribute, the object's URL as `refURL`."""
        return {"@name": name, "refURL": f"{call.base}/adminapi/{kind}/{quote_plus(name)}"}

    def _calendar_out(self, call: Call, calendar: dict[str, Any]) -> dict[str, Any]:
        """A calendar as UCCX shows it: `self` first, an empty businessDays/specialDays/holidays left out."""
        out: dict[str, Any] = {"self": f"{call.base}/adminapi/calendar/{calendar['calId']}"}
        for key, value in calendar.items():
            if isinstance(value, dict) and not any(value.get(element) for element in _CALENDAR_LISTS):
                continue
            out[key] = value
        return out

    def _brief_calendar(self, call: Call, calendar: dict[str, Any]) -> dict[str, Any]:
        """`?detail=brief`: the summary with the applications using it and what else is configured."""
        keys = ("calId", "name", "timeZone", "description", "calendarType")
        return {
            "self": f"{call.base}/adminapi/calendar/{calendar['calId']}",
            **{key: calendar[key] for key in keys},
            "applications": {"application": self._calendar_applications(call, calendar)},
            "holidaysConfigured": bool(calendar["holidays"]["holiday"]),
            "customBusinessDaysConfigured": bool(calendar["specialDays"]["specialDay"]),
        }

    def _calendar_applications(self, call: Call, calendar: dict[str, Any]) -> list[dict[str, str]]:
        with self.store.lock:
            users = self.store.calendar_users(calendar)
        return [self._pair(call, "application", name) for name in users]

    def list_calendars(self, call: Call) -> Response:
        flags = self._flags(call)
        calendars = self.store.list_calendars()
        if flags.get("detail", "").lower() == "brief":
            listed = [self._brief_calendar(call, calendar) for calendar in calendars]
        else:
            listed = [self._calendar_out(call, calendar) for calendar in calendars]
            if "withAssociations" in flags:
                for out, calendar in zip(listed, calendars, strict=True):
                    out["associations"] = {
                        "applications": {"application": self._calendar_applications(call, calendar)},
                        "chatWidgets": {"chatWidget": []},
                    }
        return self._render(call.fmt, "calendars", {"calendar": listed})

    def get_calendar(self, call: Call, cal_id: str) -> Response:
        calendar = self.store.get_calendar(self._calendar_id(cal_id))
        return self._render(call.fmt, "calendar", self._calendar_out(call, calendar))

    def create_calendar(self, call: Call) -> Response:
        clean = clean_calendar(
            parse_body(call.request.body, call.request.headers.get("Content-Type"), "calendar")
        )
        return self._created(f"{call.base}/adminapi/calendar/{self.store.create_calendar(clean)}")

    def modify_calendar(self, call: Call, cal_id: str) -> Response:
        number = self._calendar_id(cal_id)
        self.store.get_calendar(number)
        clean = clean_calendar(
            parse_body(call.request.body, call.request.headers.get("Content-Type"), "calendar")
        )
        self.store.modify_calendar(number, clean)
        return Response(200)

    def delete_calendar(self, call: Call, cal_id: str) -> Response:
        query = parse_qs(call.request.query, keep_blank_values=True)
        forced = "forced" in query and query["forced"][-1].lower() not in ("false", "0")
        self.store.delete_calendar(self._calendar_id(cal_id), forced)
        return Response(200)

    # Applications and teams -------------------------------------------------------------------------

    def _application_out(
        self, call: Call, application: dict[str, Any], all_script_params: bool = False
    ) -> dict[str, Any]:
        """Real UCCX encodes spaces in names as "+" in self URLs, and leaves out script parameters still at
        their script default unless asked `?allScriptParams` (then flagged `isDefaultValue`)."""
        name = application["applicationName"]
        out = {"self": f"{call.base}/adminapi/application/{quote_plus(name)}", **application}
        script = application.get("ScriptApplication")
        if isinstance(script, dict):
            params = []
            for param in script.get("scriptParams") or []:
                if not self.store.is_default(name, param):
                    params.append(param)
                elif all_script_params:
                    params.append({**param, "isDefaultValue": True})
            out["ScriptApplication"] = {
                "script": script.get("script", ""),
                **({"defaultScript": script["defaultScript"]} if script.get("defaultScript") else {}),
                "scriptParams": params,
            }
        return out

    def list_applications(self, call: Call) -> Response:
        applications = [self._application_out(call, app) for app in self.store.list_applications()]
        return self._render(call.fmt, "applications", {"application": applications})

    def get_application(self, call: Call, name: str) -> Response:
        application = self.store.get_application(name)
        everything = "allScriptParams" in self._flags(call)
        return self._render(call.fmt, "application", self._application_out(call, application, everything))

    def create_application(self, call: Call) -> Response:
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "application")
        name = self.store.create_application(body)
        return self._created(f"{call.base}/adminapi/application/{quote_plus(name)}")

    def modify_application(self, call: Call, name: str) -> Response:
        self.store.get_application(name)
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "application")
        self.store.replace_application(name, body)
        return Response(200)

    def get_application_prompts(self, call: Call, name: str) -> Response:
        """The prompts assigned to the application (`Path` without a leading slash, `Type` file/folder)."""
        prompts = self.store.application_prompts(name)
        return self._render(call.fmt, "Prompts", {"Prompt": prompts})

    def set_application_prompts(self, call: Call, name: str) -> Response:
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "Prompts")
        self.store.set_application_prompts(name, as_list(body.get("Prompt")))
        return Response(200)

    def _team_out(self, call: Call, team: dict[str, Any]) -> dict[str, Any]:
        """As real UCCX spells it (Cisco's team sample): `teamname`, `secondrySupervisor`, no resources."""
        return {
            "self": f"{call.base}/adminapi/team/{team['teamId']}",
            "teamId": team["teamId"],
            "teamname": team["teamName"],
            "primarySupervisor": (
                self._pair(call, "resource", team["primarySupervisor"]) if team["primarySupervisor"] else None
            ),
            "secondarySupervisors": {
                "secondrySupervisor": [
                    self._pair(call, "resource", user) for user in team["secondarySupervisors"]
                ]
            },
            "csqs": {"csq": [self._pair(call, "csq", csq) for csq in team.get("csqs", [])]},
            "acdBusyOnNonAcdBusy": team.get("acdBusyOnNonAcdBusy", False),
            "nonAcdBusyOverride": team.get("nonAcdBusyOverride", False),
        }

    def create_team(self, call: Call) -> Response:
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "team")
        return self._created(f"{call.base}/adminapi/team/{self.store.create_team(body)}")

    def list_teams(self, call: Call) -> Response:
        return self._render(
            call.fmt, "teams", {"team": [self._team_out(call, team) for team in self.store.list_teams()]}
        )

    def get_team(self, call: Call, team_id: str) -> Response:
        if not team_id.isdigit():
            raise bad_request([(team_id, f"Invalid team id {team_id!r}: it must be a number.")])
        return self._render(call.fmt, "team", self._team_out(call, self.store.get_team(int(team_id))))

    # Prompt and document repositories ---------------------------------------------------------------

    @staticmethod
    def _details(entry: Entry, size: int) -> dict[str, str]:
        return {
            "size": f"{math.ceil(size / 1024)} KB",
            "dateModified": entry.modified_at.strftime("%m/%d/%Y %I:%M:%S %p Coordinated Universal Time"),
            "modifiedBy": entry.modified_by,
        }

    def _listing(self, repository: FileRepository, folder: Path) -> dict[str, Any]:
        folders, files = [], []
        for path, entry in repository.children(folder):
            if entry.data is None:
                folders.append(
                    {
                        "path": display(path, folder=True),  # the folder's own path, as Cisco's samples
                        "FolderName": path[-1],
                        "Details": self._details(entry, repository.size_below(path)),
                    }
                )
            else:
                files.append(self._file_entry(path, entry))
        return {"Folder": folders, "File": files}

    def _file_entry(self, path: Path, entry: Entry) -> dict[str, Any]:
        return {
            "path": display(path[:-1], folder=True) if len(path) > 1 else "/",
            "FileName": path[-1],
            "Details": self._details(entry, len(entry.data or b"")),
        }

    def flat_files(self, call: Call, repo: str) -> Response:
        title = _TITLES[repo]
        paths = [{"Path": "/" + path} for path in self.store.files(repo)]
        return self._render(call.fmt, f"{title}s", {title: paths})

    def get_files(self, call: Call, repo: str, path: str = "") -> Response:
        """A folder answers its listing, a file its own entry (200), anything else 404."""
        parts = split_path(path)
        with self.store.lock:
            repository = self.store.repository(repo)
            entry = repository.require(parts)
            content = (
                self._listing(repository, parts)
                if entry.data is None
                else {"File": [self._file_entry(parts, entry)]}
            )
        return self._render(call.fmt, "Files", {_TITLES[repo]: content})

    def download_file(self, call: Call, repo: str, path: str) -> Response:
        parts = split_path(path)
        with self.store.lock:
            data = self.store.repository(repo).require(parts, "file").data or b""
        content_type = "audio/wav" if repo == "prompt" else "application/octet-stream"
        return Response(
            200, data, content_type, {"Content-Disposition": f'attachment; filename="{quote(parts[-1])}"'}
        )

    def upload_file(self, call: Call, repo: str) -> Response:
        """Step 1 of an upload: the file lands in this node's temporary area."""
        fields = parse_multipart(call.request.body, call.request.headers.get("Content-Type"))
        name, data = fields.get("file", (None, b""))
        if not name:
            raise bad_request(
                [("file", "Send the file in the multipart form field 'file' with a file name.")]
            )
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            if repo == "prompt":
                wav.check_prompt(name, data)
            else:
                wav.check_size(name, len(data))
        except wav.FileRuleError as exc:
            raise bad_request([(name, str(exc))]) from exc
        with self.store.lock:
            self.store.repository(repo).temp.setdefault(self.node, {})[name] = data
        return Response(201, content_type="text/plain")

    def store_files(self, call: Call, repo: str) -> Response:
        """Step 2 (`File` entries: move from temp into the tree) or folder creation (`Folder` entries)."""
        title = _TITLES[repo]
        body = parse_body(call.request.body, call.request.headers.get("Content-Type"), "Files")
        section = body.get(title)
        if not isinstance(section, dict) or not (section.get("File") or section.get("Folder")):
            raise bad_request(
                [
                    (
                        "body",
                        f"The body must be Files/{title} with File {{path, FileName}} or Folder entries.",
                    )
                ]
            )
        folders, files = as_list(section.get("Folder")), as_list(section.get("File"))
        if not all(isinstance(entry, dict) for entry in folders + files):
            raise bad_request([("body", f"Files/{title}/File and Folder entries must be objects.")])
        created: list[Path] = []
        with self.store.lock:
            repository = self.store.repository(repo)
            for folder in folders:
                parent = split_path(str(folder.get("path") or "/"))
                created.append(repository.add_folder(parent, str(folder.get("FolderName") or ""), call.user))
            for file in files:
                created.append(
                    repository.store(
                        self.node,
                        split_path(str(file.get("path") or "/")),
                        str(file.get("FileName") or ""),
                        call.user,
                    )
                )
        return self._created(f"{call.base}/adminapi/{repo}{quote(display(created[-1]))}")

    def delete_file(self, call: Call, repo: str, path: str) -> Response:
        with self.store.lock:
            self.store.repository(repo).delete(split_path(path))
        return Response(200)
