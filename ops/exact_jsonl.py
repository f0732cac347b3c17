"""JSON Lines for backups, with times to the microsecond.

Django's own `jsonl` format cuts datetimes and times to milliseconds (`DjangoJSONEncoder`), so a restore
would not give back the same instants. This format writes full ISO 8601 values; Django's `jsonl`
deserializer reads them as they are, so archives stay plain JSON Lines.
"""

import datetime
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]  # private in django-stubs, public in Django
        self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = jsonl.Deserializer
