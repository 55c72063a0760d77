"""The anonymous counts of recommendations for the counselling leads."""

from datetime import date

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from integration_portal.models import District, Language, LifeDomain

from .models import MonthlyCount, UnmetNeed

Kind = MonthlyCount.Kind


def _by(field: str, names: dict[int, str], months: Q) -> list[dict]:
    """Per value of `field`: recommended, opened and unmet needs, most recommended first."""
    totals: dict[int | None, dict[str, int]] = {}
    rows = (
        MonthlyCount.objects.filter(months)
        .values(field, "kind")
        .annotate(total=Sum("count"))
        .order_by()
    )
    for row in rows:
        totals.setdefault(row[field], {})[row["kind"]] = row["total"]
    return sorted(
        (
            {
                "label": names.get(key, _("not known")),
                "recommended": counts.get(Kind.RECOMMENDED, 0),
                "opened": counts.get(Kind.OPENED, 0),
                "unmet": counts.get(Kind.UNMET_NEED, 0),
            }
            for key, counts in totals.items()
        ),
        key=lambda row: (-row["recommended"], -row["unmet"], str(row["label"])),
    )


def recommendation_figures(first: date, last: date) -> dict:
    """The counts of the whole months from `first`'s month to `last`'s,
    and the needs recorded in those days whose mothers' data is still here."""
    months = Q(month__gte=first.replace(day=1), month__lte=last.replace(day=1))
    return {
        "first_month": first.replace(day=1),
        "last_month": last.replace(day=1),
        "tables": [
            (
                _("By life domain"),
                _by("life_domain_id", {d.pk: d.name for d in LifeDomain.objects.all()}, months),
            ),
            (
                _("By district"),
                _by("district_id", {d.pk: d.name for d in District.objects.all()}, months),
            ),
            (
                _("By language"),
                _by("language_id", {lang.pk: lang.name for lang in Language.objects.all()}, months),
            ),
        ],
        "needs": UnmetNeed.objects.filter(
            created_at__date__gte=first, created_at__date__lte=last
        ).select_related("life_domain", "district", "language"),
    }
