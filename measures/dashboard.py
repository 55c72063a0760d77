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


@require_GET
@review_required
def matrix(request: HttpRequest) -> HttpResponse:
    context = {
        "matrix": build_matrix(),
        "unanswered": list(UnansweredSearch.objects.frequent()[:50]),
        "unanswered_from": UnansweredSearch.SHOWN_FROM,
    }
    return render(request, "measures/dashboard/matrix.html", context)


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
