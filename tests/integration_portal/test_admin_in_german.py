"""The admin speaks German to staff throughout: no text of Django's or
allauth's catalogues is left in English where a German translation exists,
and the admin's JavaScript gets its German words too."""

import gettext
import html
import json
import re
from pathlib import Path

import allauth
import django
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client

from integration_portal.models import District, LifeDomain
from integration_portal.roles import PARTNER_EDITOR
from tests.factories import make_editor, make_measure, make_partner

DJANGO = Path(django.__file__).parent
ALLAUTH = Path(allauth.__file__).parent
CATALOGUES = [
    DJANGO / "conf" / "locale",
    DJANGO / "contrib" / "admin" / "locale",
    DJANGO / "contrib" / "auth" / "locale",
    DJANGO / "contrib" / "contenttypes" / "locale",
    ALLAUTH / "locale",
]


def english_texts_german_translates() -> set[str]:
    """Texts of Django's and allauth's catalogues whose German differs: seen in
    English on a German page, they were never translated. Texts with
    placeholders are left out: they appear only filled in."""
    texts = set()
    for folder in CATALOGUES:
        with (folder / "de" / "LC_MESSAGES" / "django.mo").open("rb") as catalogue:
            translations = gettext.GNUTranslations(catalogue)
        for key, german in translations._catalog.items():
            english = key[0] if isinstance(key, tuple) else key
            english = english.split("\x04")[-1]
            # Abbreviations (URL, MFA) read the same in German.
            if not english or german == english or english.isupper() or re.search(r"[%{]", english):
                continue
            texts.add(english)
    return texts


ENGLISH = english_texts_german_translates()


def visible_texts(page: str) -> str:
    """What a reader sees or hears: the text between tags and the labels in
    title, aria-label, placeholder and button values."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    labels = re.findall(r'\b(?:title|aria-label|placeholder)="([^"]*)"', page)
    labels += re.findall(r'<input type="(?:submit|button)"[^>]* value="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", "\n", page)
    return html.unescape("\n".join([text, *labels]))


def english_on(page: str, english_data: tuple[str, ...] = ()) -> list[str]:
    """The catalogues' English texts on `page`, apart from `english_data`
    (English names that staff keep, such as a life domain's)."""
    text = visible_texts(page)
    for data in english_data:
        text = text.replace(data, " ")
    return sorted(
        english
        for english in ENGLISH
        if re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", text)
    )


@pytest.fixture
def admin_objects(staff_user, superuser):
    partner = make_partner(("language",))
    editor = make_editor(partner, "editor@example.org")
    measure = make_measure(partner)
    return {
        "partner": partner.pk,
        "measure": measure.pk,
        "editor": editor.pk,
        "lifedomain": LifeDomain.objects.first().pk,
        "district": District.objects.first().pk,
        "group": Group.objects.get(name=PARTNER_EDITOR).pk,
        "authenticator": Authenticator.objects.filter(user=staff_user).first().pk,
    }


STAFF_PAGES = [
    ("/admin/", None),
    ("/admin/partners/partner/", None),
    ("/admin/partners/partner/add/", None),
    ("/admin/partners/partner/{}/change/", "partner"),
    ("/admin/measures/measure/", None),
    ("/admin/measures/measure/add/", None),
    ("/admin/measures/measure/{}/change/", "measure"),
    ("/admin/integration_portal/lifedomain/", None),
    ("/admin/integration_portal/lifedomain/{}/change/", "lifedomain"),
    ("/admin/integration_portal/district/", None),
    ("/admin/integration_portal/district/{}/change/", "district"),
    ("/admin/integration_portal/user/", None),
    ("/admin/integration_portal/user/add/", None),
    ("/admin/integration_portal/user/{}/change/", "editor"),
]
# Roles and second factors are the superuser's to keep.
SUPERUSER_PAGES = [
    ("/admin/", None),
    ("/admin/auth/group/", None),
    ("/admin/auth/group/{}/change/", "group"),
    ("/admin/integration_portal/user/{}/change/", "editor"),
    ("/admin/mfa/authenticator/", None),
    ("/admin/mfa/authenticator/{}/change/", "authenticator"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "pages"), [("staff_user", STAFF_PAGES), ("superuser", SUPERUSER_PAGES)]
)
def test_the_admin_pages_staff_use_show_no_english_text(request, admin_objects, role, pages):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(request.getfixturevalue(role))
    english_names = tuple(LifeDomain.objects.values_list("name_en", flat=True))
    english_by_page = {}
    for url, key in pages:
        url = url.format(admin_objects[key]) if key else url
        response = client.get(url)
        assert response.status_code == 200, url
        english = english_on(response.content.decode(), english_names)
        if english:
            english_by_page[url] = english
    assert english_by_page == {}


def test_the_check_finds_english_text_where_german_was_due():
    assert "Save and add another" in english_on("<h1>Gruppen</h1><p>Save and add another</p>")
    assert "Change password" in english_on('<a title="Change password">Passwort ändern</a>')
    assert english_on('<input type="submit" value="Delete">') == ["Delete"]
    assert english_on('<option value="group">Gruppe</option><p>Kurzname (URL)</p>') == []
    assert english_on("<td>Work and career</td>", ("Work and career",)) == []


@pytest.mark.django_db
def test_the_admin_javascript_speaks_german(staff_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(staff_user)
    catalogue = json.loads(
        re.search(
            r"const newcatalog = (\{.*?\});", client.get("/admin/jsi18n/").content.decode(), re.S
        )[1]
    )
    # The texts of the two-box selection (life domains, districts) as Django
    # 5.2 words them, which its German catalogue does not translate yet.
    for german in [
        "Alle %s auswählen",
        "Alle %s entfernen",
        "Ausgewählte %s auswählen",
        "Ausgewählte %s entfernen",
        "(zum Leeren klicken)",
        "Alle auswählen",
    ]:
        assert german in catalogue.values()
