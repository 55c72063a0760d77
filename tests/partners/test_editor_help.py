"""The help page for partner editors, in the five languages, linked from the partner area."""

import pytest

pytestmark = pytest.mark.django_db

HEADINGS = {
    "de": "So funktioniert die Prüfung",
    "en": "How review works",
    "tr": "İnceleme nasıl işler",
    "ar": "كيف تتم المراجعة",
    "uk": "Як відбувається перевірка",
}


@pytest.mark.parametrize(("language", "heading"), HEADINGS.items())
def test_the_help_page_explains_review_in_each_language(client, editor_a, language, heading):
    client.force_login(editor_a)
    response = client.get(f"/{language}/partner-area/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert f'<html lang="{language}"' in html


def test_the_partner_areas_pages_link_to_the_help(client, editor_a, partner_a):
    client.force_login(editor_a)
    for url in ("/de/partner-area/welcome/", f"/de/partner-area/partners/{partner_a.slug}/"):
        assert 'href="/de/partner-area/help/"' in client.get(url).content.decode()
