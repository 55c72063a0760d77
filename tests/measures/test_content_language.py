"""Honest about the content's language: a measure without a description in the
reader's language shows the German text marked as German, says so, and the
catalogue can keep to offers described in the reader's language."""

import pytest
from django.utils import translation

from measures.models import Measure

pytestmark = pytest.mark.django_db

NOTICE_EN = "This offer is described in German only."


@pytest.fixture
def offers(make_measure):
    german = make_measure("Sprachcafé")
    english = make_measure(
        "Nähcafé",
        title_en="Sewing café",
        summary_en="Sewing together",
        description_en="We sew together every week.",
    )
    return german, english


def test_a_german_only_offer_is_marked_and_explained_in_the_list(client, offers):
    response = client.get("/en/measures/")
    html = response.content.decode()
    assert '<span dir="auto" lang="de">Sprachcafé</span>' in html
    assert html.count(NOTICE_EN) == 1  # for the German-only offer, not the English one
    assert "Sewing café" in html


def test_the_detail_page_explains_a_german_only_description(client, offers):
    german, english = offers
    html = client.get(f"/en/measures/{german.slug}/").content.decode()
    assert NOTICE_EN in html
    assert 'lang="de">' in html
    assert NOTICE_EN not in client.get(f"/en/measures/{english.slug}/").content.decode()


def test_german_readers_get_no_notice_and_no_filter(client, offers):
    response = client.get("/de/measures/")
    assert "nur auf Deutsch" not in response.content.decode()
    assert "described" not in [choice.value for choice in response.context["flag_facet"].choices]


def test_the_notice_is_translated(client, offers):
    german, _english = offers
    for language in ("tr", "ar", "uk"):
        html = client.get(f"/{language}/measures/{german.slug}/").content.decode()
        with translation.override(language):
            notice = translation.gettext(NOTICE_EN)
        assert notice != NOTICE_EN
        assert notice in html


def test_the_filter_keeps_offers_described_in_the_readers_language(client, offers):
    response = client.get("/en/measures/")
    flags = {choice.value: choice.count for choice in response.context["flag_facet"].choices}
    assert flags["described"] == 1
    chosen = client.get("/en/measures/?described=1")
    assert [m.title_de for m in chosen.context["page"].object_list] == ["Nähcafé"]
    assert chosen.context["page"].paginator.count == 1
    # Another language counts its own descriptions: none in Turkish.
    turkish = client.get("/tr/measures/?described=1")
    assert turkish.context["page"].paginator.count == 0
    flags = {choice.value: choice.count for choice in turkish.context["flag_facet"].choices}
    assert flags["described"] == 0


def test_a_description_of_blanks_is_no_description(client, make_measure):
    make_measure("Sprachcafé", description_en="   ")
    response = client.get("/en/measures/?described=1")
    assert response.context["page"].paginator.count == 0


def test_the_filter_combines_with_other_facets(client, offers, make_measure):
    make_measure("Kochkurs", is_free=False, description_en="Cooking together.")
    response = client.get("/en/measures/?described=1")
    flags = {choice.value: choice.count for choice in response.context["flag_facet"].choices}
    assert response.context["page"].paginator.count == 2
    assert flags["free"] == 1  # of the two described in English, one is free


@pytest.mark.parametrize("rows", [5, 100])
def test_the_filter_keeps_the_query_count_flat(
    client, partner_a, django_assert_max_num_queries, rows
):
    Measure.objects.bulk_create(
        Measure(
            slug=f"offer-{number}",
            title_de=f"Angebot {number}",
            summary_de="Kurz",
            description_de="Lang",
            description_en="Long" if number % 2 else "",
            format=Measure.Format.GROUP,
            provider=partner_a,
            status=Measure.Status.PUBLISHED,
        )
        for number in range(rows)
    )
    with django_assert_max_num_queries(22):
        response = client.get("/en/measures/?described=1")
    assert response.context["page"].paginator.count == rows // 2


def test_the_chosen_filter_is_shown_and_removable(client, offers):
    response = client.get("/en/measures/?described=1&free=1")
    assert ("Described in my language", "free=1") in response.context["active_filters"]


PARTLY_EN = "This offer is only partly translated; the rest is in German."


def test_a_translated_title_alone_is_a_partly_translated_offer(client, make_measure):
    title_only = make_measure("Elterncafé", title_en="Parents' café")
    html = client.get("/en/measures/").content.decode()
    assert html.count(PARTLY_EN) == 1
    assert NOTICE_EN not in html
    assert "Parents' café" in html.replace("&#x27;", "'")
    assert 'lang="de">Kurzbeschreibung von Elterncafé' in html
    page = client.get(f"/en/measures/{title_only.slug}/").content.decode()
    assert PARTLY_EN in page
    # The German description is marked as German.
    assert 'lang="de">Beschreibung von Elterncafé' in page.replace("<p>", "")


@pytest.mark.parametrize(
    ("texts", "german_only", "partly"),
    [
        ({}, True, False),
        ({"title_uk": "Батьківське кафе"}, False, True),
        ({"title_uk": "Батьківське кафе", "summary_uk": "Зустрічі батьків"}, False, True),
        ({"description_uk": "Щотижня"}, False, True),
        (
            {"title_uk": "Кафе", "summary_uk": "Зустрічі", "description_uk": "Щотижня"},
            False,
            False,
        ),
    ],
)
def test_title_summary_and_description_are_judged_together(
    make_measure, texts, german_only, partly
):
    measure = make_measure("Elterncafé", **texts)
    with translation.override("uk"):
        assert measure.described_in_german_only is german_only
        assert measure.partly_translated is partly
    with translation.override("de"):
        assert not measure.described_in_german_only
        assert not measure.partly_translated


def test_the_partly_translated_notice_is_translated(client, make_measure):
    measure = make_measure("Elterncafé", title_uk="Батьківське кафе")
    html = client.get(f"/uk/measures/{measure.slug}/").content.decode()
    with translation.override("uk"):
        notice = translation.gettext(PARTLY_EN)
    assert notice != PARTLY_EN
    assert notice in html
