"""JSON inside a <script> element: the structured data of measure and partner pages."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_for_script(data: dict) -> SafeString:
    """JSON that cannot end its <script> element early or open markup."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 -- <, > and & escaped  # nosec B308
