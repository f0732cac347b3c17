"""UCCX applications (`/adminapi/application`): read and write back, and the prompts assigned to one."""

from uccx_client import shapes
from uccx_client.quirks import as_list
from uccx_client.transport import Transport, adminapi_path


class ApplicationOperations(Transport):
    """The client's application operations."""

    def list_applications(self) -> list[dict]:
        """Every application (script parameters at their default left out, as UCCX lists them)."""
        return [
            shapes.application(item)
            for item in as_list(self._read_json(adminapi_path("application")).get("application"))
            if isinstance(item, dict)
        ]

    def get_application(self, name: str, *, all_script_params: bool = False) -> dict:
        """The application. UCCX leaves out script parameters still at their script default unless
        `all_script_params` (then they come flagged `isDefaultValue`): read with it before writing back."""
        query = "?allScriptParams" if all_script_params else ""
        return shapes.application(self._read_json(adminapi_path("application", name) + query))

    def modify_application(self, name: str, body: dict) -> None:
        """PUT the whole application (UCCX replaces it): pass a body read with `all_script_params`."""
        self._write("PUT", adminapi_path("application", name), json=shapes.application_for_write(body))

    def get_application_prompts(self, name: str) -> list[dict]:
        """The prompts assigned to the application: [{"Path": "en_US/x.wav", "Type": "file"|"folder"}]."""
        body = self._read_json(adminapi_path("application", name, "prompts"))
        inner = body.get("Prompts", body)
        return [dict(item) for item in as_list(inner.get("Prompt")) if isinstance(item, dict)]
