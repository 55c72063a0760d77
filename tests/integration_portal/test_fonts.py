"""The web fonts a page loads: Arabic text in the Arabic face, and no Arabic
font for a page without Arabic text to show in it."""

import pytest
from playwright.sync_api import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LOADED_FACES = """() => document.fonts.ready.then(() =>
    Array.from(document.fonts)
        .filter((face) => face.status === "loaded")
        .map((face) => face.family.replaceAll('"', "") + " " + face.weight))"""


def test_arabic_text_renders_in_the_arabic_face(live_server, page: Page):
    page.goto(f"{live_server.url}/ar/")
    heading = page.get_by_role("heading", level=1)
    text = heading.inner_text()

    loaded = page.evaluate(LOADED_FACES)
    family = heading.evaluate("element => getComputedStyle(element).fontFamily")
    weight = heading.evaluate("element => getComputedStyle(element).fontWeight")
    checked = page.evaluate(
        "([weight, text]) => document.fonts.check(`${weight} 32px 'Noto Sans Arabic'`, text)",
        [weight, text],
    )

    assert any(face.startswith("Noto Sans Arabic") for face in loaded), loaded
    assert family.replace('"', "").startswith("Noto Sans Arabic"), family
    assert checked


def test_a_german_page_loads_fira_sans_and_no_arabic_face(live_server, page: Page):
    page.goto(f"{live_server.url}/de/")

    loaded = page.evaluate(LOADED_FACES)
    family = page.get_by_role("heading", level=1).evaluate(
        "element => getComputedStyle(element).fontFamily"
    )

    assert "Fira Sans 400" in loaded, loaded
    assert not [face for face in loaded if "Arabic" in face], loaded
    assert family.replace('"', "").startswith("Fira Sans"), family
