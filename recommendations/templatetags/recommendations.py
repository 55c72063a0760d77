"""Recommendation data on the pages of the apps below: her appointment page and
the desk's appointment page (counselling), the partner area's list of
measures (measures). Those templates load this library at render time."""

from collections.abc import Iterable
from datetime import date, timedelta

from django import template
from django.db.models import Prefetch
from django.utils import timezone

from counselling.models import Appointment

from ..models import MeasureMonthlyCount, Recommendation, RecommendationList, UnmetNeed
from ..services import can_recommend_on
from ..statistics import recommendation_figures

register = template.Library()


def _recommendation_list(appointment: Appointment) -> RecommendationList | None:
    measures = Recommendation.objects.select_related("measure__provider").prefetch_related(
        "measure__schedules"
    )
    return (
        RecommendationList.objects.filter(appointment=appointment)
        .prefetch_related(Prefetch("recommendations", queryset=measures))
        .first()
    )


@register.inclusion_tag("recommendations/_offers_for_her.html")
def offers_for_her(appointment: Appointment) -> dict:
    """ "Offers recommended for you" on her personal page, in the page's language."""
    listed = _recommendation_list(appointment)
    return {
        "appointment": appointment,
        "listed": listed,
        "recommendations": listed.recommendations.all() if listed else [],
    }


@register.inclusion_tag("recommendations/desk/_on_appointment.html", takes_context=True)
def recommendations_at_desk(context, appointment: Appointment) -> dict:
    """What was recommended at this appointment, and the way to recommend more."""
    listed = _recommendation_list(appointment)
    return {
        "appointment": appointment,
        "listed": listed,
        "recommendations": listed.recommendations.all() if listed else [],
        "needs": UnmetNeed.objects.filter(appointment=appointment).select_related(
            "life_domain", "district", "language"
        ),
        "can_recommend": can_recommend_on(appointment),
    }


@register.inclusion_tag("recommendations/_statistics.html")
def recommendation_statistics(first_day: date, end: date) -> dict:
    """For leads on the counselling statistics page: the anonymous counts of the period."""
    return recommendation_figures(first_day, end)


@register.simple_tag
def recommended_per_month(partners: Iterable) -> dict[int, tuple[int, int]]:
    """How often each measure of these partners was recommended this month and
    last month, for the partner area: numbers, nothing about who.
    `{% recommended_per_month partners as recommended %}`, then
    `{% with counts=recommended|for_measure:measure.pk %}`."""
    this_month = timezone.localdate().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    rows = MeasureMonthlyCount.objects.filter(
        measure__provider__in=list(partners), month__in=[this_month, last_month]
    ).values_list("measure_id", "month", "recommended")
    counts: dict[int, list[int]] = {}
    for measure_id, month, recommended in rows:
        counts.setdefault(measure_id, [0, 0])[0 if month == this_month else 1] = recommended
    return {pk: (this, last) for pk, (this, last) in counts.items()}


@register.filter
def for_measure(counts: dict[int, tuple[int, int]], pk: int) -> tuple[int, int]:
    return counts.get(pk, (0, 0))
