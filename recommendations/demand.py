"""The anonymous counts this app offers the steering overview
(`integration_portal.demand`): recommendations made, and needs no offer met."""

from collections.abc import Callable, Iterable
from datetime import date

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from integration_portal.demand import DemandCount, DemandSource

from .models import MonthlyCount


def _counts(kind: str) -> Callable[[date, date], Iterable[DemandCount]]:
    def counts(first_day: date, end: date) -> Iterable[DemandCount]:
        rows = (
            MonthlyCount.objects.filter(
                kind=kind, month__gte=first_day.replace(day=1), month__lt=end
            )
            .values("month", "life_domain_id", "district_id", "language_id")
            .annotate(total=Sum("count"))
            .order_by("month", "life_domain_id", "district_id", "language_id")
        )
        return [
            DemandCount(
                month=row["month"],
                count=row["total"],
                life_domain_id=row["life_domain_id"],
                district_id=row["district_id"],
                language_id=row["language_id"],
            )
            for row in rows
        ]

    return counts


SOURCES = [
    DemandSource(
        key="recommendations",
        label=_("Recommendations made"),
        counts=_counts(MonthlyCount.Kind.RECOMMENDED),
    ),
    DemandSource(
        key="unmet_needs",
        label=_("Needs no offer met"),
        counts=_counts(MonthlyCount.Kind.UNMET_NEED),
    ),
]
