"""Every mail and SMS to a client leaves through the outbox.

A message is a row of `OutboxMessage`, saved in the same transaction as the
booking, move or cancellation it reports: the change and its message stand or
fall together. Each message is sent by a task of Django's tasks API
(`deliver_message`), queued by the database backend of `django-tasks` in the
same transaction, and run by its worker (`manage.py db_worker`). The task
sends the row under a row lock (several workers never take the same message),
records the delivery on the row, and after a failure queues the next attempt
for later (`run_after`), waiting twice as long each time, until
`COUNSELLING_OUTBOX_MAX_ATTEMPTS`; then the message is given up and leads see
it on the desk and in the admin, where they can send it again.
A delivered message is never sent again, and the logs name a message by its
number only, never by an address, a phone number or a name.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import emails
from .models import Appointment, OutboxMessage, SlotHold

logger = logging.getLogger(__name__)

Kind = OutboxMessage.Kind
# The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=6)


@task()
def deliver_message(message_id: int) -> bool | None:
    """Send one message if it is due: True sent, False failed (the next attempt
    is queued), None nothing to do (sent already, given up or not yet due)."""
    return send_message(message_id)


def _queue(message: OutboxMessage) -> None:
    """Queue the task that sends `message` at its next attempt, in the current
    transaction: the task's row commits or rolls back with the change."""
    if deliver_message.get_backend().supports_defer:
        deliver_message.using(run_after=message.next_attempt_at).enqueue(message.pk)


def _send_on_commit(message: OutboxMessage, now: datetime) -> None:
    if settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT:
        # A first attempt from the web process right after the commit; the queued
        # task finds the message sent and does nothing, or retries a failure.
        transaction.on_commit(lambda: send_message(message.pk, now=now))


def enqueue(appointment: Appointment, kind: str, *, now: datetime | None = None) -> OutboxMessage:
    """Queue a message about `appointment`, due at once (`now`, the time of the
    change); call it inside the change's transaction."""
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        appointment=appointment, kind=kind, created_at=now, next_attempt_at=now
    )
    _queue(message)
    _send_on_commit(message, now)
    return message


def enqueue_offer(hold: SlotHold, *, now: datetime) -> OutboxMessage:
    """Queue the message that offers a held time to the person on the waiting list."""
    message = OutboxMessage.objects.create(
        hold=hold, kind=Kind.OFFER, created_at=now, next_attempt_at=now
    )
    _queue(message)
    _send_on_commit(message, now)
    return message


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes."""
    seconds = settings.COUNSELLING_OUTBOX_RETRY_SECONDS * 2 ** (attempts - 1)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


def _is_stale(message: OutboxMessage, appointment: Appointment) -> bool:
    """A confirmation, move or reminder for an appointment cancelled meanwhile."""
    return message.kind != Kind.CANCELLED and appointment.status == Appointment.Status.CANCELLED


def _deliver_offer(message: OutboxMessage, now: datetime) -> str:
    """An offer still stands while the time is held for her; else there is nothing to say."""
    hold = SlotHold.objects.select_related("entry__language", "location").get(pk=message.hold_id)
    if hold.entry is None or not hold.is_active(now):
        return ""
    return emails.deliver_offer(hold)


def _deliver(message: OutboxMessage, now: datetime) -> str:
    if message.hold_id is not None:
        return _deliver_offer(message, now)
    appointment = Appointment.objects.select_related(
        "client", "location", "language", "counsellor__user"
    ).get(pk=message.appointment_id)
    return "" if _is_stale(message, appointment) else emails.deliver(appointment, message.kind)


def _attempt(message: OutboxMessage, now: datetime) -> bool:
    message.attempts += 1
    try:
        # In a savepoint: a database error while rendering leaves the row's update possible.
        with transaction.atomic():
            message.channel = _deliver(message, now)
    except Exception as error:
        message.last_error = type(error).__name__[:100]
        if message.attempts >= settings.COUNSELLING_OUTBOX_MAX_ATTEMPTS:
            message.failed_at = now
            logger.error(
                "counselling message %s given up after %s attempts (%s)",
                message.pk,
                message.attempts,
                message.last_error,
            )
        else:
            message.next_attempt_at = now + backoff(message.attempts)
            # In the transaction that records the failure: the retry is never lost.
            _queue(message)
            logger.warning(
                "counselling message %s not sent (%s), next attempt at %s",
                message.pk,
                message.last_error,
                message.next_attempt_at.isoformat(),
            )
    else:
        # "" as channel: nothing to send (no way to reach her, or no longer true).
        message.sent_at = now
        message.last_error = ""
    message.save(
        update_fields=[
            "attempts",
            "channel",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "failed_at",
        ]
    )
    return message.sent_at is not None


def _send_next(queryset, now: datetime) -> bool | None:
    """Send the first due message of `queryset`: True sent, False failed, None none due."""
    with transaction.atomic():
        message = (
            queryset.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if message is None:
            return None
        return _attempt(message, now)


def send_message(pk: int, *, now: datetime | None = None) -> bool | None:
    """Send one message if it is due and no worker holds it."""
    return _send_next(OutboxMessage.objects.filter(pk=pk), now or timezone.now())


def send_again(queryset, *, now: datetime | None = None) -> int:
    """Queue given-up messages again, with a fresh count of attempts."""
    now = now or timezone.now()
    with transaction.atomic():
        messages = list(
            OutboxMessage.objects.filter(pk__in=queryset.failed().values("pk")).select_for_update()
        )
        for message in messages:
            message.failed_at, message.attempts, message.next_attempt_at = None, 0, now
            message.save(update_fields=["failed_at", "attempts", "next_attempt_at"])
            _queue(message)
    return len(messages)


def purge_delivered(*, now: datetime | None = None) -> int:
    """Delete the rows of messages sent before the outbox's retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COUNSELLING_OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
