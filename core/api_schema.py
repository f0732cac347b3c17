"""`/api/schema/`: the OpenAPI document, readable in a browser.

Browsers accept `*/*`, for which drf-spectacular's first renderer answers `application/vnd.oai.openapi`,
a type they download instead of showing. The same YAML as `text/plain` comes first here; clients that ask
for `application/vnd.oai.openapi`, `application/yaml` or JSON still get those.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView


class ReadableYamlRenderer(OpenApiYamlRenderer):
    media_type = "text/plain"
    charset = "utf-8"


class SchemaView(SpectacularAPIView):
    renderer_classes = [ReadableYamlRenderer, *SpectacularAPIView.renderer_classes]


class ThrottledBasicScheme(OpenApiAuthenticationExtension):
    """HTTP Basic, as `core.authentication.ThrottledBasicAuthentication` takes it (failures are throttled
    per address before any password hash); registered with drf-spectacular by being defined."""

    target_class = "core.authentication.ThrottledBasicAuthentication"
    name = "basicAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "basic"}
