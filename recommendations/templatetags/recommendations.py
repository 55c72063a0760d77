"""Recommendation data on the pages of the apps below: her appointment page and
the desk's appointment page (counselling), the partner area's list of
measures (measures). Those templates load this library at render time."""

from collections.abc import Iterable
from datetime import date

from django import template
from django.db.models import Prefetch, Sum
from django.utils import timezone

from counselling.models import Appointment
from measures.models import Schedule

from ..models import MeasureMonthlyCount, Recommendation, RecommendationList, UnmetNeed
from ..services import can_recommend_on
from ..statistics import recommendation_figures

register = template.Library()


def _recommendation_list(appointment: Appointment) -> RecommendationList | None:
    measures = Recommendation.objects.select_related("measure__provider").prefetch_related(
        Prefetch("measure__schedules", queryset=Schedule.objects.all())
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
def recommended_counts(measures: Iterable, month: date | None = None) -> dict[int, int]:
    """How often each measure was recommended in `month` (this month by default),
    for its partner: a number, nothing about who. `{% recommended_counts measures
    as counts %}`, then `{{ counts|get_item:measure.pk }}`."""
    month = (month or timezone.localdate()).replace(day=1)
    rows = (
        MeasureMonthlyCount.objects.filter(
            measure__in=[measure.pk for measure in measures], month=month
        )
        .values("measure_id")
        .annotate(total=Sum("recommended"))
    )
    return {row["measure_id"]: row["total"] for row in rows}


@register.filter
def count_of(counts: dict[int, int], pk: int) -> int:
    return counts.get(pk, 0)
