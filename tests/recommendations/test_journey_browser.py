"""The journey of the issue in a browser: a counsellor recommends three offers,
the mother opens her link in Turkish and sees them, the counsellor prints the
handout (a PDF from Chromium, its QR codes decoded back to the offers' pages),
and the purge removes her list while the monthly counts stay."""

import io
from datetime import timedelta

import pytest
import zxingcpp
from django.test import Client as HttpClient
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from counselling.services import purge_personal_data
from recommendations.models import MeasureMonthlyCount, MonthlyCount, Recommendation
from tests.factories import make_measure
from tests.integration_portal.test_accessibility import AXE, AXE_OPTIONS
from tests.screenshots import keep_screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

A4 = {"width": 794, "height": 1123}


def desk_page(browser: Browser, live_server, user, width: int = 1280) -> Page:
    """A browser signed in as `user` at the desk."""
    desk = HttpClient()
    desk.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": desk.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


@pytest.fixture
def three_offers(offers, partner_a):
    training = make_measure(
        partner_a,
        "Bewerbungstraining für Mütter",
        title_tr="Anneler için başvuru eğitimi",
        domains=("work",),
        districts=("bad-cannstatt",),
        languages=("tr",),
    )
    return [offers["course"], offers["cafe"], training]


def wcag_violations(page: Page) -> list[str]:
    """The WCAG 2.1 A and AA rules axe-core finds broken on the page."""
    response = AXE.run(page, options=AXE_OPTIONS).response
    return [f"{violation['id']}: {violation['help']}" for violation in response["violations"]]


def decoded_qr_codes(page: Page) -> set[str]:
    screenshot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("L")
    return {result.text for result in zxingcpp.read_barcodes(screenshot)}


def test_recommended_offers_reach_her_in_turkish_print_and_go_with_the_purge(
    live_server, browser: Browser, counsellor_user, appointment, three_offers, settings
):
    # The counsellor ticks three offers of the search, which starts in
    # Turkish and in Bad Cannstatt, notes one and the whole list.
    page = desk_page(browser, live_server, counsellor_user)
    page.goto(f"{live_server.url}/de/desk/appointments/{appointment.pk}/")
    page.get_by_role("link", name="Angebote empfehlen oder Bedarf erfassen").click()
    for measure in three_offers:
        page.locator(f"#measure-{measure.pk}").check()
    page.locator(f"#note-{three_offers[0].pk}").fill("Kurs beginnt im März")
    page.get_by_label("Hinweis zur ganzen Liste").fill("Rufen Sie Frau X an.")
    page.get_by_role("button", name="Angekreuzte Angebote empfehlen").click()
    expect(page.get_by_role("heading", name="Ihre Liste: 3 Angebote")).to_be_visible()

    # She opens her personal link in Turkish.
    her = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    her.goto(f"{live_server.url}/tr/counselling/appointment/{appointment.token}/")
    offers = her.locator(".recommended-offers .result__title")
    expect(offers).to_have_count(3)
    assert sorted(offers.all_inner_texts()) == [
        "Anneler için başvuru eğitimi",
        "Nähcafé für Mütter",
        "Çocuk bakımlı Almanca kursu",
    ]
    expect(her.locator('.recommended-offers [lang="de"]')).to_have_text("Nähcafé für Mütter")
    expect(her.get_by_text("Kurs beginnt im März")).to_be_visible()
    offers.filter(has_text="Çocuk bakımlı Almanca kursu").get_by_role("link").click()
    expect(her).to_have_url(f"{live_server.url}/tr/measures/{three_offers[0].slug}/")
    assert Recommendation.objects.get(measure=three_offers[0]).opened == 1

    # The counsellor prints the handout: German and Turkish, a QR code each.
    page.goto(f"{live_server.url}/de/desk/appointments/{appointment.pk}/offers/")
    page.get_by_role("link", name="Ihre Liste als Handout drucken").click()
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    keep_screenshot(page, "recommended-handout-print-de-tr")
    assert decoded_qr_codes(page) == {
        f"{live_server.url}/tr/measures/{measure.slug}/" for measure in three_offers
    }
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    assert 1 <= len(pdf.pages) <= 2
    # pypdf puts spaces around some Turkish letters ("do ğ rudan"): compared without spaces.
    text = "".join("".join(pdf_page.extract_text() for pdf_page in pdf.pages).split())
    for title in (
        "Deutschkurs mit Kinderbetreuung",
        "Çocuk bakımlı Almanca kursu",
        "Nähcafé für Mütter",
        "Anneler için başvuru eğitimi",
        "Kurs beginnt im März",
    ):
        assert "".join(title.split()) in text, title

    # After the retention period the purge takes her list; the counts stay.
    appointment.client.created_at = appointment.start - timedelta(days=1)
    appointment.client.save()
    later = timezone.now() + timedelta(days=settings.COUNSELLING_RETENTION_DAYS + 2)
    assert purge_personal_data(now=later) == 1
    assert not Recommendation.objects.exists()
    her.reload()
    expect(her.locator(".recommended-offers")).to_have_count(0)
    recommended = MonthlyCount.objects.filter(kind="recommended")
    assert sum(row.count for row in recommended) == 3
    assert MonthlyCount.objects.get(kind="opened").count == 1
    assert MeasureMonthlyCount.objects.filter(recommended=1).count() == 3


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_the_desk_page_and_her_page_fit_phones_and_desktops(
    live_server, browser: Browser, counsellor_user, appointment, three_offers, language, width
):
    from recommendations.services import Recommended, recommend

    recommend(appointment, [Recommended(three_offers[0], "Kurs beginnt im März")])
    page = desk_page(browser, live_server, counsellor_user, width)
    page.goto(f"{live_server.url}/{language}/desk/appointments/{appointment.pk}/offers/")
    expect(page.locator("main h1")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert wcag_violations(page) == []
    keep_screenshot(page, f"recommend-desk-{language}-{width}")

    page.goto(f"{live_server.url}/{language}/counselling/appointment/{appointment.token}/")
    expect(page.locator(".recommended-offers")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert wcag_violations(page) == []
    keep_screenshot(page, f"recommend-her-page-{language}-{width}")
