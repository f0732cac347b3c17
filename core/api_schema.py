"""`/api/schema/`: the OpenAPI document, readable in a browser.

Browsers accept `*/*`, for which drf-spectacular's first renderer answers `application/vnd.oai.openapi`,
a type they download instead of showing. The same YAML as `text/plain` comes first here; clients that ask
for `application/vnd.oai.openapi`, `application/yaml` or JSON still get those.
"""

from __future__ import annotations

from drf_spectacular.renderers import OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView


class ReadableYamlRenderer(OpenApiYamlRenderer):
    media_type = "text/plain"
    charset = "utf-8"


class SchemaView(SpectacularAPIView):
    renderer_classes = [ReadableYamlRenderer, *SpectacularAPIView.renderer_classes]
