"""Pages that no cache helps (a filter choice no one asked before, a detail
page seen for the first time): a fixed, small number of database queries,
however many measures, districts and partners there are. The cache here lives
in memory, as with Redis, so every counted query is the page's own."""

import json
import re
from datetime import time, timedelta

import django_filters
import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from integration_portal import context_processors
from integration_portal.models import Language, LifeDomain
from integration_portal.translation import ui_languages
from measures import filters
from measures.models import Schedule
from partners.models import Partner

pytestmark = pytest.mark.django_db

MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(autouse=True)
def _cache_in_memory(settings):
    settings.CACHES = MEMORY_CACHE
    cache.clear()


def offers(make_measure, count: int) -> list:
    return [
        make_measure(
            f"Elterncafé {number}",
            domains=("family", "language"),
            districts=("mitte", "bad-cannstatt", "ost"),
            languages=("de", "ar", "tr"),
            target_groups=("families",),
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("count", [3, 30])
def test_an_uncached_catalogue_page_with_two_filters_takes_at_most_eight_queries(
    client, make_measure, django_assert_max_num_queries, count
):
    offers(make_measure, count)
    with django_assert_max_num_queries(8):
        response = client.get("/de/measures/?domain=family&district=mitte")
    html = response.content.decode()
    shown = min(count, 20)
    assert html.count('class="kern-card result"') == shown
    assert f"{count} Angebote gefunden" in html
    assert "Bad Cannstatt, Mitte, Ost" in html
    # The checkboxes built in Python keep the visitor's choices.
    assert 'name="domain" value="family" id="f-domain-family" checked>' in html
    assert 'name="district" value="ost" id="f-district-ost">' in html


@pytest.mark.parametrize("count", [3, 30])
def test_an_uncached_detail_page_takes_two_queries(
    client, make_measure, partner_b, django_assert_num_queries, count
):
    measure = offers(make_measure, count)[0]
    hidden = Partner.objects.create(
        name="Stiller Verein", slug="still", sector=Partner.Sector.CULTURE, is_public=False
    )
    measure.cooperating_partners.set([partner_b, hidden])

    # The measure with everything linked to it, then its times.
    with django_assert_num_queries(2):
        response = client.get(measure.get_absolute_url())
    html = response.content.decode()
    assert "Bad Cannstatt, Mitte, Ost" in html
    assert "Partner B gGmbH" in html
    assert "Stiller Verein" not in html
    # Life domains, target groups and languages in their order, with their links.
    in_order = LifeDomain.objects.filter(slug__in=["family", "language"])
    links = [html.index(f'href="/de/measures/?domain={domain.slug}"') for domain in in_order]
    assert links == sorted(links)
    assert "Familien" in html
    assert '<span lang="ar">Arabisch</span>' in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S).group(1))
    languages = Language.objects.filter(code__in=["de", "ar", "tr"])
    assert data["inLanguage"] == [language.code for language in languages]


def test_the_choices_are_read_once_per_version_of_the_catalogue(client, make_measure):
    """The areas of life, districts, languages, target groups and providers
    beside the results are read once while the catalogue stays the same; a
    change to one of them shows on the next page."""
    offers(make_measure, 3)
    client.get("/de/measures/?domain=family&district=mitte")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/de/measures/?domain=family&district=ost")
    assert response.status_code == 200
    tables = [
        "integration_portal_lifedomain",
        "integration_portal_district",
        "integration_portal_language",
        "integration_portal_targetgroup",
        "partners_partner",
        "measures_searchalias",
    ]
    read = [
        table
        for query in queries.captured_queries
        for table in tables
        if query["sql"].startswith(f'SELECT "{table}"."id"')
    ]
    assert read == []

    family = LifeDomain.objects.get(slug="family")
    family.name_de = "Familie und Kinder"
    family.save()
    html = client.get("/de/measures/?domain=family&district=bad-cannstatt").content.decode()
    assert "Familie und Kinder" in html
    # The new name is understood as a filter in the search too.
    response = client.get("/de/measures/?q=Familie+und+Kinder&district=ost")
    assert [word.value for word in response.context["filterset"].understood] == ["family"]


def prepared_lists() -> list[tuple[str, int]]:
    """The catalogue lists prepared in this database session, with the number
    of times PostgreSQL planned each (custom plans) or took its kept plan."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE 'SELECT %%measures_measure%%ORDER BY%%'"
        )
        return cursor.fetchall()


def test_the_result_list_is_one_prepared_statement_per_choice_of_filters(
    client, make_measure, monkeypatch, django_assert_num_queries
):
    """Every choice of values of the same filters runs one statement per page
    number, prepared in the session (PostgreSQL plans it once it has seen it a
    few times), a short last page included; a search is planned for its words
    each time."""
    offers(make_measure, 23)
    course = make_measure("Sprachkurs B1", domains=("language",), districts=("ost",))
    Schedule.objects.create(
        measure=course,
        kind=Schedule.Kind.WEEKLY,
        weekdays=[2],
        start_time=time(9),
        end_time=time(12),
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=30),
    )
    monkeypatch.setattr(filters, "_LISTS", {})
    built = []
    list_of = filters._list_of
    monkeypatch.setattr(
        filters, "_list_of", lambda key, **values: built.append(key) or list_of(key, **values)
    )
    shown, pages = {}, {}
    for query in ("domain=family&district=mitte", "domain=language&district=ost"):
        for page in ("1", "2"):
            pages[query, page] = client.get(f"/de/measures/?{query}&page={page}")
            shown[query, page] = [measure.title for measure in pages[query, page].context["page"]]
    assert [len(titles) for titles in shown.values()] == [20, 3, 20, 4]
    assert shown["domain=family&district=mitte", "2"] == [f"Elterncafé {n}" for n in (7, 8, 9)]
    assert shown["domain=language&district=ost", "1"][0] == "Sprachkurs B1"
    assert sorted(uses for _statement, uses in prepared_lists()) == [2, 2]
    # Built once per page of the same filters, whatever their values.
    assert [offset for offset, _sort, _choices in built] == [0, 20]
    # The times come with the page, each measure's own.
    response = pages["domain=language&district=ost", "1"]
    with django_assert_num_queries(0):
        times = [len(measure.schedules.all()) for measure in response.context["page"]]
    assert times == [1] + [0] * 19
    assert "Nächster Termin:" in response.content.decode()

    client.get("/de/measures/?q=Elterncafe&district=mitte")
    assert len(prepared_lists()) == 2


def test_choices_of_districts_languages_and_areas_compare_the_link_tables_own_columns(
    client, make_measure, partner_a
):
    """A choice narrows by the primary keys of what was chosen, not by
    joining each link to its table to read the slug or code: PostgreSQL
    then knows how many measures each choice has and starts from the rarest."""
    wanted = make_measure(
        "Bewerbungstraining", domains=("work",), districts=("ost",), languages=("ar", "de")
    )
    make_measure("Sprachcafé Ost", domains=("language",), districts=("ost",), languages=("ar",))
    make_measure("Jobcafé Mitte", domains=("work",), districts=("mitte",), languages=("ar",))
    query = f"domain=work&district=ost&language=ar&partner={partner_a.slug}"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/de/measures/?{query}")
    assert [measure.title for measure in response.context["page"]] == [wanted.title]
    [listing] = [entry["sql"] for entry in captured if "LIMIT 20" in entry["sql"]]
    conditions = listing.partition(" WHERE (")[2]
    for column in ("lifedomain_id", "district_id", "language_id"):
        assert f'U0."{column}" IN (' in conditions
    assert '"provider_id" IN (' in conditions
    assert '"slug"' not in conditions and '"code"' not in conditions
    # The other queries of the filters (the handout's list) alike.
    handout_list = filters.MeasureFilter(QueryDict(query)).sorted_results()
    assert '"slug" IN' not in str(handout_list.query)
    assert list(handout_list) == [wanted]


def test_the_facet_counts_of_a_choice_are_prepared_and_planned_once(client, make_measure):
    """Choices of the same filters with other values count their facets with
    one statement, planned once; a search's counts are planned for its words."""
    make_measure("Bewerbungstraining", domains=("work",), districts=("ost",))
    make_measure("Elterncafé", domains=("family",), districts=("mitte",))
    for query in ("domain=work&district=ost", "domain=family&district=mitte"):
        assert client.get(f"/de/measures/?{query}").context["page"].paginator.count == 1

    def prepared_counts():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE 'WITH matches%%'"
            )
            return cursor.fetchall()

    assert prepared_counts() == [(2, 0)]
    client.get("/de/measures/?q=Elterncafe&district=mitte")
    assert prepared_counts() == [(2, 0)]


def test_a_measures_page_is_written_without_the_template_engine_below_its_frame(
    client, make_measure
):
    """The body of a measure's page comes from `measures/measure_page.py`: the
    frame is the only template rendered (an include of the registration facts
    and some 200 nodes took a third of an uncached page's time)."""
    measure = make_measure(
        "Bewerbungstraining",
        registration_status="waiting_list",
        registration_required=True,
        registration_deadline=timezone.localdate() + timedelta(days=3),
    )
    response = client.get(f"/de/measures/{measure.slug}/")
    assert [template.name for template in response.templates] == [
        "measures/detail.html",
        "base.html",
    ]
    page = response.content.decode()
    assert "Warteliste" in page and "Bitte melden Sie sich vorher an." in page


def test_the_language_switcher_resolves_a_page_once(client, make_measure, monkeypatch):
    """The switcher's links come from the page's own match, not from
    resolving its address again for each of the languages."""
    measure = offers(make_measure, 1)[0]

    def resolving_again(path, code):
        raise AssertionError(f"{path} resolved again for {code}")

    monkeypatch.setattr(context_processors, "translate_url", resolving_again)
    response = client.get(measure.get_absolute_url(), {"back": "domain=family"})
    html = response.content.decode()
    for code in ui_languages()[1:]:
        link = f'href="/{code}/measures/{measure.slug}/?back=domain%3Dfamily" lang="{code}"'
        assert link in html


def test_each_filter_set_has_filters_and_a_form_of_its_own(make_measure, monkeypatch):
    """The filters are copied for each filter set without their conditions
    and choices, and the form class is made once per language while the
    choices stay the same: still each filter set's filters call its own
    methods (in its own language) and carry its own choices."""
    make_measure("Sprachcafé", domains=("language",), description_ar="وصف")
    made = []
    make_form_class = django_filters.FilterSet.get_form_class
    monkeypatch.setattr(
        django_filters.FilterSet,
        "get_form_class",
        lambda self: made.append(self.language) or make_form_class(self),
    )
    monkeypatch.setattr(filters, "_FORM_CLASSES", {})
    found = {}
    for language in ("de", "ar", "de", "ar"):
        with translation.override(language):
            filterset = filters.MeasureFilter(QueryDict("described=1&district=mitte"))
            found[language] = [measure.title for measure in filterset.qs]
            assert filterset.filters["described"].parent is filterset
            assert filterset.filters["district"].extra is not (
                filters.MeasureFilter.base_filters["district"].extra
            )
            assert filterset.form.fields["district"].choices[0] == (
                "bad-cannstatt",
                "Bad Cannstatt",
            )
    assert made == ["de", "ar"]
    assert found == {"de": ["Sprachcafé"], "ar": ["Sprachcafé"]}
    with translation.override("en"):
        assert list(filters.MeasureFilter(QueryDict("described=1")).qs) == []
