"""Django's JSON fixtures with times to the microsecond, for backups.

Django's JSON encoder writes times to the millisecond, so a backup written with `dumpdata`'s
own JSON gave back 10:37:14 for a row written at 10:37:14.000400. Any JSON fixture reads these
times as they are (`loaddata` parses the whole ISO 8601 value), so restoring needs nothing of
its own."""

import datetime as dt
from typing import Any

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class _ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime):
            written = o.isoformat()
            return written.removesuffix("+00:00") + "Z" if written.endswith("+00:00") else written
        if isinstance(o, dt.time) and o.utcoffset() is None:  # Django refuses aware times
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self) -> None:
        super()._init_options()
        self.json_kwargs["cls"] = _ExactEncoder
