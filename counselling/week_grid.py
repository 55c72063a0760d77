"""A counsellor's week as a calendar: days × hours, each hour free, booked,
absent or closed, built from three bulk queries whatever the bookings."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from .models import Appointment, Counsellor
from .slots import BERLIN, Slot, free_slots

# Hours shown even when nothing is planned: an office day.
FIRST_HOUR, LAST_HOUR = 8, 18


@dataclass
class Hour:
    """One hour of one day: what is booked, free or blocked by an absence in it."""

    day: date
    hour: int
    appointments: list[Appointment] = field(default_factory=list)
    free: list[Slot] = field(default_factory=list)
    absent: bool = False

    @property
    def state(self) -> str:
        """The state the cell shows first: a booking outweighs an absence over it."""
        if self.appointments:
            return "booked"
        if self.absent:
            return "absent"
        if self.free:
            return "free"
        return "closed"

    @property
    def start(self) -> datetime:
        return datetime.combine(self.day, time(self.hour), tzinfo=BERLIN)


@dataclass
class Week:
    days: list[date]
    hours: list[int]
    # rows[i][j]: hour i on day j, the table's reading order.
    rows: list[tuple[int, list[Hour]]]

    # For the list on phones: per day, what is booked, free or blocked, in time order.
    by_day: list[tuple[date, list["Entry"]]]


@dataclass
class Entry:
    state: str
    start: datetime
    end: datetime
    appointment: Appointment | None = None


def _overlaps(start: datetime, end: datetime, hour: Hour) -> bool:
    hour_start = hour.start
    hour_end = hour_start + timedelta(hours=1)
    return start < hour_end and hour_start < end


def week_grid(counsellor: Counsellor, monday: date) -> Week:
    days = [monday + timedelta(days=n) for n in range(7)]
    start = datetime.combine(monday, time(0), tzinfo=BERLIN)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=BERLIN)
    appointments = list(
        Appointment.objects.active()
        .filter(counsellor=counsellor, timespan__overlap=DateTimeTZRange(start, end))
        .select_related("client", "language")
    )
    absences = list(counsellor.absences.filter(end__gt=start, start__lt=end))
    free = free_slots(counsellor_id=counsellor.pk, now=start, until=end, notice=timedelta(0))

    # Hours of bookings and free slots widen the office day; absences (often
    # whole days) only mark the hours shown.
    planned = [(a.start, a.end) for a in appointments]
    planned += [(slot.local_start, slot.local_end) for slot in free]
    first = min([FIRST_HOUR, *(s.hour for s, _e in planned)])
    last = max([LAST_HOUR, *(e.hour + (1 if e.minute else 0) for _s, e in planned)])
    rows = []
    for hour in range(first, min(last, 24)):
        row = [Hour(day, hour) for day in days]
        for cell in row:
            cell.appointments = [a for a in appointments if _overlaps(a.start, a.end, cell)]
            cell.free = [s for s in free if _overlaps(s.local_start, s.local_end, cell)]
            cell.absent = any(_overlaps(a.start, a.end, cell) for a in absences)
        rows.append((hour, row))
    entries = [Entry("booked", a.start, a.end, a) for a in appointments]
    entries += [Entry("free", slot.local_start, slot.local_end) for slot in free]
    for absence in absences:
        # An absence over several days shows on each of them, cut to the day.
        for day in days:
            day_start = datetime.combine(day, time(0), tzinfo=BERLIN)
            day_end = day_start + timedelta(days=1)
            if absence.start < day_end and day_start < absence.end:
                entries.append(
                    Entry(
                        "absent",
                        max(absence.start, day_start).astimezone(BERLIN),
                        min(absence.end, day_end).astimezone(BERLIN),
                    )
                )
    by_day = [
        (day, sorted((e for e in entries if e.start.date() == day), key=lambda e: e.start))
        for day in days
    ]
    return Week(days=days, hours=[hour for hour, _row in rows], rows=rows, by_day=by_day)
