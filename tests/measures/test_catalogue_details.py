"""Catalogue details: date chips in the locale's format, a reversed date range,
the order by date, and the way back from a measure to the list."""

from datetime import date

import pytest

pytestmark = pytest.mark.django_db


def test_date_chips_are_in_the_locales_format(client, make_measure):
    make_measure("Sprachcafé")
    response = client.get("/de/measures/?date_from=2030-03-05&date_to=2030-04-01")
    chips = [text for text, _query in response.context["active_filters"]]
    assert "Von: 05.03.2030" in chips
    assert "Bis: 01.04.2030" in chips
    chips = [
        text
        for text, _query in client.get("/en/measures/?date_from=2030-03-05").context[
            "active_filters"
        ]
    ]
    assert "From: 5 Mar 2030" in chips


def test_a_reversed_date_range_is_explained(client, make_measure):
    make_measure("Sprachcafé")
    response = client.get("/en/measures/?date_from=2030-04-01&date_to=2030-03-05")
    assert response.status_code == 200
    assert any("is after the date" in str(note) for note in response.context["notes"])
    # A range in order gets no such note.
    response = client.get("/en/measures/?date_from=2030-03-05&date_to=2030-04-01")
    assert not any("is after the date" in str(note) for note in response.context["notes"])


def test_sorting_by_date_puts_ongoing_offers_after_dated_ones(client, make_measure):
    make_measure("Ankommen", start_date=None)
    make_measure("Zweiter Kurs", start_date=date(2030, 5, 1))
    make_measure("Erster Kurs", start_date=date(2030, 3, 1))
    response = client.get("/en/measures/?sort=date")
    titles = [measure.title_de for measure in response.context["page"].object_list]
    assert titles == ["Erster Kurs", "Zweiter Kurs", "Ankommen"]


def test_the_measure_page_leads_back_to_the_list_the_visitor_came_from(client, make_measure):
    measure = make_measure("Sprachcafé")
    listing = client.get("/en/measures/?free=1&q=Sprachcaf%C3%A9").content.decode()
    link = f"{measure.get_absolute_url()}?back=free%3D1%26q%3DSprachcaf%25C3%25A9"
    assert f'href="{link}"' in listing.replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert 'href="/en/measures/?free=1&amp;q=Sprachcaf%C3%A9"' in page
    assert 'rel="canonical"' in page


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/x",
        '"><script>alert(1)</script>',
        "javascript:alert(1)",
    ],
)
def test_the_way_back_stays_on_the_catalogue(client, make_measure, back):
    measure = make_measure("Sprachcafé")
    response = client.get(measure.get_absolute_url(), {"back": back})
    assert response.status_code == 200
    url = response.context["catalogue_url"]
    assert url.startswith(("/en/measures/", "/de/measures/"))
    assert "<script>" not in response.content.decode()
    assert 'href="//' not in response.content.decode()


def test_without_a_list_the_link_goes_to_the_whole_catalogue(client, make_measure):
    measure = make_measure("Sprachcafé")
    response = client.get(f"/en{measure.get_absolute_url()[3:]}")
    assert response.context["catalogue_url"] == "/en/measures/"
