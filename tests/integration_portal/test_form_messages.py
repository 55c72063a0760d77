"""Django's and allauth's default messages speak in the portal's words, in every language."""

import gettext
from pathlib import Path

import allauth
import django
import pytest
from django.utils import translation

from integration_portal.form_messages import DEFAULT_MESSAGES

LANGUAGES = ["de", "en", "tr", "ar", "uk"]


def _their_catalogue(package, language: str) -> gettext.NullTranslations:
    root = Path(package.__file__).parent
    locale = root / "conf" / "locale" if package is django else root / "locale"
    return gettext.translation("django", localedir=locale, languages=[language], fallback=True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("message", DEFAULT_MESSAGES)
def test_every_default_message_has_the_portals_own_wording(language, message):
    with translation.override(language):
        ours = translation.gettext(message)
    theirs = {_their_catalogue(package, language).gettext(message) for package in (django, allauth)}

    assert ours.strip()
    if language != "en":
        assert ours != message, f"{message!r} is not translated into {language}"
    if language == "de":
        # Django's and allauth's German: "zwingend erforderlich", "du".
        assert ours not in theirs - {message}, f"{message!r} keeps the library's wording"


@pytest.mark.django_db
def test_an_empty_form_says_please_instead_of_djangos_mandatory_field(client):
    response = client.post("/de/feedback/", {"message": "", "email": "keine-adresse"})

    page = response.content.decode()
    assert "Bitte füllen Sie dieses Feld aus." in page
    assert "Bitte geben Sie eine gültige E-Mail-Adresse an" in page
    assert "zwingend erforderlich" not in page
    assert "keine-adresse" in page, "what she typed is kept"


@pytest.mark.django_db
def test_a_wrong_password_is_told_in_the_portals_voice(client, editor_a):
    response = client.post(
        "/de/accounts/login/", {"login": editor_a.email, "password": "not-the-password"}
    )

    page = response.content.decode()
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in page
    assert "leider falsch" not in page
