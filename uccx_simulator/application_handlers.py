"""Applications on a simulated node: `/adminapi/application`, its script parameters and assigned prompts."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

from .pipeline import Call, NodePipeline
from .representation import as_list, parse_body
from .transport import Response


class ApplicationHandlers(NodePipeline):
    """The node's application handlers."""

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
