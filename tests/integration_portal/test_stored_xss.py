"""Stored HTML and script in the texts of partners and measures stay text.

Every free-text field of the partner and measure models (found through
`_meta`, so that a field added later is filled and checked too) holds markup
with a marker of its own. The texts are stored through the ORM, past the forms'
validators, as the CSV import, the admin or a data fix could store them. Then
every page that shows them, as the role that sees it, must show them escaped;
the open data must give them back unchanged with a content type that no browser
renders as a page; and the CSV files must keep spreadsheets from running
them as formulas.

Counselling pages and emails are not swept: `counselling` imports neither
`partners` nor `measures`, so they cannot show a partner's or a measure's text.
"""

import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from icalendar import Calendar

from integration_portal.audit import log_action
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from measures import opendata
from measures.forms import MeasureForm
from measures.models import Measure, MeasureRevision
from partners.csv_io import COLUMN_TITLES as PARTNER_CSV_TITLES
from partners.csv_io import TEXT_COLUMNS as PARTNER_CSV_COLUMNS
from partners.forms import PartnerProfileForm
from partners.models import ContactPerson, Partner, PartnerMembership, PartnerRevision

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
FORMULA_STARTS = ("=", "+", "-", "@")
JAVASCRIPT_LINK = re.compile(
    r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I
)
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields of `model` a person can type any text into.

    Left out, because they cannot hold free text: fields with choices (sector,
    format, status, membership role) hold one of a fixed list; slugs are
    letters, digits and hyphens, checked by the admin and the CSV import and
    required by the URL patterns; generated columns (search vector, normalised
    title) are computed by PostgreSQL from the texts, and the columns the portal
    writes itself (`editable=False`, such as the parts of German compounds the
    search keeps) are derived from them; the logo is a file path
    chosen by the storage. The editors' unpublished changes (the revisions'
    JSON values) are filled separately, see `pending_fields` and `profile_fields`.
    """
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.CharField | models.TextField)
        and not isinstance(model_field, models.SlugField)
        and not model_field.choices
        and not model_field.generated
        and model_field.editable
    ]


def pending_fields() -> list[models.Field]:
    """The free-text fields of a measure an editor can change once it is published."""
    return [
        model_field
        for model_field in free_text_fields(Measure)
        if model_field.name in MeasureForm.base_fields
    ]


def profile_fields() -> list[models.Field]:
    """The free-text fields of a partner's profile its editors can change."""
    return [
        model_field
        for model_field in free_text_fields(Partner)
        if model_field.name in PartnerProfileForm.base_fields
    ]


@dataclass(frozen=True)
class Payload:
    """Markup stored in one field: `text` as stored, `raw` the piece that must
    never reach a page unescaped."""

    key: str
    text: str
    raw: str

    @property
    def escaped(self) -> str:
        return escape(self.text)


def html_payload(key: str, number: int, model_field: models.Field) -> Payload:
    """The longest script payload that fits the column, marked with `key` or `number`."""
    candidates = [
        (
            f'<script>alert("xss-{key}")</script><img src=x onerror=alert(1)>"\'&',
            f'<script>alert("xss-{key}")',
        ),
        (f"<script>alert({number})</script>\"'&", f"<script>alert({number})"),
        (f"<i id={number}>", f"<i id={number}>"),
    ]
    if isinstance(model_field, models.URLField):
        # A link must never run script, however the address was stored.
        candidates.insert(
            0, (f'javascript:alert("xss-{key}")//{candidates[0][0]}', candidates[0][1])
        )
    for text, raw in candidates:
        if model_field.max_length is None or len(text) <= model_field.max_length:
            return Payload(key, text, raw)
    raise AssertionError(f"no payload fits {key}")


def revision_payloads(fields, label: str, numbers: itertools.count) -> dict[str, Payload]:
    return {
        model_field.name: html_payload(f"{label}.{model_field.name}", next(numbers), model_field)
        for model_field in fields
    }


def formula_text(number: int, model_field: models.Field) -> str:
    """A value a spreadsheet would run as a formula, starting with = + - or @ in turn."""
    start = FORMULA_STARTS[number % len(FORMULA_STARTS)]
    for text in (f'{start}HYPERLINK("https://evil.example/{number}")', f"{start}{number}+1"):
        if model_field.max_length is None or len(text) <= model_field.max_length:
            return text
    raise AssertionError(f"no formula fits {model_field.name}")


def fill_with_markup(obj: models.Model, label: str, numbers: itertools.count) -> dict[str, Payload]:
    """Store a payload in every free-text field of `obj`; keys are `label.field`."""
    payloads = {}
    for model_field in free_text_fields(type(obj)):
        payload = html_payload(f"{label}.{model_field.name}", next(numbers), model_field)
        setattr(obj, model_field.name, payload.text)
        payloads[payload.key] = payload
    obj.save()
    return payloads


def fill_with_formulas(obj: models.Model, numbers: itertools.count) -> None:
    for model_field in free_text_fields(type(obj)):
        setattr(obj, model_field.name, formula_text(next(numbers), model_field))
    obj.save()


def keys(label: str, names) -> set[str]:
    return {f"{label}.{name}" for name in names}


def names(fields: list[models.Field]) -> list[str]:
    return [model_field.name for model_field in fields]


def create_measure(partner: Partner, slug: str, **fields) -> Measure:
    """A measure of `partner` in German courses in Mitte, with placeholder texts."""
    measure = Measure.objects.create(
        slug=slug,
        title_de="Platzhalter",
        summary_de="Platzhalter",
        description_de="Platzhalter",
        provider=partner,
        **fields,
    )
    measure.life_domains.set(LifeDomain.objects.filter(slug="language"))
    measure.districts.set(District.objects.filter(slug="mitte"))
    measure.languages.set(Language.objects.filter(code="de"))
    measure.target_groups.set(TargetGroup.objects.all()[:1])
    return measure


@dataclass
class Sweep:
    """The partner with profile changes in review, its contact, a published
    measure with changes in review, a submitted measure and a draft sent back,
    every free text and every comment of the audit trail holding markup."""

    partner: Partner
    measure: Measure
    submitted: Measure
    sent_back: Measure
    payloads: dict[str, Payload]


@pytest.fixture
def sweep(partner_a) -> Sweep:
    numbers = itertools.count(10)
    payloads = fill_with_markup(partner_a, "partner", numbers)
    partner_a.district = District.objects.get(slug="mitte")
    partner_a.save()
    partner_a.life_domains.set(LifeDomain.objects.filter(slug="language"))
    contact = ContactPerson.objects.create(partner=partner_a, name="Platzhalter")
    payloads |= fill_with_markup(contact, "contact", numbers)

    today = timezone.localdate()
    measure = create_measure(
        partner_a,
        "xss-course",
        format=Measure.Format.COURSE,
        status=Measure.Status.PUBLISHED,
        start_date=today + timedelta(days=7),
        end_date=today + timedelta(days=60),
        registration_required=True,
        childcare=True,
    )
    measure.cooperating_partners.set([partner_a])
    payloads |= fill_with_markup(measure, "measure", numbers)
    pending = revision_payloads(pending_fields(), "pending", numbers)
    MeasureRevision.objects.create(
        measure=measure,
        number=1,
        values={name: payload.text for name, payload in pending.items()},
        submitted_at=timezone.now(),
    )
    payloads |= {payload.key: payload for payload in pending.values()}
    profile = revision_payloads(profile_fields(), "profile", numbers)
    PartnerRevision.objects.create(
        partner=partner_a,
        number=1,
        values={name: payload.text for name, payload in profile.items()},
        submitted_at=timezone.now(),
    )
    payloads |= {payload.key: payload for payload in profile.values()}
    # Comments of earlier decisions in the audit trail.
    for obj, label, action in (
        (measure, "measure", "measure.changes_sent_back"),
        (partner_a, "partner", "partner.profile_sent_back"),
    ):
        comment = html_payload(f"trail.{label}", next(numbers), models.TextField())
        log_action(obj, action, None, revision=1, comment=comment.text)
        payloads[comment.key] = comment

    submitted = create_measure(
        partner_a,
        "xss-group",
        format=Measure.Format.GROUP,
        status=Measure.Status.SUBMITTED,
        is_free=False,
        cost_amount=25,
    )
    payloads |= fill_with_markup(submitted, "submitted", numbers)
    MeasureRevision.objects.create(measure=submitted, number=1, submitted_at=timezone.now())

    sent_back = create_measure(partner_a, "xss-draft", format=Measure.Format.EVENT)
    payloads |= fill_with_markup(sent_back, "sent_back", numbers)
    revision = MeasureRevision(
        measure=sent_back, number=1, status="sent_back", submitted_at=timezone.now()
    )
    payloads |= fill_with_markup(revision, "revision", numbers)
    return Sweep(partner_a, measure, submitted, sent_back, payloads)


def assert_shown_as_text(html: str, sweep: Sweep, shown: set[str]) -> None:
    """No stored markup is live in `html`; the texts in `shown` appear escaped."""
    live = [payload.key for payload in sweep.payloads.values() if payload.raw in html]
    assert not live, f"stored markup rendered as HTML: {live}"
    assert "<img src=x onerror" not in html
    assert not JAVASCRIPT_LINK.search(html), "a stored javascript: URL became a link"
    assert shown <= sweep.payloads.keys(), shown - sweep.payloads.keys()
    missing = sorted(key for key in shown if sweep.payloads[key].escaped not in html)
    assert not missing, f"not shown (escaped) on the page: {missing}"


# Public pages, in every UI language


def public_pages(sweep: Sweep, language: str) -> dict[str, tuple[str, set[str]]]:
    """name → (URL, payload keys the page shows) for an anonymous visitor.

    The stored `javascript:` addresses (website, registration link) are no web
    addresses, so no page links them.
    """
    listing = keys("measure", [f"title_{language}", f"summary_{language}"]) | {"partner.name"}
    directory_entry = keys("partner", ["name", f"description_{language}"])
    with translation.override(language):
        catalogue = reverse("measures:catalogue")
        directory = reverse("partners:directory")
        return {
            "home": (reverse("home"), set()),
            "catalogue": (catalogue, listing),
            "catalogue-search": (f"{catalogue}?q=alert", listing),
            "catalogue-facets": (
                f"{catalogue}?partner={sweep.partner.slug}&domain=language&district=mitte"
                "&language=de&format=course&childcare=1&sort=title",
                listing,
            ),
            "measure-detail": (
                sweep.measure.get_absolute_url(),
                listing
                | keys(
                    "measure",
                    [
                        f"description_{language}",
                        "venue_name",
                        "venue_street",
                        "venue_postal_code",
                        "venue_city",
                        "cost_note",
                        "schedule_text",
                        "registration_info",
                        "contact_email",
                        "contact_phone",
                    ],
                ),
            ),
            "partner-directory": (directory, directory_entry),
            "partner-directory-filtered": (
                f"{directory}?sector={sweep.partner.sector}&domain=language&district=mitte",
                directory_entry,
            ),
            "partner-profile": (
                sweep.partner.get_absolute_url(),
                directory_entry
                | keys("partner", ["street", "postal_code", "city", "email", "phone"])
                | keys("measure", [f"title_{language}"]),
            ),
        }


PUBLIC_PAGES = [
    "home",
    "catalogue",
    "catalogue-search",
    "catalogue-facets",
    "measure-detail",
    "partner-directory",
    "partner-directory-filtered",
    "partner-profile",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_name", PUBLIC_PAGES)
def test_public_pages_show_stored_markup_as_text(client, sweep, page_name, language):
    url, shown = public_pages(sweep, language)[page_name]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_shown_as_text(response.content.decode(), sweep, shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_measures_json_ld_cannot_close_its_script_element(client, sweep, language):
    url, _shown = public_pages(sweep, language)["measure-detail"]
    (block,) = JSON_LD.findall(client.get(url).content.decode())
    assert "<" not in block and ">" not in block
    assert "\\u003c" in block
    data = json.loads(block)
    assert data["name"] == getattr(sweep.measure, f"title_{language}")
    assert data["description"] == getattr(sweep.measure, f"summary_{language}")
    assert data["provider"]["name"] == sweep.partner.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partners_json_ld_cannot_close_its_script_element(client, sweep, language):
    url, _shown = public_pages(sweep, language)["partner-profile"]
    (block,) = JSON_LD.findall(client.get(url).content.decode())
    assert "<" not in block and ">" not in block
    assert "\\u003c" in block.lower()
    data = json.loads(block)
    assert data["name"] == sweep.partner.name
    assert data["description"] == getattr(sweep.partner, f"description_{language}")
    assert data["address"]["streetAddress"] == sweep.partner.street


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_calendar_file_carries_the_texts_as_plain_text(client, sweep, language):
    with translation.override(language):
        url = reverse("measures:calendar", args=[sweep.measure.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["X-Content-Type-Options"] == "nosniff"
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    measure = sweep.measure
    assert str(event["SUMMARY"]) == getattr(measure, f"title_{language}")
    assert str(event["DESCRIPTION"]) == (
        f"{getattr(measure, f'summary_{language}')}\n\n{measure.schedule_text}"
    )
    assert str(event["LOCATION"]).startswith(f"{measure.venue_name}, {measure.venue_street}")


def test_the_sitemap_is_well_formed_and_lists_the_measure(client, sweep):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 -- the portal's own output
    locations = [element.text for element in root.iter() if element.tag.endswith("}loc")]
    assert any(location.endswith(f"/measures/{sweep.measure.slug}/") for location in locations)
    assert_shown_as_text(response.content.decode(), sweep, set())


@pytest.mark.parametrize(
    ("address", "linked"),
    [
        ("https://verein.example/anmeldung?kurs=1", True),
        ("http://verein.example/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
    ],
)
def test_only_web_addresses_become_links(client, partner_a, address, linked):
    partner_a.website = address
    partner_a.save()
    measure = create_measure(
        partner_a, "anmeldung", format=Measure.Format.COURSE, status=Measure.Status.PUBLISHED
    )
    measure.registration_url = address
    measure.save()
    for url in (measure.get_absolute_url(), partner_a.get_absolute_url()):
        html = client.get(url).content.decode()
        assert (f'href="{escape(address)}"' in html) is linked, url
        assert not JAVASCRIPT_LINK.search(html)
        assert not re.search(r"""href\s*=\s*["']?\s*(?:data|vbscript|java\s*script):""", html, re.I)


# Pages of the partner area, the review and the admin, as the role that uses them


def signed_in_pages(sweep: Sweep) -> dict[str, tuple[str, str, set[str]]]:
    """name → (role, URL, payload keys the page shows)."""
    partner, measure, submitted = sweep.partner, sweep.measure, sweep.submitted
    measure_texts = names(free_text_fields(Measure))
    pending = names(pending_fields())
    profile = names(profile_fields())
    return {
        "partner-area": (
            "editor",
            reverse("measures:partner_area"),
            {"partner.name", "measure.title_de", "submitted.title_de"},
        ),
        # The form starts from the profile changes waiting for review.
        "partner-area-profile": (
            "editor",
            reverse("partner_profiles:edit", args=[partner.slug]),
            {"partner.name", "trail.partner"} | keys("profile", profile),
        ),
        "partner-area-new-measure": (
            "editor",
            reverse("measures:partner_measure_create", args=[partner.slug]),
            {"partner.name"},
        ),
        "partner-area-measure": (
            "editor",
            reverse("measures:partner_measure", args=[measure.pk]),
            {"partner.name", "trail.measure"} | keys("measure", ["title_de", "summary_de"]),
        ),
        "partner-area-submitted-measure": (
            "editor",
            reverse("measures:partner_measure", args=[submitted.pk]),
            {"partner.name"} | keys("submitted", ["title_de", "summary_de"]),
        ),
        "partner-area-sent-back-measure": (
            "editor",
            reverse("measures:partner_measure", args=[sweep.sent_back.pk]),
            {"partner.name", "revision.comment"} | keys("sent_back", ["title_de", "summary_de"]),
        ),
        # The form starts from the changes waiting for review.
        "partner-area-measure-edit": (
            "editor",
            reverse("measures:partner_measure_edit", args=[measure.pk]),
            {"partner.name"} | keys("pending", pending),
        ),
        "review-queue": (
            "staff",
            reverse("review:queue"),
            {"partner.name", "measure.title_de", "submitted.title_de"},
        ),
        "review-changes": (
            "staff",
            reverse("review:detail", args=[measure.pk]),
            {"partner.name", "trail.measure"}
            | keys("measure", ["title_de", *pending])
            | keys("pending", pending),
        ),
        "review-partner-profile": (
            "staff",
            reverse("review:partner", args=[partner.pk]),
            {"partner.name", "trail.partner"} | keys("partner", profile) | keys("profile", profile),
        ),
        "review-new-measure": (
            "staff",
            reverse("review:detail", args=[submitted.pk]),
            {"partner.name"}
            | keys("submitted", ["title_de", "summary_de", "description_de", "cost_note"]),
        ),
        "dashboard": ("staff", reverse("dashboard:matrix"), set()),
        "admin-partner-list": (
            "staff",
            reverse("admin:partners_partner_changelist"),
            {"partner.name"},
        ),
        "admin-partner-search": (
            "staff",
            reverse("admin:partners_partner_changelist") + "?q=onerror",
            {"partner.name"},
        ),
        "admin-partner-change": (
            "staff",
            reverse("admin:partners_partner_change", args=[partner.pk]),
            keys("partner", names(free_text_fields(Partner)))
            | keys("contact", names(free_text_fields(ContactPerson)))
            | {"trail.partner"},
        ),
        "admin-partner-history": (
            "staff",
            reverse("admin:partners_partner_history", args=[partner.pk]),
            {"partner.name"},
        ),
        "admin-partner-delete": (
            "superuser",
            reverse("admin:partners_partner_delete", args=[partner.pk]),
            {"partner.name", "measure.title_de", "submitted.title_de"},
        ),
        "admin-partner-invite": (
            "superuser",
            reverse("admin:partners_partner_invite", args=[partner.pk]),
            {"partner.name"},
        ),
        "admin-measure-list": (
            "staff",
            reverse("admin:measures_measure_changelist"),
            {"partner.name", "measure.title_de", "submitted.title_de"},
        ),
        "admin-measure-search": (
            "staff",
            reverse("admin:measures_measure_changelist") + "?q=onerror",
            {"partner.name", "measure.title_de", "submitted.title_de"},
        ),
        "admin-measure-change": (
            "staff",
            reverse("admin:measures_measure_change", args=[measure.pk]),
            {"partner.name", "trail.measure"} | keys("measure", measure_texts),
        ),
        "admin-measure-history": (
            "staff",
            reverse("admin:measures_measure_history", args=[measure.pk]),
            {"measure.title_de"},
        ),
        "admin-measure-delete": (
            "superuser",
            reverse("admin:measures_measure_delete", args=[measure.pk]),
            {"measure.title_de"},
        ),
    }


SIGNED_IN_PAGES = [
    "partner-area",
    "partner-area-profile",
    "partner-area-new-measure",
    "partner-area-measure",
    "partner-area-submitted-measure",
    "partner-area-sent-back-measure",
    "partner-area-measure-edit",
    "review-queue",
    "review-changes",
    "review-partner-profile",
    "review-new-measure",
    "dashboard",
    "admin-partner-list",
    "admin-partner-search",
    "admin-partner-change",
    "admin-partner-history",
    "admin-partner-delete",
    "admin-partner-invite",
    "admin-measure-list",
    "admin-measure-search",
    "admin-measure-change",
    "admin-measure-history",
    "admin-measure-delete",
]


@pytest.fixture
def users(editor_a, staff_user, superuser) -> dict:
    """The editor of the swept partner (partner A); staff and superuser with
    their second factor, as tests/conftest.py sets them up."""
    return {"editor": editor_a, "staff": staff_user, "superuser": superuser}


@pytest.mark.parametrize("page_name", SIGNED_IN_PAGES)
def test_signed_in_pages_show_stored_markup_as_text(client, sweep, users, page_name):
    role, url, shown = signed_in_pages(sweep)[page_name]
    client.force_login(users[role])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_shown_as_text(response.content.decode(), sweep, shown)


def test_the_admins_send_back_step_shows_stored_markup_as_text(client, sweep, users):
    client.force_login(users["staff"])
    response = client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "send_back", "_selected_action": [sweep.measure.pk, sweep.submitted.pk]},
    )
    assert response.status_code == 200
    assert_shown_as_text(
        response.content.decode(),
        sweep,
        {"partner.name", "measure.title_de", "submitted.title_de"},
    )


def test_every_page_list_names_each_page_once(sweep):
    assert sorted(PUBLIC_PAGES) == sorted(public_pages(sweep, "de"))
    assert sorted(SIGNED_IN_PAGES) == sorted(signed_in_pages(sweep))


def test_the_sweep_fills_every_kind_of_free_text():
    """The field list comes from `_meta`; this guards the filter that builds it."""
    partner = set(names(free_text_fields(Partner)))
    measure = set(names(free_text_fields(Measure)))
    assert {"name", "description_uk", "website", "email", "phone", "postal_code"} <= partner
    assert {"slug", "sector", "logo"}.isdisjoint(partner)
    assert set(names(free_text_fields(ContactPerson))) == {"name", "function", "email", "phone"}
    assert {f"title_{code}" for code in LANGUAGES} <= measure
    assert {"registration_url", "contact_email", "schedule_text"} <= measure
    assert {"slug", "format", "status", "title_normalised"}.isdisjoint(measure)
    assert free_text_fields(PartnerMembership) == []
    assert names(free_text_fields(MeasureRevision)) == ["comment"]
    assert names(free_text_fields(PartnerRevision)) == ["comment"]
    assert {"venue_name", "description_ar"} <= set(names(pending_fields()))
    assert {"website", "description_uk"} <= set(names(profile_fields()))


# Open data and CSV files


def test_measures_json_gives_the_stored_texts_back_unchanged(client, sweep):
    response = client.get(reverse("measures_api:json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    (record,) = [item for item in response.json()["measures"] if item["slug"] == "xss-course"]
    measure = sweep.measure
    public_texts = [name for name in opendata.FIELDS if name in names(free_text_fields(Measure))]
    assert len(public_texts) > 20
    for name in public_texts:
        assert record[name] == getattr(measure, name), name
    assert record["schedule"] == measure.schedule_text
    assert record["provider_name"] == sweep.partner.name


def test_partners_json_gives_the_stored_texts_back_unchanged(client, sweep):
    response = client.get(reverse("partners_api:partners_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    (record,) = response.json()["partners"]
    partner = sweep.partner
    for name in ("name", "website", "email", "phone", "street", "postal_code", "city"):
        assert record[name] == getattr(partner, name), name
    for code in LANGUAGES:
        assert record["description"][code] == getattr(partner, f"description_{code}")


@pytest.fixture
def formulas(sweep) -> tuple[Partner, Measure]:
    """A second public partner and published measure whose every free text a
    spreadsheet would run as a formula."""
    numbers = itertools.count(1)
    partner = Partner.objects.create(
        name="Platzhalter", slug="formula-partner", sector=Partner.Sector.BUSINESS
    )
    fill_with_formulas(partner, numbers)
    measure = create_measure(
        partner, "formula-measure", format=Measure.Format.EVENT, status=Measure.Status.PUBLISHED
    )
    fill_with_formulas(measure, numbers)
    return partner, measure


def read_csv(response, delimiter: str = ",") -> list[dict[str, str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(
        csv.DictReader(io.StringIO(text.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    )


def assert_no_cell_starts_a_formula(rows: list[dict[str, str]]) -> None:
    cells = [
        (row_number, name, value)
        for row_number, row in enumerate(rows)
        for name, value in row.items()
    ]
    formulas = [(row, name) for row, name, value in cells if value.startswith(FORMULA_STARTS)]
    assert not formulas, f"cells a spreadsheet would run: {formulas}"


def test_measures_csv_keeps_markup_as_text_and_defuses_formulas(client, sweep, formulas):
    _partner, formula_measure = formulas
    response = client.get(reverse("measures_api:csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = {row["slug"]: row for row in read_csv(response)}
    texts = [name for name in opendata.FIELDS if name in names(free_text_fields(Measure))]
    for name in texts:
        assert rows["xss-course"][name] == getattr(sweep.measure, name), name
        assert rows["formula-measure"][name] == "'" + getattr(formula_measure, name), name
    assert rows["formula-measure"]["provider_name"] == "'" + formula_measure.provider.name
    assert rows["formula-measure"]["schedule"] == "'" + formula_measure.schedule_text
    assert_no_cell_starts_a_formula(list(rows.values()))


def test_partners_csv_export_keeps_markup_as_text_and_defuses_formulas(
    client, sweep, users, formulas
):
    formula_partner, _measure = formulas
    client.force_login(users["staff"])
    response = client.get(reverse("admin:partners_partner_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    # The staff's export is for German spreadsheets: semicolons, German column titles.
    column_of = {title: column for column, title in PARTNER_CSV_TITLES.items()}
    rows = {
        row["slug"]: row
        for row in (
            {column_of[title]: value for title, value in row.items()}
            for row in read_csv(response, delimiter=";")
        )
    }
    texts = [name for name in PARTNER_CSV_COLUMNS if name in names(free_text_fields(Partner))]
    assert len(texts) > 10
    for name in texts:
        assert rows[sweep.partner.slug][name] == getattr(sweep.partner, name), name
        assert rows["formula-partner"][name] == "'" + getattr(formula_partner, name), name
    assert_no_cell_starts_a_formula(list(rows.values()))
