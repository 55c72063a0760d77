"""The public directory's filters: sector, life domain and district, each may repeat (OR)."""

from dataclasses import dataclass
from urllib.parse import urlencode

import django_filters
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from integration_portal.filters import Facet, FacetChoice
from integration_portal.models import District, LifeDomain

from .models import Partner


class PartnerFilter(django_filters.FilterSet):
    sector = django_filters.MultipleChoiceFilter(label=_("Sector"), choices=Partner.Sector.choices)
    domain = django_filters.ModelMultipleChoiceFilter(
        label=_("Life domain"),
        field_name="life_domains__slug",
        to_field_name="slug",
        queryset=LifeDomain.objects.all(),
    )
    district = django_filters.ModelMultipleChoiceFilter(
        label=_("District"),
        field_name="district__slug",
        to_field_name="slug",
        queryset=District.objects.all(),
    )

    class Meta:
        model = Partner
        fields = ["sector", "domain", "district"]


@dataclass
class ActiveFilter:
    label: str
    remove_url: str


# The field whose values each filter counts.
_FACET_FIELDS = {"sector": "sector", "domain": "life_domains__slug", "district": "district__slug"}


def _valid_values(filterset: PartnerFilter, name: str) -> list[str]:
    """The request's values for `name` that the filter understood."""
    cleaned = filterset.form.cleaned_data.get(name) if filterset.is_bound else None
    if not cleaned:
        return []
    return [value if isinstance(value, str) else value.slug for value in cleaned]


def _choices(name: str) -> list[tuple[str, str]]:
    if name == "sector":
        return [(value, str(label)) for value, label in Partner.Sector.choices]
    if name == "domain":
        return [(domain.slug, str(domain.name)) for domain in LifeDomain.objects.all()]
    return [(district.slug, district.name) for district in District.objects.all()]


def facets(base: QuerySet, data: QueryDict, filterset: PartnerFilter) -> list[Facet]:
    """Each filter's choices with the number of partners each would show.

    A facet counts over the partners matched by the *other* filters, so that
    choosing a second value of the same filter (OR) shows what it adds. One
    grouped query per filter, whatever the number of choices.
    """
    result = []
    for name, field_name in _FACET_FIELDS.items():
        others = data.copy()
        others.pop(name, None)
        others.pop("page", None)
        matched = PartnerFilter(others, queryset=base).qs
        counts = dict(
            Partner.objects.filter(pk__in=matched.values("pk"))
            .values_list(field_name)
            .annotate(count=Count("pk", distinct=True))
            .values_list(field_name, "count")
        )
        selected = set(_valid_values(filterset, name))
        choices = [
            FacetChoice(value, label, counts.get(value, 0), value in selected)
            for value, label in _choices(name)
        ]
        result.append(Facet(name, str(filterset.filters[name].label), choices))
    return result


def active_filters(
    data: QueryDict, filterset: PartnerFilter, facet_list: list[Facet]
) -> list[ActiveFilter]:
    """A link for each chosen value that removes just that value."""
    active = []
    for facet in facet_list:
        for choice in facet.choices:
            if not choice.selected:
                continue
            remaining = [
                (key, value)
                for key, values in data.lists()
                if key != "page"
                for value in values
                if not (key == facet.name and value == choice.value)
            ]
            query = urlencode(remaining)
            active.append(
                ActiveFilter(
                    label=f"{facet.label}: {choice.label}",
                    remove_url=f"?{query}" if query else "?",
                )
            )
    return active
