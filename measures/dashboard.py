"""The steering dashboard: where the alliance offers what, and where it does not.

Every figure counts visible measures only (published and still valid), each
table in one aggregate query, so the page costs the same for ten measures or
ten thousand.
"""

import csv
from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from integration_portal.models import District, Language, LifeDomain
from integration_portal.permissions import review_required

from . import steering
from .forms import SteeringForm
from .models import Measure, UnansweredSearch

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass
class DomainRow:
    domain: LifeDomain
    cells: list[int]
    online: int
    languages: list[Language]


@dataclass
class Matrix:
    districts: list[District]
    rows: list[DomainRow]
    free_with_childcare: list[tuple[District, int]]
    total: int


def build_matrix() -> Matrix:
    visible = Measure.objects.visible().order_by()
    counts = {
        (row["life_domains"], row["districts"]): row["count"]
        for row in visible.filter(life_domains__isnull=False)
        .values("life_domains", "districts")
        .annotate(count=Count("pk", distinct=True))
    }
    languages_by_domain: dict[int, set[int]] = {}
    for row in (
        visible.filter(life_domains__isnull=False, languages__isnull=False)
        .values("life_domains", "languages")
        .distinct()
    ):
        languages_by_domain.setdefault(row["life_domains"], set()).add(row["languages"])
    childcare = dict(
        visible.filter(is_free=True, childcare=True, districts__isnull=False)
        .values_list("districts")
        .annotate(count=Count("pk", distinct=True))
    )
    districts = list(District.objects.all())
    languages = list(Language.objects.all())
    rows = [
        DomainRow(
            domain=domain,
            cells=[counts.get((domain.pk, district.pk), 0) for district in districts],
            online=counts.get((domain.pk, None), 0),
            languages=[
                language
                for language in languages
                if language.pk in languages_by_domain.get(domain.pk, ())
            ],
        )
        for domain in LifeDomain.objects.all()
    ]
    return Matrix(
        districts=districts,
        rows=rows,
        free_with_childcare=[(district, childcare.get(district.pk, 0)) for district in districts],
        total=visible.count(),
    )


@dataclass
class DemandRow:
    """One life domain or district (`None`: not attributed) with each source's count."""

    item: LifeDomain | District | None
    counts: list[int]
    supply: int

    @property
    def total(self) -> int:
        return sum(self.counts)


def demand_rows(demand: steering.Demand, items: list, by: str, supply: dict) -> list[DemandRow]:
    def counts(pk: int | None) -> list[int]:
        return [getattr(source, by).get(pk, 0) for source in demand.sources]

    rows = [DemandRow(item, counts(item.pk), len(supply.get(item.pk, ()))) for item in items]
    return [*rows, DemandRow(None, counts(None), 0)]


def attributed_demand(
    demand: steering.Demand, data: steering.SupplyData, domains: list, districts: list
) -> list[tuple[LifeDomain, District, list[int], int]]:
    """The pairs of life domain and district some demand names, with the listings there."""
    named = {pair for source in demand.sources for pair in source.by_cell}
    return [
        (
            domain,
            district,
            [source.by_cell.get((domain.pk, district.pk), 0) for source in demand.sources],
            len(data.by_cell.get((domain.pk, district.pk), ())),
        )
        for domain in domains
        for district in districts
        if (domain.pk, district.pk) in named
    ]


@require_GET
@review_required
def matrix(request: HttpRequest) -> HttpResponse:
    form = SteeringForm(request.GET, figures=steering.SUPPLY_FIGURES)
    figure, shown_on_map = form.choice("figure"), form.choice("map")
    domains, districts = list(LifeDomain.objects.all()), list(District.objects.all())
    data = steering.supply_data()
    heat, scale = steering.heat_rows(data, domains, districts, figure)
    demand = steering.gather_demand()
    if shown_on_map == "demand":
        map_values = {district.pk: demand.total_by_district(district.pk) for district in districts}
    else:
        map_values = {
            district.pk: data.supply(data.by_district.get(district.pk, set())).figure(figure)
            for district in districts
        }
    context = {
        "form": form,
        "figure": figure,
        "figure_label": steering.SUPPLY_FIGURES[figure],
        "shown_on_map": shown_on_map,
        "matrix": build_matrix(),
        "heat_rows": heat,
        "heat_scale": scale,
        "domains": domains,
        "supply_total": data.total,
        "demand": demand,
        "trends": [steering.trend_chart(source, demand.quarters) for source in demand.sources],
        "demand_by_domain": demand_rows(demand, domains, "by_domain", data.by_domain),
        "demand_by_district": demand_rows(demand, districts, "by_district", data.by_district),
        "demand_attributed": attributed_demand(demand, data, domains, districts),
        "freshness": steering.partner_freshness(),
        "district_map": steering.district_map(districts, map_values),
        "unanswered": list(UnansweredSearch.objects.frequent()[:50]),
        "unanswered_from": UnansweredSearch.SHOWN_FROM,
        "unanswered_kept_days": UnansweredSearch.KEPT_DAYS,
    }
    return render(request, "measures/dashboard/matrix.html", context)


@require_GET
@review_required
def demand_csv(request: HttpRequest) -> HttpResponse:
    """Every registered source's counts per month, as the sources give them."""
    demand = steering.gather_demand()
    domains = {domain.pk: domain.name for domain in LifeDomain.objects.all()}
    districts = {district.pk: district.name for district in District.objects.all()}
    languages = {language.pk: language.code for language in Language.objects.all()}
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"demand-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Source"),
            _("Quarter"),
            _("Month"),
            _("Area of life"),
            _("District"),
            _("Language"),
            _("Category"),
            _("Count"),
        ]
    )
    for source in demand.sources:
        for count in sorted(source.counts, key=lambda count: count.month):
            quarter = steering.quarter_start(count.month)
            writer.writerow(
                [
                    csv_safe(source.label),
                    f"{quarter.year}-Q{(quarter.month - 1) // 3 + 1}",
                    count.month.strftime("%Y-%m"),
                    csv_safe(domains.get(count.life_domain_id, "")),
                    csv_safe(districts.get(count.district_id, "")),
                    languages.get(count.language_id, ""),
                    csv_safe(count.category),
                    count.count,
                ]
            )
    return response


@require_GET
@review_required
def matrix_csv(request: HttpRequest) -> HttpResponse:
    data = build_matrix()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"measures-matrix-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Area of life"),
            *[csv_safe(district.name) for district in data.districts],
            _("Without district (online)"),
            _("Languages"),
        ]
    )
    for row in data.rows:
        writer.writerow(
            [
                csv_safe(row.domain.name),
                *row.cells,
                row.online,
                csv_safe(", ".join(language.code for language in row.languages)),
            ]
        )
    writer.writerow(
        [
            _("Free with childcare"),
            *[count for _district, count in data.free_with_childcare],
            "",
            "",
        ]
    )
    return response
