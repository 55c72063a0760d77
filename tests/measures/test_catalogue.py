import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from integration_portal.models import District, LifeDomain
from measures.models import Measure

pytestmark = pytest.mark.django_db

URL = "/en/measures/"


def titles(response) -> list[str]:
    return [measure.title_de for measure in response.context["page"].object_list]


@pytest.fixture
def catalogue(make_measure, partner_b):
    today = timezone.localdate()
    return {
        "course": make_measure(
            "Deutschkurs Mitte",
            domains=("language",),
            districts=("mitte",),
            languages=("de", "ar"),
            target_groups=("women",),
            format=Measure.Format.COURSE,
            is_free=True,
            childcare=True,
            start_date=today + timedelta(days=10),
            end_date=today + timedelta(days=40),
        ),
        "counselling": make_measure(
            "Mieterberatung West",
            domains=("housing",),
            districts=("west",),
            languages=("de", "tr"),
            target_groups=("families",),
            format=Measure.Format.COUNSELLING,
            is_free=False,
            cost_amount=10,
            wheelchair_accessible=True,
        ),
        "online": make_measure(
            "Bewerbungstraining online",
            domains=("work", "language"),
            districts=(),
            format=Measure.Format.ONLINE,
            is_online=True,
            provider=partner_b,
            start_date=today + timedelta(days=100),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Deutschkurs Mitte", "Mieterberatung West", "Bewerbungstraining online"}),
        ("domain=language", {"Deutschkurs Mitte", "Bewerbungstraining online"}),
        ("domain=housing&domain=work", {"Mieterberatung West", "Bewerbungstraining online"}),
        ("district=west", {"Mieterberatung West"}),
        ("language=ar", {"Deutschkurs Mitte"}),
        ("language=ar&language=tr", {"Deutschkurs Mitte", "Mieterberatung West"}),
        ("target_group=families", {"Mieterberatung West"}),
        ("partner=partner-b", {"Bewerbungstraining online"}),
        ("format=counselling", {"Mieterberatung West"}),
        ("free=1", {"Deutschkurs Mitte", "Bewerbungstraining online"}),
        ("childcare=1", {"Deutschkurs Mitte"}),
        ("accessible=1", {"Mieterberatung West"}),
        ("online=1", {"Bewerbungstraining online"}),
        ("domain=language&free=1&childcare=1", {"Deutschkurs Mitte"}),
        ("domain=language&district=west", set()),
        ("q=Beratung&domain=housing", {"Mieterberatung West"}),
    ],
)
def test_each_filter_and_combinations_narrow_the_results(client, catalogue, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


def test_date_filters_keep_ongoing_measures_and_those_overlapping(client, catalogue):
    soon = (timezone.localdate() + timedelta(days=50)).isoformat()
    response = client.get(f"{URL}?date_to={soon}")
    assert set(titles(response)) == {"Deutschkurs Mitte", "Mieterberatung West"}
    response = client.get(f"{URL}?date_from={soon}")
    assert set(titles(response)) == {"Mieterberatung West", "Bewerbungstraining online"}


def test_facet_counts_equal_the_results_of_choosing_them(client, catalogue):
    response = client.get(f"{URL}?free=1")
    for facet in response.context["facets"]:
        for choice in facet.choices:
            chosen = client.get(f"{URL}?free=1&{facet.name}={choice.value}")
            assert chosen.context["page"].paginator.count == choice.count, (facet.name, choice)
    for choice in response.context["flag_facet"].choices:
        chosen = client.get(f"{URL}?free=1&{choice.value}=1")
        assert chosen.context["page"].paginator.count == choice.count, choice


def test_facet_counts_appear_beside_the_choices(client, catalogue):
    response = client.get(URL)
    html = response.content.decode()
    assert re.search(r"Language</bdi>\s*<span class=\"facet__count\">\(2\)", html)


def test_sorting_by_title_and_date(client, catalogue):
    assert titles(client.get(f"{URL}?sort=title")) == [
        "Bewerbungstraining online",
        "Deutschkurs Mitte",
        "Mieterberatung West",
    ]
    # By start date, then the ongoing measures.
    assert titles(client.get(f"{URL}?sort=date")) == [
        "Deutschkurs Mitte",
        "Bewerbungstraining online",
        "Mieterberatung West",
    ]


def test_active_filters_are_links_that_remove_them(client, catalogue):
    response = client.get(f"{URL}?domain=language&district=mitte")
    links = dict(response.context["active_filters"])
    assert links["Area of life: Language"] == "district=mitte"
    assert links["District: Mitte"] == "domain=language"


def test_an_empty_result_suggests_which_filter_to_drop(client, catalogue):
    response = client.get(f"{URL}?domain=language&district=west")
    assert "No offer matches all of your choices." in response.content.decode()
    assert 'href="?district=west"' in response.content.decode()


def test_drafts_and_expired_measures_are_not_listed(client, make_measure, yesterday):
    make_measure("Öffentlich")
    make_measure("Entwurf", status=Measure.Status.DRAFT)
    make_measure("Abgelaufen", valid_until=yesterday)
    assert titles(client.get(URL)) == ["Öffentlich"]


def test_results_come_in_pages_of_twenty(client, make_measure):
    for number in range(23):
        make_measure(f"Angebot {number:02}")
    first = client.get(f"{URL}?sort=title")
    second = client.get(f"{URL}?sort=title&page=2")
    assert len(first.context["page"].object_list) == 20
    assert titles(second) == ["Angebot 20", "Angebot 21", "Angebot 22"]
    assert 'href="?sort=title&amp;page=2"' in first.content.decode()


def test_the_german_page_speaks_german(client, catalogue):
    response = client.get("/de/measures/")
    assert "Angebote finden" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "domain=unknown",
        "district=atlantis&district=mitte",
        "language=xx",
        "partner=nobody",
        "format=party",
        "date_from=2026-13-45",
        "date_to=yesterday",
        "page=999999",
        "page=-1",
        "page=abc",
        "sort=price",
        "free=maybe",
        "q=" + "x" * 5000,
        "q=%27%3B%20DROP%20TABLE%20measures_measure%3B--",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "domain=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=%00",
        "domain=%00",
        "q=%F0%9F%98%80",
        "q=%D8%AF%D9%88%D8%B1%D8%A9%20%D9%84%D8%BA%D8%A9",
        "q=&&&|||!!!:*",
        "q=a%20%26%20b%20%7C%20!c",
    ],
)
def test_bad_input_never_breaks_the_catalogue(client, catalogue, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("domain=unknown", "Area of life: “unknown” is not a valid choice and was ignored."),
        ("date_from=2026-13-45", "From: “2026-13-45” is not a valid choice and was ignored."),
        ("q=" + "x" * 300, "Only the first 200 characters of your search term were used."),
    ],
)
def test_ignored_input_is_explained(client, catalogue, query, note):
    response = client.get(f"{URL}?{query}")
    assert note in response.content.decode()


def test_known_choices_still_apply_beside_unknown_ones(client, catalogue):
    response = client.get(f"{URL}?district=atlantis&district=west")
    assert titles(response) == ["Mieterberatung West"]


@pytest.mark.parametrize("rows", [20, 300])
def test_the_number_of_queries_does_not_grow_with_the_measures(
    client, partner_a, django_assert_max_num_queries, rows
):
    measures = Measure.objects.bulk_create(
        Measure(
            slug=f"sprachcafe-{number}",
            title_de=f"Sprachcafé {number}",
            summary_de="Deutsch sprechen üben",
            description_de="Bei Kaffee und Tee",
            format=Measure.Format.GROUP,
            provider=partner_a,
            status=Measure.Status.PUBLISHED,
        )
        for number in range(rows)
    )
    domains = list(LifeDomain.objects.filter(slug__in=["language", "participation"]))
    districts = list(District.objects.filter(slug__in=["mitte", "west"]))
    Measure.life_domains.through.objects.bulk_create(
        Measure.life_domains.through(measure=measure, lifedomain=domain)
        for measure in measures
        for domain in domains
    )
    Measure.districts.through.objects.bulk_create(
        Measure.districts.through(measure=measure, district=district)
        for measure in measures
        for district in districts
    )
    # A first visit: the page and its facet counts are computed and stored in
    # the shared cache (reads and writes of the cache table included), the
    # search's words looked up as stopwords, compounds, misspellings and filter names.
    with django_assert_max_num_queries(27):
        response = client.get(f"{URL}?q=Sprachcafe&domain=language&free=1")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == rows


@pytest.fixture
def varied_catalogue(make_measure, partner_a, partner_b):
    """Twenty-four measures over three areas of life, three districts, three
    languages, two formats and the yes/no facets, in every combination the
    counting could get wrong: those meeting all choices, all but one, and
    fewer."""
    domains = ("language", "work", "housing")
    districts = ("mitte", "west", "ost")
    languages = ("ar", "tr", "uk")
    for number in range(24):
        make_measure(
            f"Angebot {number}",
            domains=(domains[number % 3],) + (("family",) if number % 5 == 0 else ()),
            districts=(districts[(number // 3) % 3],),
            languages=("de", languages[(number // 9) % 3]),
            format=Measure.Format.COURSE if number % 2 else Measure.Format.COUNSELLING,
            is_free=number % 4 != 0,
            childcare=number % 3 == 1,
            description_ar="وصف" if number % 7 == 0 else "",
            provider=partner_b if number % 6 == 0 else partner_a,
        )


LISTED_FACETS = ("domain", "district", "language", "target_group", "partner", "format")


@pytest.mark.parametrize(
    "query",
    [
        "domain=language&district=mitte",
        "domain=work&district=west&language=tr",
        "domain=housing&domain=family&district=ost&language=uk&free=1",
        "domain=language&domain=family&district=mitte&district=west&language=ar",
        "district=mitte&language=ar&format=course&childcare=1",
        "domain=language&district=mitte&described=1",
        "q=Angebot&domain=work&district=ost&partner=partner-b",
    ],
)
def test_facet_counts_under_several_choices_equal_the_results(client, varied_catalogue, query):
    """Beside every choice stands the number of results of picking it instead
    of the facet's present choice (or with it, for a yes/no facet), whatever
    the other facets' choices are."""
    # With a session the pages are rendered, not read from the page cache.
    client.cookies[settings.SESSION_COOKIE_NAME] = "counting-every-page"
    url = f"/ar/measures/?{query}"
    response = client.get(url)
    chosen = response.context["filterset"].form.cleaned_data
    kept = query.split("&")
    form = response.context["form"]
    for facet in response.context["facets"]:
        if facet.name not in LISTED_FACETS:
            continue
        # Every value of the facet: one left out of the list has the count 0.
        shown = {choice.value: choice.count for choice in facet.choices}
        others = "&".join(pair for pair in kept if not pair.startswith(f"{facet.name}="))
        for value, _label in form.fields[facet.name].choices:
            picked = client.get(f"/ar/measures/?{others}&{facet.name}={value}")
            expected = picked.context["page"].paginator.count
            assert shown.get(value, 0) == expected, (facet.name, value)
    for choice in response.context["flag_facet"].choices:
        if chosen.get(choice.value):
            continue
        picked = client.get(f"{url}&{choice.value}=1")
        assert picked.context["page"].paginator.count == choice.count, choice
