"""Counselling figures for the lead: counts only, never personal data."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from integration_portal.models import Language

from .models import Appointment, Mode, Topic
from .slots import BERLIN

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


def _chart(chart_id: str, title: str, rows: list[tuple[str, int]]) -> Chart:
    largest = max((value for _label, value in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
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


def appointment_statistics() -> dict:
    """Bookings that took place or are planned; cancelled ones are counted apart."""
    booked = Appointment.objects.active()
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
        "cancelled": Appointment.objects.filter(status=Appointment.Status.CANCELLED).count(),
    }
