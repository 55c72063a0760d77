import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from measures.models import Measure, MeasureRevision

_numbers = itertools.count(1)


@pytest.fixture
def make_measure(partner_a):
    """A published measure; keyword arguments override fields, lists set relations.
    A submitted one waits for review as revision 1, as if its editors had submitted it."""

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
        if measure.status == Measure.Status.SUBMITTED:
            MeasureRevision.objects.create(measure=measure, number=1, submitted_at=timezone.now())
        return measure

    return make


def with_changes(measure: Measure, **values) -> MeasureRevision:
    """Changes to the published `measure` waiting for review, as the partner
    area stores them (values in their JSON form)."""
    last = measure.revisions.order_by("-number").first()
    return MeasureRevision.objects.create(
        measure=measure,
        number=last.number + 1 if last else 1,
        values=values,
        submitted_at=timezone.now(),
    )


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)
