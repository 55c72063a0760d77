import pytest

from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_a_visitor_gets_the_cached_catalogue_without_recounting(
    client, make_measure, django_assert_max_num_queries
):
    make_measure("Nähcafé für Frauen")
    first = client.get("/de/measures/?domain=language")
    with django_assert_max_num_queries(2):
        second = client.get("/de/measures/?domain=language")
    assert second.content == first.content
    assert "Nähcafé für Frauen" in second.content.decode()


def test_a_changed_measure_shows_at_once(client, make_measure):
    measure = make_measure("Nähcafé für Frauen")
    assert "Nähcafé für Frauen" in client.get("/de/measures/").content.decode()
    measure.title_de = measure.summary_de = "Nähwerkstatt für Frauen"
    measure.save()
    html = client.get("/de/measures/").content.decode()
    assert "Nähwerkstatt für Frauen" in html
    assert "Nähcafé für Frauen" not in html


def test_a_new_relation_shows_at_once(client, make_measure):
    measure = make_measure("Nähcafé für Frauen", districts=("mitte",))
    assert "Nähcafé" not in client.get("/de/measures/?district=ost").content.decode()
    measure.districts.add(*measure.districts.model.objects.filter(slug="ost"))
    assert "Nähcafé" in client.get("/de/measures/?district=ost").content.decode()


def test_an_unpublished_measure_leaves_the_cached_catalogue(client, make_measure):
    measure = make_measure("Nähcafé für Frauen")
    assert "Nähcafé" in client.get("/en/measures/").content.decode()
    measure.status = Measure.Status.DRAFT
    measure.save()
    assert "Nähcafé" not in client.get("/en/measures/").content.decode()


def test_signed_in_people_get_a_fresh_page(client, make_measure, editor_a):
    make_measure("Nähcafé für Frauen")
    client.get("/de/measures/")
    client.force_login(editor_a)
    assert 'action="/de/accounts/logout/"' in client.get("/de/measures/").content.decode()
