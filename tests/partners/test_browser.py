import pytest
from playwright.sync_api import Page, expect

from integration_portal.models import District
from partners.models import Partner

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_context_args(browser_context_args: dict) -> dict:
    """The directory must work without JavaScript."""
    return {**browser_context_args, "java_script_enabled": False}


def test_a_visitor_filters_the_directory_and_opens_a_partner(live_server, page: Page):
    Partner.objects.create(
        name="Theater am Neckar",
        slug="theater-am-neckar",
        sector=Partner.Sector.CULTURE,
        district=District.objects.get(slug="bad-cannstatt"),
        description_de="Mehrsprachige Theaterprojekte.",
    )
    Partner.objects.create(name="Caritas-Zentrum", slug="caritas", sector=Partner.Sector.WELFARE)

    page.goto(f"{live_server.url}/de/partners/")
    page.get_by_role("group", name="Art der Organisation").get_by_label("Kultur").check()
    page.get_by_role("button", name="Partner anzeigen").click()

    expect(page.get_by_role("heading", level=2, name="1 Partner")).to_be_visible()
    expect(page.get_by_role("link", name="Caritas-Zentrum")).to_have_count(0)
    page.get_by_role("link", name="Theater am Neckar").click()

    expect(page.get_by_role("heading", level=1, name="Theater am Neckar")).to_be_visible()
    expect(page.get_by_text("Mehrsprachige Theaterprojekte.")).to_be_visible()
