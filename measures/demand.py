"""The catalogue's own demand for the steering overview: searches that found nothing.

A search is attributed to a life domain and a district where its words name
them, as the catalogue understands them ("Deutschkurs Bad Cannstatt" names
the district, "Sprache Zuffenhausen" both); otherwise it counts unattributed.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from integration_portal.demand import DemandCount, DemandSource
from integration_portal.models import District, LifeDomain

from .models import UnansweredSearch
from .query_words import phrase_table, understand

DOMAIN_NAME_FIELDS = ["name_de", "name_en", "name_tr", "name_ar", "name_uk"]


def _attribution_table() -> tuple[dict[str, tuple[str, str]], dict[str, int], dict[str, int]]:
    """The phrases naming a life domain or a district, and their slugs' ids."""
    domains = list(LifeDomain.objects.all())
    districts = list(District.objects.all())
    table = phrase_table(
        {
            "domain": {
                domain.slug: [getattr(domain, field) for field in DOMAIN_NAME_FIELDS]
                for domain in domains
            },
            "district": {district.slug: [district.name] for district in districts},
        }
    )
    return (
        table,
        {domain.slug: domain.pk for domain in domains},
        {district.slug: district.pk for district in districts},
    )


def unanswered_search_counts(first_day: date, end: date) -> Iterable[DemandCount]:
    rows = (
        UnansweredSearch.objects.filter(day__gte=first_day, day__lt=end)
        .annotate(month=TruncMonth("day"))
        .values("query", "month")
        .annotate(total=Sum("count"))
        .order_by()
    )
    table, domain_ids, district_ids = _attribution_table()
    totals: Counter = Counter()
    for row in rows:
        named = {"domain": None, "district": None}
        for word in understand(row["query"], table).choices:
            if word.filter in named and named[word.filter] is None:
                named[word.filter] = word.value
        key = (
            row["month"],
            domain_ids.get(named["domain"]),
            district_ids.get(named["district"]),
        )
        totals[key] += row["total"]
    return [
        DemandCount(month=month, count=count, life_domain_id=domain, district_id=district)
        for (month, domain, district), count in totals.items()
    ]


SEARCHES_WITHOUT_RESULTS = DemandSource(
    key="unanswered-searches",
    label=_("Searches without results"),
    counts=unanswered_search_counts,
)
