"""Booking, cancelling and moving appointments: each one transaction."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import psycopg.errors
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from integration_portal.models import Language

from . import emails
from .models import Appointment, Client
from .slots import Slot, find_slot

logger = logging.getLogger(__name__)

MAX_FUTURE_APPOINTMENTS_PER_EMAIL = 3
BOOKINGS_PER_HOUR = 5


class BookingError(Exception):
    """A booking that cannot be made; the message is meant for the client."""


class SlotTaken(BookingError):
    """Someone else booked the slot first, or it is no longer offered."""


class NotEligible(BookingError):
    """The youngest child is 3 or older on the appointment date."""


class TooManyAppointments(BookingError):
    pass


class RateLimited(BookingError):
    pass


class ChangeNotAllowed(BookingError):
    """Too close to the appointment for the client to change it herself."""


@dataclass
class ClientDetails:
    name: str
    email: str
    phone: str
    child_birth_month: date
    preferred_language: Language | None
    ui_language: str


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


def _check_rate(kind: str, value: str) -> None:
    # Keys hold a keyed hash: the shared cache table never sees an address.
    key = f"counselling:rate:{kind}:{_digest(value)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    if count > BOOKINGS_PER_HOUR:
        raise RateLimited


def check_rate_limits(email: str, ip_address: str | None) -> None:
    if email:
        _check_rate("email", email.lower())
    if ip_address:
        _check_rate("ip", ip_address)


def _insert(
    slot: Slot, client: Client, *, topic: str, language: Language, interpreter: bool
) -> Appointment:
    appointment = Appointment(
        counsellor_id=slot.counsellor_id,
        client=client,
        timespan=DateTimeTZRange(slot.start, slot.end),
        topic=topic,
        mode=slot.mode,
        location_id=slot.location_id,
        language=language,
        interpreter_wanted=interpreter,
    )
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        if isinstance(error.__cause__, psycopg.errors.ExclusionViolation):
            raise SlotTaken from error
        raise
    return appointment


def _send_confirmation_on_commit(appointment: Appointment) -> None:
    transaction.on_commit(lambda: emails.send_confirmation(appointment.pk))


@transaction.atomic
def book_appointment(
    *,
    slot_key: str,
    details: ClientDetails,
    topic: str,
    language: Language,
    interpreter_wanted: bool = False,
    now: datetime | None = None,
    ip_address: str | None = None,
    by_staff: bool = False,
) -> Appointment:
    """Book a free slot for a new client, or raise a BookingError.

    Staff booking for a client on the phone skip the notice period and the
    abuse limits, never the eligibility check or the overlap constraint.
    """
    now = now or timezone.now()
    slot = find_slot(slot_key, now=now, notice=timedelta(0) if by_staff else None)
    if slot is None:
        raise SlotTaken
    client = Client(
        name=details.name,
        email=details.email,
        phone=details.phone,
        child_birth_month=details.child_birth_month,
        preferred_language=details.preferred_language,
        ui_language=details.ui_language,
        consent_at=now,
    )
    if not client.child_is_under_three_on(slot.local_start.date()):
        raise NotEligible
    if not by_staff:
        if details.email and (
            Appointment.objects.active()
            .filter(client__email__iexact=details.email, timespan__startswith__gt=now)
            .count()
            >= MAX_FUTURE_APPOINTMENTS_PER_EMAIL
        ):
            raise TooManyAppointments
        check_rate_limits(details.email, ip_address)
    client.save()
    appointment = _insert(
        slot, client, topic=topic, language=language, interpreter=interpreter_wanted
    )
    _send_confirmation_on_commit(appointment)
    return appointment


@transaction.atomic
def cancel_appointment(
    appointment: Appointment, *, now: datetime | None = None, by_staff: bool = False
) -> None:
    now = now or timezone.now()
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not by_staff and not appointment.can_be_changed(now):
        raise ChangeNotAllowed
    if appointment.status != Appointment.Status.BOOKED:
        raise ChangeNotAllowed
    appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["status"])


@transaction.atomic
def move_appointment(
    appointment: Appointment, slot_key: str, *, now: datetime | None = None
) -> Appointment:
    """Cancel and book again in one transaction: the old time is kept if the new one is taken."""
    now = now or timezone.now()
    old = (
        Appointment.objects.select_for_update()
        .select_related("client", "language")
        .get(pk=appointment.pk)
    )
    if not old.can_be_changed(now):
        raise ChangeNotAllowed
    slot = find_slot(slot_key, now=now)
    if slot is None:
        raise SlotTaken
    if not old.client.child_is_under_three_on(slot.local_start.date()):
        raise NotEligible
    old.status = Appointment.Status.CANCELLED
    old.save(update_fields=["status"])
    new = _insert(
        slot, old.client, topic=old.topic, language=old.language, interpreter=old.interpreter_wanted
    )
    _send_confirmation_on_commit(new)
    return new


def set_status(appointment: Appointment, status: str) -> None:
    appointment.status = status
    appointment.save(update_fields=["status"])


def export_client(client: Client) -> dict:
    """Everything stored about one client (GDPR Art. 15)."""
    appointments = client.appointments.select_related("counsellor__user", "location", "language")
    return {
        "name": client.name,
        "email": client.email,
        "phone": client.phone,
        "youngest_child_month_of_birth": (
            client.child_birth_month.strftime("%Y-%m") if client.child_birth_month else None
        ),
        "preferred_language": client.preferred_language.code if client.preferred_language else None,
        "consent_at": client.consent_at.isoformat() if client.consent_at else None,
        "created_at": client.created_at.isoformat(),
        "appointments": [
            {
                "start": appointment.start.isoformat(),
                "end": appointment.end.isoformat(),
                "topic": appointment.topic,
                "mode": appointment.mode,
                "location": appointment.location.address if appointment.location else None,
                "language": appointment.language.code,
                "interpreter_wanted": appointment.interpreter_wanted,
                "status": appointment.status,
                "notes": appointment.notes,
            }
            for appointment in appointments
        ],
    }


@transaction.atomic
def erase_client(client: Client, *, now: datetime | None = None) -> None:
    """Erasure (GDPR Art. 17): future appointments are cancelled, personal data blanked."""
    now = now or timezone.now()
    client.appointments.filter(
        status=Appointment.Status.BOOKED, timespan__startswith__gt=now
    ).update(status=Appointment.Status.CANCELLED)
    client.anonymise(now)


def purge_personal_data(*, now: datetime | None = None) -> int:
    """Anonymise clients whose appointments all ended before the retention period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.COUNSELLING_RETENTION_DAYS)
    clients = (
        Client.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
        .exclude(appointments__timespan__endswith__gte=cutoff)
        .distinct()
    )
    count = 0
    for client in clients:
        with transaction.atomic():
            client.anonymise(now)
        count += 1
    return count
