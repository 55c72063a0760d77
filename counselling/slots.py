"""Free appointment slots, computed from the counsellors' weekly rules.

Rules hold Berlin wall-clock times: a rule starting at 9:00 offers 9:00 local
time in winter and in summer. Each slot is therefore built from a calendar
day and a clock time with the zone attached, never by adding a timedelta
across a daylight-saving change.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Absence, Appointment, AvailabilityRule, Counsellor, Location, SlotHold

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Slot:
    counsellor_id: int
    start: datetime
    end: datetime
    mode: str
    location_id: int | None

    @property
    def key(self) -> str:
        """A stable identifier for forms: counsellor, UTC start, mode, location."""
        start = self.start.astimezone(ZoneInfo("UTC")).strftime("%Y%m%dT%H%M")
        return f"{self.counsellor_id}-{start}-{self.mode}-{self.location_id or 0}"

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(BERLIN)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(BERLIN)


def min_notice() -> timedelta:
    return timedelta(hours=settings.COUNSELLING_MIN_NOTICE_HOURS)


def booking_horizon() -> timedelta:
    return timedelta(weeks=settings.COUNSELLING_BOOKING_WEEKS)


def _wall_clock(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=BERLIN)


def _rule_slots(rule: AvailabilityRule, day: date) -> list[tuple[datetime, datetime]]:
    slots = []
    length = rule.slot_minutes
    minutes = rule.start_time.hour * 60 + rule.start_time.minute
    last = rule.end_time.hour * 60 + rule.end_time.minute
    while minutes + length <= last:
        start = _wall_clock(day, time(minutes // 60, minutes % 60))
        end_minutes = minutes + length
        end = _wall_clock(day, time(end_minutes // 60, end_minutes % 60))
        slots.append((start, end))
        minutes = end_minutes
    return slots


def free_slots(
    *,
    now: datetime | None = None,
    until: datetime | None = None,
    topic: str | None = None,
    language_id: int | None = None,
    mode: str | None = None,
    location_id: int | None = None,
    counsellor_id: int | None = None,
    notice: timedelta | None = None,
    except_hold: int | None = None,
) -> list[Slot]:
    """Every bookable slot from now + notice to the end of the booking horizon, sorted.

    Four queries whatever the number of counsellors and weeks: rules,
    absences, active appointments and held times are loaded in bulk. A time
    held for someone on the waiting list is free only for that hold
    (`except_hold`), whoever else asks.
    """
    now = now or timezone.now()
    earliest = now + (min_notice() if notice is None else notice)
    until = until or now + booking_horizon()
    if earliest >= until:
        return []

    counsellors = Counsellor.objects.all()
    if topic:
        counsellors = counsellors.filter(topics__contains=[topic])
    if language_id:
        counsellors = counsellors.filter(languages__id=language_id)
    if counsellor_id:
        counsellors = counsellors.filter(pk=counsellor_id)
    rules = AvailabilityRule.objects.filter(counsellor__in=counsellors)
    if mode:
        rules = rules.filter(mode=mode)
    if location_id:
        rules = rules.filter(location_id=location_id)
    rules = list(rules.distinct())
    if not rules:
        return []
    counsellor_ids = {rule.counsellor_id for rule in rules}

    busy: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for absence in Absence.objects.filter(
        counsellor_id__in=counsellor_ids, end__gt=earliest, start__lt=until
    ):
        busy[absence.counsellor_id].append((absence.start, absence.end))
    for appointment in Appointment.objects.active().filter(
        counsellor_id__in=counsellor_ids,
        timespan__overlap=(earliest, until),
    ):
        busy[appointment.counsellor_id].append(
            (appointment.timespan.lower, appointment.timespan.upper)
        )
    for hold in (
        SlotHold.objects.active(now)
        .filter(counsellor_id__in=counsellor_ids, timespan__overlap=(earliest, until))
        .exclude(pk=except_hold)
    ):
        busy[hold.counsellor_id].append((hold.timespan.lower, hold.timespan.upper))

    first_day = earliest.astimezone(BERLIN).date()
    last_day = until.astimezone(BERLIN).date()
    public_holidays = holidays.Germany(subdiv="BW", years=range(first_day.year, last_day.year + 1))

    slots = []
    day = first_day
    while day <= last_day:
        if day not in public_holidays:
            for rule in rules:
                if not rule.applies_on(day):
                    continue
                for start, end in _rule_slots(rule, day):
                    if start < earliest or end > until:
                        continue
                    if any(
                        start < b_end and b_start < end
                        for b_start, b_end in busy[rule.counsellor_id]
                    ):
                        continue
                    slots.append(Slot(rule.counsellor_id, start, end, rule.mode, rule.location_id))
        day += timedelta(days=1)
    slots.sort(key=lambda slot: (slot.start, slot.counsellor_id))
    return _one_per_time(slots)


def _one_per_time(slots: list[Slot]) -> list[Slot]:
    """Offer each start time once per mode and place: who counsels is not the client's choice."""
    seen = set()
    unique = []
    for slot in slots:
        marker = (slot.start, slot.mode, slot.location_id)
        if marker not in seen:
            seen.add(marker)
            unique.append(slot)
    return unique


# The first key of the advisory locks that bookings and holds take per counsellor.
COUNSELLOR_LOCK = 7160


def lock_counsellor(counsellor_id: int) -> None:
    """Bookings and holds of one counsellor take turns until the transaction ends:
    a time checked as free stays free until it is booked or held."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [COUNSELLOR_LOCK, counsellor_id])


def counsellor_of(key: str) -> int | None:
    """The counsellor a slot key names, without asking whether the slot is free."""
    head = key.split("-", 1)[0]
    return int(head) if head.isascii() and head.isdigit() and len(head) < 10 else None


def find_slot(
    key: str,
    *,
    now: datetime | None = None,
    notice: timedelta | None = None,
    except_hold: int | None = None,
) -> Slot | None:
    """The slot behind a form key, if it is still free; None otherwise."""
    try:
        counsellor_part, start_part, mode, location_part = key.split("-")
        counsellor_id = int(counsellor_part)
        start = datetime.strptime(start_part, "%Y%m%dT%H%M").replace(tzinfo=ZoneInfo("UTC"))
        location_id = int(location_part) or None
    except ValueError:
        return None
    if start > (now or timezone.now()) + booking_horizon():
        return None
    candidates = free_slots(
        now=now,
        until=start + timedelta(days=1),
        counsellor_id=counsellor_id,
        mode=mode,
        location_id=location_id,
        notice=notice,
        except_hold=except_hold,
    )
    for slot in candidates:
        if slot.start == start and slot.counsellor_id == counsellor_id:
            return slot
    return None


def slots_by_day(slots: list[Slot]) -> list[tuple[date, list[Slot]]]:
    days: dict[date, list[Slot]] = defaultdict(list)
    for slot in slots:
        days[slot.local_start.date()].append(slot)
    return sorted(days.items())


def locations_by_id(slots: list[Slot]) -> dict[int, Location]:
    ids = {slot.location_id for slot in slots if slot.location_id}
    return Location.objects.in_bulk(ids)
