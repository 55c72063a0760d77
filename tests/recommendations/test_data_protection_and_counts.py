"""Her recommendations and needs are her personal data: exported with it, erased
and purged with it. The anonymous monthly counts stay, for the leads' statistics
and the steering overview."""

import logging
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from counselling.services import erase_person, export_person, purge_personal_data
from integration_portal import demand
from integration_portal.models import LifeDomain
from recommendations.models import (
    MeasureMonthlyCount,
    MonthlyCount,
    Recommendation,
    RecommendationList,
    UnmetNeed,
)
from recommendations.services import Recommended, recommend, record_unmet_need

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommended(appointment, offers, turkish, cannstatt) -> RecommendationList:
    listed = recommend(
        appointment,
        [Recommended(offers["course"], "Kurs beginnt im März"), Recommended(offers["cafe"])],
        general_note="Rufen Sie Frau X an.",
    )
    record_unmet_need(
        appointment,
        life_domain=LifeDomain.objects.get(slug="work"),
        district=cannstatt,
        language=turkish,
        text="Pflegeausbildung in Teilzeit",
    )
    return listed


def counts() -> list[tuple]:
    return sorted(
        (row.kind, row.life_domain.slug, row.district.slug, row.language.code, row.count)
        for row in MonthlyCount.objects.select_related("life_domain", "district", "language")
    )


EXPECTED_COUNTS = [
    ("recommended", "family", "bad-cannstatt", "tr", 1),
    ("recommended", "language", "bad-cannstatt", "tr", 1),
    ("unmet_need", "work", "bad-cannstatt", "tr", 1),
]


def test_her_export_includes_her_recommendations_and_needs(appointment, recommended, lead_user):
    data = export_person(appointment.client, user=lead_user)
    [record] = data["records"]
    [listed] = record["recommended_offers"]
    assert listed["note"] == "Rufen Sie Frau X an."
    assert listed["district"] == "Bad Cannstatt"
    assert [(offer["measure"], offer["note"]) for offer in listed["offers"]] == [
        ("Deutschkurs mit Kinderbetreuung", "Kurs beginnt im März"),
        ("Nähcafé für Mütter", ""),
    ]
    [need] = record["needs_without_offer"]
    assert (need["life_domain"], need["text"]) == ("work", "Pflegeausbildung in Teilzeit")


def test_erasure_removes_them_and_the_counts_stay(appointment, recommended, lead_user):
    erase_person(appointment.client, user=lead_user)
    assert not RecommendationList.objects.exists()
    assert not Recommendation.objects.exists()
    assert not UnmetNeed.objects.exists()
    assert counts() == EXPECTED_COUNTS
    assert MeasureMonthlyCount.objects.filter(recommended=1).count() == 2


def test_the_purge_removes_them_with_her_data_and_the_counts_stay(
    appointment, recommended, settings
):
    later = timezone.now() + timedelta(days=settings.COUNSELLING_RETENTION_DAYS + 2)
    appointment.client.created_at = appointment.start - timedelta(days=1)
    appointment.client.save()
    assert purge_personal_data(now=later) == 1
    assert not Recommendation.objects.exists()
    assert not UnmetNeed.objects.exists()
    assert counts() == EXPECTED_COUNTS


def test_the_purge_keeps_the_recommendations_of_mothers_within_the_retention_period(
    appointment, recommended
):
    assert purge_personal_data() == 0
    assert Recommendation.objects.count() == 2


def test_notes_and_needs_never_reach_the_log(appointment, offers, turkish, caplog):
    caplog.set_level(logging.DEBUG)
    recommend(appointment, [Recommended(offers["course"], "Geheime Notiz")], general_note="Notiz")
    record_unmet_need(
        appointment,
        life_domain=LifeDomain.objects.get(slug="work"),
        district=None,
        language=turkish,
        text="Geheimer Bedarf",
    )
    assert "Geheim" not in caplog.text
    assert "Ayşe" not in caplog.text


def test_the_steering_overview_gets_both_sources(appointment, recommended):
    sources = {source.key: source for source in demand.sources()}
    month = timezone.localdate().replace(day=1)
    end = (month + timedelta(days=32)).replace(day=1)
    made = list(sources["recommendations"].counts(month, end))
    assert sum(count.count for count in made) == 2
    assert {count.month for count in made} == {month}
    [need] = sources["unmet_needs"].counts(month, end)
    assert (need.count, need.life_domain_id) == (1, LifeDomain.objects.get(slug="work").pk)
    assert list(sources["unmet_needs"].counts(date(2020, 1, 1), date(2020, 2, 1))) == []


def test_leads_see_the_counts_and_the_needs_in_the_statistics(client, lead_user, recommended):
    client.force_login(lead_user)
    response = client.get(reverse("desk:statistics"))
    content = response.content.decode()
    assert "Empfohlene Angebote und Bedarfe ohne passendes Angebot" in content
    assert "Bad Cannstatt" in content
    assert "Pflegeausbildung in Teilzeit" in content


def test_partners_see_how_often_their_measures_were_recommended_this_month(
    client, editor_a, recommended, offers
):
    MeasureMonthlyCount.objects.filter(measure=offers["cafe"]).update(recommended=4)
    client.force_login(editor_a)
    content = client.get(reverse("measures:partner_area")).content.decode()
    assert "Von Beraterinnen empfohlen, dieser Monat" in content
    row = content[content.index("Nähcafé für Mütter") :].split("</tr>")[0]
    assert '<td class="kern-table__cell">4</td><td class="kern-table__cell">0</td>' in row
    # Who she is, or what was noted, is nowhere in the partner area.
    assert "Ayşe" not in content
    assert "Rufen Sie Frau X an." not in content
