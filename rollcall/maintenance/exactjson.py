"""Django's JSON serialisation with times kept to the microsecond, for backups.

Django's encoder cuts datetimes and times to milliseconds, so a PostgreSQL backup restored every
timestamp a little earlier than it was. Registered as the "exactjson" format (settings'
SERIALIZATION_MODULES); Django's own JSON loader reads what it writes.
"""

from __future__ import annotations

import datetime as dt

from django.core.serializers.json import (
    Deserializer,  # noqa: F401  (a format names both halves)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
