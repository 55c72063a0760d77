"""Partners' names in the Arabic catalogue are isolated, so "e. V." keeps its
dot on the right side; phone numbers and addresses run left to right; the
facets' checkboxes keep their gap in RTL; the providers' free texts take their
own direction."""

import pytest

from tests.screenshots import keep_screenshot

pytestmark = pytest.mark.django_db


def test_partner_names_are_isolated_in_the_list_facets_and_detail(client, make_measure):
    measure = make_measure("Sprachcafé")
    name = measure.provider.name
    html = client.get("/ar/measures/").content.decode()
    assert f"· <bdi>{name}</bdi></p>" in html
    assert f'for="f-partner-{measure.provider.slug}"><bdi>{name}</bdi>' in html
    detail = client.get(f"/ar/measures/{measure.slug}/").content.decode()
    assert f"<bdi>{name}</bdi>" in detail


def test_phones_and_addresses_run_left_to_right_on_arabic_pages(client, make_measure):
    measure = make_measure("Sprachcafé")
    measure.contact_phone, measure.contact_email = "0711 216-0", "info@example.org"
    measure.save()
    provider = measure.provider
    provider.phone, provider.email = "0711 123 45", "kontakt@example.org"
    provider.save()
    detail = client.get(f"/ar/measures/{measure.slug}/").content.decode()
    assert '<bdi dir="ltr">0711 216-0</bdi>' in detail
    assert '<bdi dir="ltr">info@example.org</bdi>' in detail
    profile = client.get(f"/ar/partners/{provider.slug}/").content.decode()
    assert '<bdi dir="ltr">0711 123 45</bdi>' in profile
    assert '<bdi dir="ltr">kontakt@example.org</bdi>' in profile


def test_the_providers_free_texts_take_their_own_direction_on_arabic_pages(client, make_measure):
    """Venue, costs, times and how to register are written in one language,
    mostly German: on an Arabic page each is isolated, so "Bitte anrufen."
    keeps its full stop at its end."""
    measure = make_measure(
        "Sprachcafé",
        venue_name="Stadtteilhaus Ost",
        venue_street="Hauptstraße 1",
        cost_note="Ermäßigung möglich.",
        schedule_text="Nach Absprache.",
        registration_info="Bitte anrufen.",
        is_free=False,
    )
    detail = client.get(f"/ar/measures/{measure.slug}/").content.decode()
    assert "<bdi>Stadtteilhaus Ost</bdi><br>" in detail
    assert "<bdi>Hauptstraße 1, " in detail
    assert "<br><bdi>Ermäßigung möglich.</bdi>" in detail
    assert "<br><bdi>Nach Absprache.</bdi>" in detail
    assert '<div class="prose" dir="auto"><p>Bitte anrufen.</p></div>' in detail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_arabic_facet_checkboxes_do_not_touch_their_labels(live_server, page, make_measure):
    make_measure("Sprachcafé", description_ar="مقهى اللغة")
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/ar/measures/")
    checkbox = page.locator("#f-domain-language").bounding_box()
    label = page.locator('label[for="f-domain-language"]').bounding_box()
    text = page.locator('label[for="f-domain-language"] bdi').bounding_box()
    # Right to left: the box on the right, the label's text left of it with a gap.
    assert text["x"] + text["width"] <= checkbox["x"] - 8
    assert label["x"] + label["width"] <= checkbox["x"] + 1
    keep_screenshot(page, "catalogue-ar-1280")
