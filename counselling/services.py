"""Every change to appointments and clients: book, cancel, move, record the
outcome, export and erase. Each is one transaction, checked against the
appointment's allowed transitions and written to the audit trail."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import psycopg.errors
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integration_portal import ratelimit
from integration_portal.audit import log_action, register_actions
from integration_portal.models import Language

from . import outbox, waiting_list
from .models import Appointment, Client, SlotHold, WaitingListEntry, phone_digits
from .signals import client_exported
from .slots import Slot, booking_horizon, counsellor_of, find_slot, free_slots, lock_counsellor

logger = logging.getLogger(__name__)

MAX_FUTURE_APPOINTMENTS_PER_PERSON = 3
BOOKINGS_PER_HOUR = 5

register_actions(
    {
        "appointment.booked": gettext_lazy("booked"),
        "appointment.cancelled": gettext_lazy("cancelled"),
        "appointment.moved": gettext_lazy("moved to another time"),
        "appointment.handed_over": gettext_lazy("handed over to another counsellor"),
        "appointment.attended": gettext_lazy("marked as attended"),
        "appointment.no_show": gettext_lazy("marked as not attended"),
        "client.exported": gettext_lazy("data exported (GDPR Art. 15)"),
        "client.erased": gettext_lazy("data erased (GDPR Art. 17)"),
        "client.anonymised": gettext_lazy("anonymised after the retention period"),
    }
)


class BookingError(Exception):
    """A booking or change that cannot be made; the message is meant for people."""


class SlotTaken(BookingError):
    """Someone else booked the slot first, or it is no longer offered."""


class NotEligible(BookingError):
    """The youngest child is 3 or older on the appointment date."""


class TooManyAppointments(BookingError):
    pass


class RateLimited(BookingError):
    pass


class ChangeNotAllowed(BookingError):
    """A status change the appointment does not allow now, or one the client
    may no longer make herself; the message says why."""


@dataclass
class ClientDetails:
    name: str
    email: str
    phone: str
    child_birth_month: date
    preferred_language: Language | None
    ui_language: str


def check_rate_limits(details: ClientDetails, ip_address: str | None) -> None:
    """Bookings per hour from one address, one email and one phone number."""
    counted = [
        ("counselling:booking:ip", ip_address or ""),
        ("counselling:booking:email", details.email.lower()),
        ("counselling:booking:phone", phone_digits(details.phone)),
    ]
    # Every limit counts this booking, also when an earlier one is already over.
    over = [
        ratelimit.exceeded(scope, value, limit=BOOKINGS_PER_HOUR)
        for scope, value in counted
        if value
    ]
    if any(over):
        raise RateLimited


def future_appointments_of_person(details: ClientDetails, now: datetime) -> int:
    return (
        Appointment.objects.active()
        .filter(
            client__in=Client.objects.with_contact([details.email], [details.phone]),
            timespan__startswith__gt=now,
        )
        .count()
    )


def _save_in_slot(appointment: Appointment) -> None:
    """Saves the appointment in its time; `SlotTaken` when the database's
    exclusion constraint says another booking holds it."""
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        if isinstance(error.__cause__, psycopg.errors.ExclusionViolation):
            raise SlotTaken from error
        raise


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
    _save_in_slot(appointment)
    return appointment


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
    user=None,
    hold: SlotHold | None = None,
) -> Appointment:
    """Book a free slot for a new client, or raise a BookingError.

    Staff booking for a client on the phone skip the notice period and the
    abuse limits, never the eligibility check or the overlap constraint.
    A time held from the waiting list is free only for the one it is held
    for (`hold`), and only while the hold lasts; her entry then leaves the list.
    """
    now = now or timezone.now()
    counsellor_id = counsellor_of(slot_key)
    if counsellor_id is not None:
        lock_counsellor(counsellor_id)
    if hold is not None:
        hold = SlotHold.objects.select_for_update().get(pk=hold.pk)
        if not hold.is_active(now):
            raise SlotTaken
    slot = find_slot(
        slot_key,
        now=now,
        notice=timedelta(0) if by_staff else None,
        except_hold=hold.pk if hold else None,
    )
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
        if future_appointments_of_person(details, now) >= MAX_FUTURE_APPOINTMENTS_PER_PERSON:
            raise TooManyAppointments
        check_rate_limits(details, ip_address)
    client.save()
    appointment = _insert(
        slot, client, topic=topic, language=language, interpreter=interpreter_wanted
    )
    log_action(appointment, "appointment.booked", user, via="desk" if by_staff else "online")
    outbox.enqueue(appointment, outbox.Kind.CONFIRMATION, now=now)
    if hold is not None:
        _use_hold(hold, appointment, now)
    return appointment


def _use_hold(hold: SlotHold, appointment: Appointment, now: datetime) -> None:
    """The held time is booked: the hold ends and her waiting-list entry with it."""
    hold.appointment = appointment
    hold.released_at = now
    hold.save(update_fields=["appointment", "released_at"])
    if hold.entry_id is not None:
        WaitingListEntry.objects.filter(pk=hold.entry_id).delete()


def _offer_freed(appointment: Appointment, timespan, now: datetime) -> None:
    """A time given up goes to the first fitting person on the waiting list."""
    waiting_list.offer_freed_time(
        appointment.counsellor_id, timespan.lower, timespan.upper, now=now
    )


def _refusal(appointment: Appointment, status: str, now: datetime) -> str:
    """Why the appointment cannot become `status` now, in words for the person asking."""
    Status = Appointment.Status
    if appointment.status == Status.CANCELLED:
        return _("This appointment is cancelled and cannot be changed any more.")
    if status in (Status.ATTENDED, Status.NO_SHOW) and now < appointment.timespan.lower:
        return _("Whether the client came can be recorded from the start of the appointment on.")
    if status == Status.CANCELLED and appointment.status == Status.BOOKED:
        return _("The appointment has begun: record whether the client came instead.")
    return _("This change of status is not possible.")


def _locked(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("client", "language")
        .get(pk=appointment.pk)
    )


def _change_status(
    appointment: Appointment, status: str, action: str, *, now: datetime, user, **data
) -> Appointment:
    """The one place a status changes: the state machine decides, the trail records."""
    if not appointment.can_become(status, now):
        raise ChangeNotAllowed(_refusal(appointment, status, now))
    appointment.status = status
    appointment.save(update_fields=["status"])
    log_action(appointment, action, user, status=status, **data)
    return appointment


@transaction.atomic
def cancel_appointment(
    appointment: Appointment, *, now: datetime | None = None, by_staff: bool = False, user=None
) -> Appointment:
    """Cancel by the personal link (until the deadline) or at the desk (until the start);
    she is told either way, with a link to book again."""
    now = now or timezone.now()
    locked = _locked(appointment)
    if not by_staff and not locked.can_be_changed(now):
        raise ChangeNotAllowed(_("This appointment can no longer be changed online."))
    cancelled = _change_status(
        locked,
        Appointment.Status.CANCELLED,
        "appointment.cancelled",
        now=now,
        user=user,
        via="desk" if by_staff else "personal link",
    )
    outbox.enqueue(cancelled, outbox.Kind.CANCELLED, now=now)
    _offer_freed(cancelled, cancelled.timespan, now)
    return cancelled


def _reschedule(appointment: Appointment, slot: Slot) -> None:
    """Give the appointment the slot's time, counsellor, way and place: the same
    appointment, so her personal link and her calendar entry follow it."""
    appointment.counsellor_id = slot.counsellor_id
    appointment.timespan = DateTimeTZRange(slot.start, slot.end)
    appointment.mode = slot.mode
    appointment.location_id = slot.location_id
    appointment.video_link = ""
    appointment.reminder_sent_at = None
    appointment.sequence += 1
    _save_in_slot(appointment)


@transaction.atomic
def move_appointment(
    appointment: Appointment, slot_key: str, *, now: datetime | None = None
) -> Appointment:
    """Move to another free time; the old time is kept if the new one is taken."""
    now = now or timezone.now()
    locked = _locked(appointment)
    if not locked.can_be_changed(now):
        raise ChangeNotAllowed(_("This appointment can no longer be changed online."))
    # Both counsellors' turns, always in the same order: two moves between them never deadlock.
    for counsellor_id in sorted({locked.counsellor_id, counsellor_of(slot_key) or 0} - {0}):
        lock_counsellor(counsellor_id)
    slot = find_slot(slot_key, now=now)
    if slot is None:
        raise SlotTaken
    if not locked.client.child_is_under_three_on(slot.local_start.date()):
        raise NotEligible
    before = locked.timespan.lower
    freed = (locked.counsellor_id, locked.timespan)
    _reschedule(locked, slot)
    log_action(
        locked,
        "appointment.moved",
        None,
        via="personal link",
        previous_start=before.isoformat(),
        start=slot.start.isoformat(),
    )
    outbox.enqueue(locked, outbox.Kind.MOVED, now=now)
    waiting_list.offer_freed_time(freed[0], freed[1].lower, freed[1].upper, now=now)
    return locked


# A counsellor's absence over booked appointments: each is handed over or cancelled.


def appointments_during(counsellor, start: datetime, end: datetime, now: datetime | None = None):
    """The counsellor's upcoming booked appointments that an absence from `start`
    to `end` would hit."""
    return (
        Appointment.objects.filter(
            counsellor=counsellor,
            status=Appointment.Status.BOOKED,
            timespan__overlap=DateTimeTZRange(start, end),
            timespan__startswith__gt=now or timezone.now(),
        )
        .select_related("client", "language", "location", "counsellor__user")
        .order_by("timespan")
    )


def replacement_slot(appointment: Appointment, *, now: datetime | None = None) -> Slot | None:
    """Another counsellor free at the very same time for the same topic, language,
    way and place; she keeps her time, only the counsellor changes."""
    now = now or timezone.now()
    if appointment.timespan.lower <= now:
        return None
    slots = free_slots(
        now=now,
        until=appointment.timespan.upper,
        notice=timedelta(0),
        topic=appointment.topic,
        language_id=appointment.language_id,
        mode=appointment.mode,
        location_id=appointment.location_id,
    )
    return next(
        (
            slot
            for slot in slots
            if slot.start == appointment.timespan.lower
            and slot.counsellor_id != appointment.counsellor_id
        ),
        None,
    )


@transaction.atomic
def hand_over(
    appointment: Appointment, slot: Slot, *, user, now: datetime | None = None
) -> Appointment:
    """Give the appointment to the counsellor of `slot` at the same time; she is told."""
    locked = _locked(appointment)
    if locked.status != Appointment.Status.BOOKED:
        raise ChangeNotAllowed(_refusal(locked, Appointment.Status.BOOKED, now or timezone.now()))
    absent = locked.counsellor_id
    _reschedule(locked, slot)
    log_action(
        locked,
        "appointment.handed_over",
        user,
        from_counsellor=absent,
        to_counsellor=slot.counsellor_id,
    )
    outbox.enqueue(locked, outbox.Kind.MOVED, now=now)
    return locked


@transaction.atomic
def save_absence(absence, decisions: dict[int, str], *, user, now: datetime | None = None) -> dict:
    """Save an absence and settle each booked appointment it hits, as the desk decided:
    "move" hands it to the counsellor free at that time, "cancel" cancels it. Either
    way she is told in her language, a cancellation with a link to book again.
    An appointment whose replacement was taken meanwhile is cancelled."""
    now = now or timezone.now()
    affected = list(appointments_during(absence.counsellor, absence.start, absence.end, now))
    absence.save()
    settled = {"moved": 0, "cancelled": 0}
    for appointment in affected:
        slot = (
            replacement_slot(appointment, now=now)
            if decisions.get(appointment.pk) == "move"
            else None
        )
        if slot is not None:
            try:
                hand_over(appointment, slot, user=user, now=now)
            except SlotTaken:
                slot = None
            else:
                settled["moved"] += 1
        if slot is None:
            cancel_appointment(appointment, now=now, by_staff=True, user=user)
            settled["cancelled"] += 1
    return settled


@transaction.atomic
def delete_absence(absence, *, now: datetime | None = None) -> None:
    """The counsellor is there after all: her times are offered to the waiting list."""
    now = now or timezone.now()
    absence.delete()
    waiting_list.offer_freed_time(absence.counsellor_id, absence.start, absence.end, now=now)


@transaction.atomic
def save_availability(rule, *, now: datetime | None = None) -> None:
    """A new or changed weekly window: its free times are offered to the waiting list."""
    now = now or timezone.now()
    rule.save()
    waiting_list.offer_freed_time(rule.counsellor_id, now, now + booking_horizon(), now=now)


@transaction.atomic
def mark_attended(appointment: Appointment, *, user, now: datetime | None = None) -> Appointment:
    return _change_status(
        _locked(appointment),
        Appointment.Status.ATTENDED,
        "appointment.attended",
        now=now or timezone.now(),
        user=user,
    )


@transaction.atomic
def mark_no_show(appointment: Appointment, *, user, now: datetime | None = None) -> Appointment:
    return _change_status(
        _locked(appointment),
        Appointment.Status.NO_SHOW,
        "appointment.no_show",
        now=now or timezone.now(),
        user=user,
    )


# GDPR: requests act on the person, every row she left by booking.


def person_rows(client: Client, include: Iterable[int] | None = None):
    """The rows of the person behind `client` that still hold personal data, with
    their appointments; `include` narrows them to the rows a lead confirmed."""
    rows = client.same_person().filter(anonymised_at__isnull=True)
    if include is not None:
        rows = rows.filter(pk__in=list(include))
    return (
        rows.select_related("preferred_language")
        .prefetch_related("appointments__location", "appointments__language")
        .order_by("created_at", "pk")
    )


def _export_row(client: Client) -> dict:
    row = {
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
            for appointment in sorted(client.appointments.all(), key=lambda a: a.timespan.lower)
        ],
    }
    for _receiver, entries in client_exported.send(sender=Client, client=client):
        row |= entries
    return row


@transaction.atomic
def export_person(
    client: Client, *, user, include: Iterable[int] | None = None, now: datetime | None = None
) -> dict:
    """Everything stored about the person (GDPR Art. 15), over all her rows."""
    now = now or timezone.now()
    rows = list(person_rows(client, include))
    row_ids = [row.pk for row in rows]
    for row in rows:
        log_action(row, "client.exported", user, rows=row_ids)
    return {
        "exported_at": now.isoformat(),
        "records": [_export_row(row) for row in rows],
        "waiting_list": [_export_entry(entry) for entry in _waiting_entries(rows)],
    }


def _waiting_entries(rows: list[Client]):
    """Her entries on the waiting list, found by the contact data of her rows."""
    return (
        WaitingListEntry.objects.with_contact(
            [row.email for row in rows], [row.phone for row in rows]
        )
        .select_related("language", "district")
        .order_by("created_at", "pk")
    )


def _export_entry(entry: WaitingListEntry) -> dict:
    return {
        "joined_at": entry.created_at.isoformat(),
        "email": entry.email,
        "phone": entry.phone,
        "topic": entry.topic,
        "language": entry.language.code,
        "mode": entry.mode,
        "district": entry.district.name if entry.district else None,
        "youngest_child_month_of_birth": entry.child_birth_month.strftime("%Y-%m"),
    }


@transaction.atomic
def erase_person(
    client: Client, *, user, include: Iterable[int] | None = None, now: datetime | None = None
) -> list[int]:
    """Erasure (GDPR Art. 17) over all her rows: upcoming appointments are
    cancelled, personal data blanked; the anonymous figures stay. Returns the rows."""
    now = now or timezone.now()
    rows = list(person_rows(client, include).select_for_update(of=("self",)))
    row_ids = [row.pk for row in rows]
    for entry in _waiting_entries(rows):
        waiting_list.leave(entry, now=now)
    for row in rows:
        upcoming = row.appointments.select_for_update().filter(
            status=Appointment.Status.BOOKED, timespan__startswith__gt=now
        )
        cancelled = []
        for appointment in upcoming:
            _change_status(
                appointment,
                Appointment.Status.CANCELLED,
                "appointment.cancelled",
                now=now,
                user=user,
                via="erasure",
            )
            _offer_freed(appointment, appointment.timespan, now)
            cancelled.append(appointment.pk)
        row.anonymise(now)
        log_action(row, "client.erased", user, rows=row_ids, cancelled=cancelled)
    return row_ids


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
            log_action(client, "client.anonymised", None)
        count += 1
    return count
