"""Counselling figures for the lead: counts only, never personal data."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.demand import DemandCount
from integration_portal.models import Language

from .models import Appointment, Mode, Topic, WaitingListDemand
from .slots import BERLIN, free_slots

BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 260
CHART_WIDTH = 640


@dataclass
class Bar:
    label: str
    value: int
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


@dataclass(frozen=True)
class Period:
    """Days from `first` to `last`, both included, on the Berlin calendar."""

    first: date
    last: date
    kind: str = "custom"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The period before, of the same kind: the month, quarter or year before;
        for chosen days as many days just before."""
        months = {"month": 1, "quarter": 3, "year": 12}.get(self.kind)
        if months is None:
            last = self.first - timedelta(days=1)
            return Period(last - timedelta(days=self.days - 1), last, self.kind)
        return period_of(self.kind, _add_months(self.first, -months))

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(0), tzinfo=BERLIN)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=BERLIN)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(kind: str, day: date) -> Period:
    """The month, quarter or year that holds `day`."""
    if kind == "year":
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), kind)
    months = 3 if kind == "quarter" else 1
    first = date(day.year, (day.month - 1) // months * months + 1, 1)
    return Period(first, _add_months(first, months) - timedelta(days=1), kind)


@dataclass
class Figure:
    """One line of the comparison: this period, the one before, the change."""

    label: str
    current: int | None
    previous: int | None
    unit: str = ""

    @property
    def change(self) -> int | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def change_text(self) -> str:
        """The change with its sign; a change of a percentage in percentage points."""
        change = self.change
        if change is None:
            return "–"
        signed = f"{change:+d}" if change else "0"
        if self.unit == "%":
            return ngettext(
                "%(change)s percentage point", "%(change)s percentage points", abs(change)
            ) % {"change": signed}
        return signed


def capacity(period: Period, now: datetime) -> dict:
    """Offered time in the period: booked appointments plus slots left unfilled.
    Only the part of the period up to `now` counts as unfilled: later slots may
    still be booked."""
    booked = (
        Appointment.objects.active()
        .filter(timespan__startswith__gte=period.start, timespan__startswith__lt=period.end)
        .count()
    )
    until = min(period.end, now)
    unfilled = (
        len(
            [
                slot
                for slot in free_slots(now=period.start, until=until, notice=timedelta(0))
                if slot.end <= until
            ]
        )
        if until > period.start
        else 0
    )
    offered = booked + unfilled
    return {
        "booked": booked,
        "unfilled": unfilled,
        "offered": offered,
        "used": round(100 * booked / offered) if offered else None,
    }


def comparison(period: Period, now: datetime) -> list[Figure]:
    current, previous = capacity(period, now), capacity(period.previous(), now)
    outcomes = [_outcomes(period), _outcomes(period.previous())]
    return [
        Figure(_("Booked appointments"), current["booked"], previous["booked"]),
        Figure(_("Attended"), outcomes[0]["attended"], outcomes[1]["attended"]),
        Figure(_("Did not come"), outcomes[0]["no_show"], outcomes[1]["no_show"]),
        Figure(_("Cancelled"), outcomes[0]["cancelled"], outcomes[1]["cancelled"]),
        Figure(_("Offered slots"), current["offered"], previous["offered"]),
        Figure(_("Unfilled slots"), current["unfilled"], previous["unfilled"]),
        Figure(_("Capacity used"), current["used"], previous["used"], "%"),
        Figure(
            _("Joined the waiting list"),
            _waiting_demand(period).get("total", 0),
            _waiting_demand(period.previous()).get("total", 0),
        ),
    ]


def _months(period: Period):
    """The waiting list counts by month: a period covers the months it starts in."""
    return WaitingListDemand.objects.filter(
        month__gte=period.first.replace(day=1), month__lte=period.last
    )


def _waiting_demand(period: Period) -> dict:
    """Joined in the period, per (topic, language id) and in all ("total")."""
    counts: dict = {"total": 0}
    for topic, language_id, count in (
        _months(period).values_list("topic", "language").annotate(total=Sum("count"))
    ):
        counts[(topic, language_id)] = count
        counts["total"] += count
    return counts


@dataclass
class DemandRow:
    topic: str
    language: Language
    current: int
    previous: int


def waiting_list_demand(period: Period) -> list[DemandRow]:
    """Who joined the waiting list, by topic and language, in this period and the one before."""
    current, previous = _waiting_demand(period), _waiting_demand(period.previous())
    keys = (set(current) | set(previous)) - {"total"}
    languages = Language.objects.in_bulk({language_id for _topic, language_id in keys})
    rows = [
        DemandRow(
            str(Topic(topic).label),
            languages[language_id],
            current.get((topic, language_id), 0),
            previous.get((topic, language_id), 0),
        )
        for topic, language_id in keys
    ]
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.topic))


def waiting_list_demand_counts(first_day: date, end: date) -> list[DemandCount]:
    """The waiting list's monthly counts for the steering overview's demand."""
    return [
        DemandCount(
            month=row.month,
            count=row.count,
            language_id=row.language_id,
            district_id=row.district_id,
            category=Topic(row.topic).label,
        )
        for row in WaitingListDemand.objects.filter(month__gte=first_day, month__lt=end)
    ]


def _outcomes(period: Period) -> dict:
    counts = dict(
        Appointment.objects.filter(
            timespan__startswith__gte=period.start, timespan__startswith__lt=period.end
        )
        .values_list("status")
        .annotate(count=Count("id"))
    )
    return {
        "attended": counts.get(Appointment.Status.ATTENDED, 0),
        "no_show": counts.get(Appointment.Status.NO_SHOW, 0),
        "cancelled": counts.get(Appointment.Status.CANCELLED, 0),
    }


def csv_export(
    period: Period, figures: list[Figure], charts: list[Chart], demand: list[DemandRow]
) -> str:
    """For German Excel: semicolons and a byte order mark, so umlauts and
    Arabic survive a double click."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    previous = period.previous()
    writer.writerow(
        [
            _("Figure"),
            f"{period.first.isoformat()} – {period.last.isoformat()}",
            f"{previous.first.isoformat()} – {previous.last.isoformat()}",
        ]
    )
    for figure in figures:
        writer.writerow([f"{figure.label} {figure.unit}".strip(), figure.current, figure.previous])
    writer.writerow([])
    writer.writerow(
        [_("Waiting list by topic and language"), _("Language"), _("This period"), _("Before")]
    )
    for row in demand:
        writer.writerow([row.topic, row.language.name, row.current, row.previous])
    for chart in charts:
        writer.writerow([])
        writer.writerow([chart.title, _("Appointments")])
        for bar in chart.bars:
            writer.writerow([bar.label, bar.value])
    return "\ufeff" + out.getvalue()


def _chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> Chart:
    largest = max((value for _label, value in rows), default=0) or 1
    room = CHART_WIDTH
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = max(1, round(room * value / largest)) if value else 0
        bars.append(
            Bar(
                label=str(label),
                value=value,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 7,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return Chart(chart_id, str(title), bars, max(1, len(rows) * (BAR_HEIGHT + BAR_GAP)))


def appointment_statistics(period: Period | None = None) -> dict:
    """Bookings that took place or are planned; cancelled ones are counted apart.
    With a period, only appointments starting in it."""
    appointments = Appointment.objects.all()
    if period:
        appointments = appointments.filter(
            timespan__startswith__gte=period.start, timespan__startswith__lt=period.end
        )
    booked = appointments.active()
    per_month = (
        booked.annotate(month=TruncMonth("timespan__startswith", tzinfo=BERLIN))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("month")
    )
    by_topic = dict(booked.values_list("topic").annotate(count=Count("id")))
    by_mode = dict(booked.values_list("mode").annotate(count=Count("id")))
    by_language = dict(booked.values_list("language").annotate(count=Count("id")))
    languages = Language.objects.in_bulk(by_language.keys())
    outcome = dict(
        booked.exclude(status=Appointment.Status.BOOKED)
        .values_list("status")
        .annotate(count=Count("id"))
    )
    attended = outcome.get(Appointment.Status.ATTENDED, 0)
    no_show = outcome.get(Appointment.Status.NO_SHOW, 0)
    past = attended + no_show
    charts = [
        _chart(
            "per-month",
            _("Appointments per month"),
            [(date_format(row["month"], "YEAR_MONTH_FORMAT"), row["count"]) for row in per_month],
        ),
        _chart(
            "by-topic",
            _("Appointments by topic"),
            [(t.label, by_topic.get(t.value, 0)) for t in Topic],
        ),
        _chart(
            "by-language",
            _("Appointments by language"),
            sorted(
                ((languages[pk].name, count) for pk, count in by_language.items()),
                key=lambda row: -row[1],
            ),
        ),
        _chart(
            "by-mode", _("Appointments by mode"), [(m.label, by_mode.get(m.value, 0)) for m in Mode]
        ),
    ]
    return {
        "charts": charts,
        "attended": attended,
        "no_show": no_show,
        "no_show_rate": round(100 * no_show / past) if past else None,
        "cancelled": appointments.filter(status=Appointment.Status.CANCELLED).count(),
    }
