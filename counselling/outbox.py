"""Every mail and SMS to a client leaves through the outbox.

A message is a row of `OutboxMessage`, saved in the same transaction as the
booking, move or cancellation it reports: the change and its message stand or
fall together. The `send_outbox` worker sends what is due, one row at a time
under a row lock (several workers never take the same message), records the
delivery on the row, and after a failure tries again later, waiting twice as
long each time, until `COUNSELLING_OUTBOX_MAX_ATTEMPTS`; then the message is
given up and leads see it in the admin, where they can send it again.
A delivered message is never sent again, and the logs name a message by its
number only, never by an address, a phone number or a name.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails
from .models import Appointment, OutboxMessage, SlotHold

logger = logging.getLogger(__name__)

Kind = OutboxMessage.Kind
# The longest wait between two attempts.
MAX_BACKOFF = timedelta(hours=6)


def enqueue(appointment: Appointment, kind: str, *, now: datetime | None = None) -> OutboxMessage:
    """Queue a message about `appointment`, due at once (`now`, the time of the
    change); call it inside the change's transaction."""
    now = now or timezone.now()
    message = OutboxMessage.objects.create(
        appointment=appointment, kind=kind, created_at=now, next_attempt_at=now
    )
    if settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT:
        # Without a worker (tests, a single process): sent right after the commit.
        transaction.on_commit(lambda: send_message(message.pk, now=now))
    return message


def enqueue_offer(hold: SlotHold, *, now: datetime) -> OutboxMessage:
    """Queue the message that offers a held time to the person on the waiting list."""
    message = OutboxMessage.objects.create(
        hold=hold, kind=Kind.OFFER, created_at=now, next_attempt_at=now
    )
    if settings.COUNSELLING_OUTBOX_SEND_ON_COMMIT:
        transaction.on_commit(lambda: send_message(message.pk, now=now))
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


def send_due(*, now: datetime | None = None, limit: int | None = None) -> tuple[int, int]:
    """Send the due messages, oldest first; (sent, failed) attempts. Without `now`,
    each message is sent and recorded at the time of its own attempt."""
    sent = failed = 0
    while limit is None or sent + failed < limit:
        result = _send_next(OutboxMessage.objects.all(), now or timezone.now())
        if result is None:
            break
        if result:
            sent += 1
        else:
            failed += 1
    return sent, failed


def send_again(queryset, *, now: datetime | None = None) -> int:
    """Queue given-up messages again, with a fresh count of attempts."""
    return queryset.failed().update(
        failed_at=None, attempts=0, next_attempt_at=now or timezone.now()
    )


def purge_delivered(*, now: datetime | None = None) -> int:
    """Delete the rows of messages sent before the outbox's retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COUNSELLING_OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted
