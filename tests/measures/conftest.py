import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from measures.models import Measure

_numbers = itertools.count(1)


@pytest.fixture
def make_measure(partner_a):
    """A published measure; keyword arguments override fields, lists set relations."""

    def make(
        title: str = "Sprachcafé",
        *,
        domains: tuple[str, ...] = ("language",),
        districts: tuple[str, ...] = ("mitte",),
        languages: tuple[str, ...] = ("de",),
        target_groups: tuple[str, ...] = (),
        **fields,
    ) -> Measure:
        number = next(_numbers)
        values = {
            "slug": f"measure-{number}",
            "title_de": title,
            "summary_de": f"Kurzbeschreibung von {title}",
            "description_de": f"Beschreibung von {title}",
            "format": Measure.Format.GROUP,
            "provider": partner_a,
            "status": Measure.Status.PUBLISHED,
            **fields,
        }
        measure = Measure.objects.create(**values)
        measure.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
        measure.districts.set(District.objects.filter(slug__in=districts))
        measure.languages.set(Language.objects.filter(code__in=languages))
        measure.target_groups.set(TargetGroup.objects.filter(slug__in=target_groups))
        return measure

    return make


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)
