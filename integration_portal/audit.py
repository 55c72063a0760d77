"""The audit trail: one `LogEntry` per state change, written by the service
that makes the change, read on the object's admin and review pages.

Each app names its actions once, at import of its services module:

    audit.register_actions({"measure.published": _("published"), ...})
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise

from .models import LogEntry

_LABELS: dict[str, Promise | str] = {}


def register_actions(labels: dict[str, Promise | str]) -> None:
    _LABELS.update(labels)


def action_label(action: str) -> str:
    return str(_LABELS.get(action, action))


def log_action(obj: models.Model, action: str, user=None, **data) -> LogEntry:
    """Record that `user` (None: the system, e.g. a scheduled command) did
    `action` to `obj` now. Call it inside the transaction of the change."""
    if action not in _LABELS:
        raise ValueError(f"unknown audit action {action!r}: register it with register_actions()")
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        at=timezone.now(),
        data=data,
    )


def trail(obj: models.Model) -> models.QuerySet[LogEntry]:
    """The object's events, newest first."""
    return LogEntry.objects.for_object(obj)
