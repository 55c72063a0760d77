"""A counsellor recommends offers at an appointment; the mother sees them on her
page in her language and is told by mail; needs no offer meets are recorded."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from counselling.models import OutboxMessage
from integration_portal.models import LifeDomain
from recommendations.models import (
    MeasureMonthlyCount,
    MonthlyCount,
    Recommendation,
    UnmetNeed,
)
from tests.factories import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, counsellor_user):
    client.force_login(counsellor_user)
    return client


def recommend_url(appointment) -> str:
    return reverse("desk_recommendations:recommend", args=[appointment.pk])


def test_the_desk_search_starts_in_her_language_and_district(desk, appointment, offers):
    response = desk.get(recommend_url(appointment))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Deutschkurs mit Kinderbetreuung" in content
    assert "Nähcafé für Mütter" in content
    # German only and in Mitte: outside her language and district.
    assert "Sprachkurs in Mitte" not in content


def test_the_desk_search_is_the_catalogues(desk, appointment, offers):
    response = desk.get(recommend_url(appointment), {"q": "Sprachkurs"})
    content = response.content.decode()
    assert "Sprachkurs in Mitte" in content
    assert "Nähcafé für Mütter" not in content


def test_a_counsellor_recommends_ticked_offers_with_notes_and_she_is_told_by_mail(
    desk, appointment, offers, cannstatt, django_capture_on_commit_callbacks
):
    course, cafe = offers["course"], offers["cafe"]
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            recommend_url(appointment),
            {
                "measure": [course.pk, cafe.pk],
                f"note-{course.pk}": "Start im März",
                f"note-{cafe.pk}": "",
                "general_note": "Rufen Sie Frau X an und sagen Sie, dass Sie von uns kommen.",
                "district": cannstatt.slug,
            },
        )
    assert response.status_code == 302
    items = list(Recommendation.objects.filter(recommendation_list__appointment=appointment))
    assert [(item.measure, item.note) for item in items] == [
        (course, "Start im März"),
        (cafe, ""),
    ]
    assert appointment.recommendation_list.general_note.startswith("Rufen Sie Frau X an")
    message = OutboxMessage.objects.get(appointment=appointment, kind="recommendations")
    assert message.channel == "email"
    [sent] = mail.outbox
    assert sent.to == ["ayse@example.net"]
    assert sent.subject == "Für Sie empfohlene Angebote"
    # Her personal link, in German and in Turkish, and no calendar file.
    assert f"/tr/counselling/appointment/{appointment.token}/" in sent.body
    assert sent.attachments == []
    assert "Danışmanınız size teklifler önerdi." in sent.body
    # Notes stay on her page, never in a mail.
    assert "Frau X" not in sent.body


def test_she_without_an_email_address_gets_an_sms_with_her_link(
    desk, appointment, offers, django_capture_on_commit_callbacks
):
    from counselling import sms

    sms.outbox.clear()
    appointment.client.email = ""
    appointment.client.phone = "0151 2345678"
    appointment.client.save()
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(recommend_url(appointment), {"measure": [offers["course"].pk]})
    [(number, text)] = sms.outbox
    assert number == "0151 2345678"
    assert "Ihre Beraterin hat Ihnen Angebote empfohlen." in text
    assert text.endswith(f"/tr/counselling/appointment/{appointment.token}/")
    sms.outbox.clear()


def test_recommending_the_same_offer_again_keeps_one_entry_and_one_count(desk, appointment, offers):
    course = offers["course"]
    for note in ("erste Notiz", "zweite Notiz"):
        desk.post(recommend_url(appointment), {"measure": [course.pk], f"note-{course.pk}": note})
    item = Recommendation.objects.get(recommendation_list__appointment=appointment)
    assert item.note == "zweite Notiz"
    assert MeasureMonthlyCount.objects.get(measure=course).recommended == 1
    assert OutboxMessage.objects.filter(kind="recommendations").count() == 1


def test_more_than_ten_offers_are_refused_with_a_message(desk, appointment, partner_a):
    measures = [
        make_measure(partner_a, f"Kurs {n}", districts=("bad-cannstatt",), languages=("tr",))
        for n in range(11)
    ]
    response = desk.post(recommend_url(appointment), {"measure": [m.pk for m in measures]})
    assert response.status_code == 400
    assert "Kreuzen Sie höchstens 10 Angebote an." in response.content.decode()
    assert not Recommendation.objects.exists()


def test_nothing_ticked_gets_a_message(desk, appointment, offers):
    response = desk.post(recommend_url(appointment), {"general_note": "Hallo"})
    assert response.status_code == 400
    assert "Kreuzen Sie mindestens ein Angebot an" in response.content.decode()


def test_an_unpublished_offer_cannot_be_recommended(desk, appointment, offers):
    draft = offers["course"]
    draft.status = draft.Status.DRAFT
    draft.save()
    response = desk.post(recommend_url(appointment), {"measure": [draft.pk, "x"]})
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_offers_are_not_recommended_on_a_cancelled_appointment(desk, appointment, offers):
    appointment.status = appointment.Status.CANCELLED
    appointment.save()
    assert desk.get(recommend_url(appointment)).status_code == 404


def test_a_removed_offer_leaves_her_list_and_the_counts_keep_it(desk, appointment, offers):
    course = offers["course"]
    desk.post(recommend_url(appointment), {"measure": [course.pk]})
    desk.post(reverse("desk_recommendations:remove", args=[appointment.pk, course.pk]))
    assert not Recommendation.objects.exists()
    assert MeasureMonthlyCount.objects.get(measure=course).recommended == 1


def test_a_need_no_offer_meets_is_recorded_and_counted(desk, appointment, turkish, cannstatt):
    work = LifeDomain.objects.get(slug="work")
    response = desk.post(
        reverse("desk_recommendations:unmet_need", args=[appointment.pk]),
        {
            "life_domain": work.pk,
            "district": cannstatt.pk,
            "language": turkish.pk,
            "text": "Teilzeitausbildung Pflege am Abend",
        },
    )
    assert response.status_code == 302
    need = UnmetNeed.objects.get()
    assert (need.life_domain, need.district, need.language) == (work, cannstatt, turkish)
    count = MonthlyCount.objects.get(kind="unmet_need")
    assert (count.life_domain, count.district, count.language, count.count) == (
        work,
        cannstatt,
        turkish,
        1,
    )
    page = desk.get(reverse("desk:appointment", args=[appointment.pk])).content.decode()
    assert "Teilzeitausbildung Pflege am Abend" in page


def test_a_need_without_text_or_life_domain_gets_messages(desk, appointment):
    response = desk.post(reverse("desk_recommendations:unmet_need", args=[appointment.pk]), {})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Wählen Sie den Lebensbereich des Bedarfs." in content
    assert "Sagen Sie in wenigen Worten, was gebraucht wurde." in content
    assert not UnmetNeed.objects.exists()


def test_her_page_shows_the_offers_in_her_language_and_marks_german(
    client, appointment, offers, counsellor_user
):
    course, cafe = offers["course"], offers["cafe"]
    desk = client
    desk.force_login(counsellor_user)
    desk.post(
        recommend_url(appointment),
        {"measure": [course.pk, cafe.pk], f"note-{course.pk}": "Kurs beginnt im März"},
    )
    desk.logout()
    response = client.get(f"/tr/counselling/appointment/{appointment.token}/")
    content = response.content.decode()
    assert "Sizin için önerilen teklifler" in content
    assert '<span dir="auto">Çocuk bakımlı Almanca kursu</span>' in content
    # No Turkish title: the German one, marked for screen readers.
    assert '<span dir="auto" lang="de">Nähcafé für Mütter</span>' in content
    assert 'href="tel:+497112161234"' in content
    assert 'href="https://example.org/anmelden"' in content
    assert "Kurs beginnt im März" in content
    assert "Marktstraße 1" in content


def test_opening_an_offer_from_her_page_is_counted_and_leads_to_it(client, appointment, offers):
    from recommendations.services import Recommended, recommend

    course = offers["course"]
    recommend(appointment, [Recommended(course)])
    item = Recommendation.objects.get()
    for _ in range(2):
        response = client.get(reverse("recommendations:open", args=[appointment.token, item.pk]))
        assert response["Location"] == course.get_absolute_url()
    item.refresh_from_db()
    assert item.opened == 2
    assert MeasureMonthlyCount.objects.get(measure=course).opened == 2
    opened = MonthlyCount.objects.get(kind="opened")
    assert (opened.life_domain.slug, opened.language.code, opened.count) == ("language", "tr", 2)


def test_her_page_and_the_desk_keep_a_flat_query_count(
    client, appointment, partner_a, counsellor_user, django_assert_max_num_queries
):
    from recommendations.services import Recommended, recommend

    measures = [
        make_measure(partner_a, f"Kurs {n}", districts=("bad-cannstatt",), languages=("tr",))
        for n in range(10)
    ]
    recommend(appointment, [Recommended(measure, "Notiz") for measure in measures])
    with django_assert_max_num_queries(12):
        client.get(f"/tr/counselling/appointment/{appointment.token}/")
    client.force_login(counsellor_user)
    with django_assert_max_num_queries(40):
        assert client.get(recommend_url(appointment)).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("desk:appointment", args=[appointment.pk])).status_code == 200


def test_the_counts_fall_in_the_month_of_the_recommendation(appointment, offers):
    from recommendations.services import Recommended, recommend

    recommend(appointment, [Recommended(offers["course"]), Recommended(offers["cafe"])])
    counts = {
        (row.life_domain.slug, row.district.slug, row.language.code): row.count
        for row in MonthlyCount.objects.filter(kind="recommended")
    }
    assert counts == {
        ("language", "bad-cannstatt", "tr"): 1,
        ("family", "bad-cannstatt", "tr"): 1,
    }
    assert {row.month for row in MonthlyCount.objects.all()} == {
        timezone.localdate().replace(day=1)
    }


def test_her_list_prints_as_a_handout_in_german_and_her_language(
    client, appointment, offers, counsellor_user
):
    from recommendations.services import Recommended, recommend

    recommend(
        appointment,
        [Recommended(offers["course"], "Kurs beginnt im März"), Recommended(offers["cafe"])],
        general_note="Rufen Sie Frau X an.",
    )
    client.force_login(counsellor_user)
    response = client.get(reverse("desk_recommendations:handout", args=[appointment.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Çocuk bakımlı Almanca kursu" in content
    assert "Deutschkurs mit Kinderbetreuung" in content
    assert "Kurs beginnt im März" in content
    assert "Rufen Sie Frau X an." in content
    assert content.count('class="handout__qr-code"') == 2


def test_a_list_not_made_has_no_handout(client, appointment, counsellor_user):
    client.force_login(counsellor_user)
    response = client.get(reverse("desk_recommendations:handout", args=[appointment.pk]))
    assert response.status_code == 404


def test_a_refused_list_keeps_the_offers_ticked_and_the_notes_typed(desk, appointment, offers):
    course, cafe = offers["course"], offers["cafe"]
    response = desk.post(
        recommend_url(appointment),
        {
            "measure": [course.pk, cafe.pk],
            f"note-{course.pk}": "x" * 301,
            f"note-{cafe.pk}": "Dienstags ab 10 Uhr",
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert f'value="{course.pk}" id="measure-{course.pk}" checked' in content
    assert f'value="{cafe.pk}" id="measure-{cafe.pk}" checked' in content
    assert 'value="Dienstags ab 10 Uhr"' in content
    assert not Recommendation.objects.exists()
