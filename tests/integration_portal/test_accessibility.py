"""axe-core on every public page, in German and Arabic, on a phone and a desktop.

Each page × language × viewport is one test. The sweep runs the rules axe tags
for WCAG 2.0/2.1 levels A and AA (what BITV 2.0 asks for) and allows none of
them to fail.
"""

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.testcases import LiveServerThread
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, Playwright, expect

from counselling.models import Mode, Topic
from counselling.services import ClientDetails, book_appointment
from counselling.slots import free_slots
from integration_portal.models import District, Language
from integration_portal.roles import COUNSELLOR
from partners.models import Partner
from tests.conftest import static_through_the_app
from tests.factories import (
    add_rule,
    make_counsellor,
    make_location,
    make_measure,
    make_partner,
    make_user,
)

# Not transactional: the module commits its data once (see `site`) and drives its
# own server, instead of emptying and re-seeding the database around every visit.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
AXE = Axe()

VIEWPORTS = {
    "phone": {"width": 375, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}
LANGUAGES = ["de", "ar"]


@pytest.fixture(scope="module")
def contexts(playwright: Playwright, browser_type_launch_args: dict):
    """One browser context per viewport for the whole module; pages are opened per test.

    The module starts its own Chromium rather than taking pytest-playwright's
    `browser`: tests parametrized by that fixture are run next to each other, which
    would pull the transactional browser tests in between the database tests."""
    browser = playwright.chromium.launch(**browser_type_launch_args)
    opened = {name: browser.new_context(viewport=size) for name, size in VIEWPORTS.items()}
    yield opened
    browser.close()


def _restore_database() -> None:
    """Back to the rows the migrations made, with the same keys: what Django's serialized
    rollback restores, so that the tests after this module find what they expect."""
    serialized = getattr(connection, "_test_serialized_contents", None)
    call_command(
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=serialized is not None
    )
    if serialized is not None:
        connection.creation.deserialize_db_from_string(serialized)
    else:
        for migration in ("0002_seed_taxonomy", "0003_create_role_groups"):
            module = import_module(f"integration_portal.migrations.{migration}")
            module.Migration.operations[0].code(django_apps, None)
    # Booking limits live in the cache table, which outlives the rows.
    cache.clear()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> dict:
    """A server whose site has a published measure by a public partner, a counsellor
    with free times and a booked appointment: its URL and the appointment's token.

    Created once for the module and committed, so that the ~100 page visits do
    not each pay for emptying and re-seeding the database (which pytest-django's
    `live_server` fixture would do per test)."""
    with django_db_blocker.unblock():
        _restore_database()
        token = _create_site()
    server = LiveServerThread("localhost", static_handler=static_through_the_app)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield {"url": f"http://localhost:{server.port}", "token": token}
    server.terminate()
    with django_db_blocker.unblock():
        _restore_database()


def _create_site() -> str:
    partner = make_partner(
        name="Forum der Kulturen Stuttgart e. V.",
        slug="forum-der-kulturen",
        sector=Partner.Sector.MIGRANT_ORGANISATION,
        description_de="Dachverband der Migrantenvereine in Stuttgart.",
        website="https://example.org/",
        email="info@example.org",
        phone="0711 123456",
        street="Marktplatz 4",
        postal_code="70173",
        district=District.objects.get(slug="mitte"),
    )
    make_measure(
        partner,
        "Sprachcafé Mitte",
        slug="sprachcafe-mitte",
        summary_de="Deutsch sprechen beim Kaffee, ohne Anmeldung.",
        description_de="Jeden Dienstag treffen sich Menschen, die Deutsch üben wollen.",
        childcare=True,
        start_date=timezone.localdate() + timedelta(days=30),
        languages=("de", "ar"),
    )
    make_location()
    counsellor = make_counsellor(make_user("beraterin@example.org", COUNSELLOR))
    for weekday in range(5):
        add_rule(counsellor, weekday)
    german = Language.objects.get(code="de")
    slot = free_slots(topic=Topic.CAREER, language_id=german.pk, mode=Mode.PHONE)[0]
    appointment = book_appointment(
        slot_key=slot.key,
        details=ClientDetails(
            name="Aylin",
            email="aylin@example.net",
            phone="",
            child_birth_month=date(timezone.localdate().year - 1, 5, 1),
            preferred_language=None,
            ui_language="de",
        ),
        topic=Topic.CAREER,
        language=german,
    )
    return appointment.token


def _continue(page: Page) -> None:
    page.locator("main form button[type=submit]").click()


def _choose_first(page: Page, name: str) -> None:
    page.locator(f"input[name={name}]").first.check()


def _book_until(page: Page, base: str, last_step: str) -> None:
    """Answer the booking questions in order up to (not including) `last_step`."""
    page.goto(f"{base}/counselling/child/")
    steps: list[tuple[str, Callable[[], None]]] = [
        ("child", lambda: _fill_child(page)),
        ("topic", lambda: _choose_first(page, "topic")),
        ("language", lambda: _choose_first(page, "language")),
        ("mode", lambda: page.locator(f"input[name=mode][value={Mode.PHONE}]").check()),
        ("slots", lambda: _choose_first(page, "slot")),
        ("details", lambda: _fill_details(page)),
        ("check", lambda: None),
    ]
    for step, answer in steps:
        if step == last_step:
            return
        answer()
        _continue(page)


_emails = itertools.count(1)


def _fill_child(page: Page) -> None:
    page.locator("select[name=child_month]").select_option("5")
    page.locator("select[name=child_year]").select_option(str(timezone.localdate().year - 1))


def _fill_details(page: Page) -> None:
    # A new address and number per booking: each may hold only 3 future appointments.
    number = next(_emails)
    page.locator("input[name=name]").fill("Aylin")
    page.locator("input[name=email]").fill(f"aylin-{number}@example.net")
    page.locator("input[name=phone]").fill(f"0711 {123000 + number}")
    page.locator("input[name=consent]").check()


def _submit_empty(page: Page) -> None:
    _continue(page)
    expect(page.locator("[data-error-summary]")).to_be_visible()


# How a visitor reaches a page: the page, the URL of a language's prefix, the site.
Visit = Callable[[Page, str, dict], None]


def _location_step(page: Page, base: str, site: dict) -> None:
    _book_until(page, base, "mode")
    page.locator(f"input[name=mode][value={Mode.IN_PERSON}]").check()
    _continue(page)


def _waiting_list_join(page: Page, base: str, site: dict) -> None:
    _book_until(page, base, "slots")
    page.locator("main a[href$='/waiting-list/']").click()


def _waiting_list_joined(page: Page, base: str, site: dict) -> None:
    _waiting_list_join(page, base, site)
    page.locator("input[name=phone]").fill(f"0711 {223000 + next(_emails)}")
    page.locator("input[name=consent]").check()
    _continue(page)


def _with_errors(visit: Visit) -> Visit:
    """The same page after its form was sent empty."""

    def visit_and_submit(page: Page, base: str, site: dict) -> None:
        visit(page, base, site)
        _submit_empty(page)

    return visit_and_submit


def _path(path: str) -> Visit:
    return lambda page, base, site: page.goto(f"{base}{path}")


def _booking_step(step: str) -> Visit:
    return lambda page, base, site: _book_until(page, base, step)


def _personal_page(page: Page, base: str, site: dict) -> None:
    page.goto(f"{base}/counselling/appointment/{site['token']}/")


VISITS: dict[str, Visit] = {
    "home": _path("/"),
    "catalogue": _path("/measures/"),
    "catalogue-filtered": _path("/measures/?domain=language&district=mitte&childcare=1&sort=date"),
    "catalogue-search": _path("/measures/?q=Sprachcafe"),
    "catalogue-empty": _path("/measures/?q=Segelflugschein"),
    "measure-detail": _path("/measures/sprachcafe-mitte/"),
    "catalogue-handout": _path("/measures/handout/?district=mitte&reader=ar"),
    "partner-directory": _path("/partners/"),
    "partner-detail": _path("/partners/forum-der-kulturen/"),
    "imprint": _path("/info/imprint/"),
    "privacy": _path("/info/privacy/"),
    "accessibility": _path("/info/accessibility/"),
    "easy-language": _path("/info/easy-language/"),
    "feedback": _path("/feedback/?from=/"),
    "feedback-errors": _with_errors(_path("/feedback/")),
    "login": _path("/accounts/login/"),
    "counselling-start": _path("/counselling/"),
    "booking-child": _booking_step("child"),
    "booking-child-error": _with_errors(_booking_step("child")),
    "booking-topic": _booking_step("topic"),
    "booking-topic-error": _with_errors(_booking_step("topic")),
    "booking-language": _booking_step("language"),
    "booking-mode": _booking_step("mode"),
    "booking-location": _location_step,
    "booking-time": _booking_step("slots"),
    "booking-time-error": _with_errors(_booking_step("slots")),
    "booking-details": _booking_step("details"),
    "booking-details-error": _with_errors(_booking_step("details")),
    "booking-check": _booking_step("check"),
    "booking-confirmation": _booking_step("done"),
    "personal-appointment": _personal_page,
    "waiting-list-join": _waiting_list_join,
    "waiting-list-join-error": _with_errors(_waiting_list_join),
    "waiting-list-waiting": _waiting_list_joined,
}

CASES = list(itertools.product(VISITS, LANGUAGES, VIEWPORTS))


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']} {node['html'][:200]}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("page_name", "language", "viewport"), CASES, ids=["-".join(case) for case in CASES]
)
def test_public_page_has_no_wcag_violations(
    page_name: str,
    language: str,
    viewport: str,
    contexts: dict[str, BrowserContext],
    site: dict,
):
    context = contexts[viewport]
    context.clear_cookies()
    page = context.new_page()
    try:
        VISITS[page_name](page, f"{site['url']}/{language}", site)
        expect(page.locator("html")).to_have_attribute("lang", language)
        response = AXE.run(page, options=AXE_OPTIONS).response
    finally:
        page.close()
    assert response["violations"] == [], _report(response["violations"])


def test_the_sweep_runs_the_wcag_rules_of_axe(contexts: dict[str, BrowserContext], site: dict):
    page = contexts["desktop"].new_page()
    try:
        page.goto(f"{site['url']}/de/measures/sprachcafe-mitte/")
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        response = AXE.run(page, options=AXE_OPTIONS).response
        # A barrier put in on purpose must be found, or the sweep proves nothing.
        page.evaluate("document.querySelector('main').append(document.createElement('input'))")
        broken = AXE.run(page, options=AXE_OPTIONS).response
    finally:
        page.close()
    outcomes = ("passes", "violations", "incomplete", "inapplicable")
    rules = {rule["id"] for outcome in outcomes for rule in response[outcome]}
    assert {"color-contrast", "label", "html-has-lang", "valid-lang", "list"} <= rules
    assert len(rules) >= 60, sorted(rules)
    assert "Fira Sans" in font, "the pages must be checked with their style sheets"
    assert "label" in {violation["id"] for violation in broken["violations"]}
