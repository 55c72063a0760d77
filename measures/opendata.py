"""Open data: the published measures as JSON and CSV.

`/api/measures.json` and `/api/measures.csv` take the catalogue's filters
(`q`, `domain`, `district`, `language`, `target_group`, `partner`, `format`,
`free`, `childcare`, `accessible`, `online`, `date_from`, `date_to`). Both
carry the same fields, in this order; the names are stable. In CSV, lists are
joined with "; ", booleans are "true"/"false", empty values are empty cells.

| field | meaning |
|---|---|
| slug | stable identifier of the measure |
| url | the measure's page (German) |
| title_de … title_uk | title per language; empty where not translated |
| summary_de … summary_uk | one or two sentences per language |
| description_de … description_uk | full description per language |
| format | course, counselling, event, group or online |
| life_domains | life domain slugs, e.g. language, work, health, housing |
| target_groups | target group slugs |
| districts | Stuttgart district slugs |
| languages | ISO 639-1 codes of the languages of instruction |
| is_online | takes place online |
| provider | slug of the providing partner |
| provider_name | name of the providing partner |
| cooperating_partners | slugs of co-operating partners |
| venue_name, venue_street, venue_postal_code, venue_city | where it takes place |
| is_free | free of charge |
| cost_amount | cost in euros as a decimal string ("25.00"), empty when free |
| cost_note | note on cost |
| childcare | childcare offered |
| wheelchair_accessible | the venue is wheelchair accessible |
| registration_required | registration is required |
| registration_info | how to register |
| registration_url | link for registration |
| registration_deadline | ISO date |
| contact_email, contact_phone | contact |
| start_date, end_date | ISO dates; empty for ongoing offers |
| schedule | when it takes place, as text |
| valid_until | ISO date after which the measure is withdrawn |
| updated_at | last change, ISO 8601 with time zone |

Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from integration_portal.translation import translated_fields

from .models import Measure, MeasureQuerySet

LICENCE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}
PUBLISHER = "Landeshauptstadt Stuttgart"
# One column per language of settings.LANGUAGES, German first.
TEXT_FIELDS = translated_fields("title", "summary", "description")

FIELDS = [
    "slug",
    "url",
    *TEXT_FIELDS,
    "format",
    "life_domains",
    "target_groups",
    "districts",
    "languages",
    "is_online",
    "provider",
    "provider_name",
    "cooperating_partners",
    "venue_name",
    "venue_street",
    "venue_postal_code",
    "venue_city",
    "is_free",
    "cost_amount",
    "cost_note",
    "childcare",
    "wheelchair_accessible",
    "registration_required",
    "registration_info",
    "registration_url",
    "registration_deadline",
    "contact_email",
    "contact_phone",
    "start_date",
    "end_date",
    "schedule",
    "valid_until",
    "updated_at",
]

# Spreadsheets run cells that begin with these as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def dataset_url() -> str:
    return settings.SITE_URL + reverse("measures_api:json")


def attribution() -> str:
    return f"{PUBLISHER}, {LICENCE['id']} ({LICENCE['url']}), {dataset_url()}"


# relation → what identifies a related object in the data
RELATION_KEYS = {
    "life_domains": "lifedomain__slug",
    "target_groups": "targetgroup__slug",
    "districts": "district__slug",
    "languages": "language__code",
    "cooperating_partners": "partner__slug",
}
CHUNK_SIZE = 2000


def records(queryset: MeasureQuerySet) -> Iterator[dict]:
    """Every measure of `queryset` as a record, a few queries per 2,000 measures.

    The relations are read as plain keys from the link tables: building model
    instances for tens of thousands of related rows would take seconds.
    """
    chunk = []
    for measure in queryset.select_related("provider").iterator(chunk_size=CHUNK_SIZE):
        chunk.append(measure)
        if len(chunk) == CHUNK_SIZE:
            yield from _chunk_records(chunk)
            chunk = []
    yield from _chunk_records(chunk)


def _chunk_records(measures: list[Measure]) -> Iterator[dict]:
    ids = [measure.pk for measure in measures]
    related = {name: defaultdict(list) for name in RELATION_KEYS}
    for name, key in RELATION_KEYS.items():
        through = Measure._meta.get_field(name).remote_field.through
        pairs = through.objects.filter(measure_id__in=ids).order_by(key)
        for measure_id, value in pairs.values_list("measure_id", key):
            related[name][measure_id].append(value)
    for measure in measures:
        yield record(measure, {name: related[name][measure.pk] for name in RELATION_KEYS})


def record(measure: Measure, related: dict[str, list[str]]) -> dict:
    """One measure with the documented field names, in JSON types."""
    with translation.override("de"):
        url = settings.SITE_URL + measure.get_absolute_url()
    texts = {name: getattr(measure, name) for name in TEXT_FIELDS}
    return {
        "slug": measure.slug,
        "url": url,
        **texts,
        "format": measure.format,
        "life_domains": related["life_domains"],
        "target_groups": related["target_groups"],
        "districts": related["districts"],
        "languages": related["languages"],
        "is_online": measure.is_online,
        "provider": measure.provider.slug,
        "provider_name": measure.provider.name,
        "cooperating_partners": related["cooperating_partners"],
        "venue_name": measure.venue_name,
        "venue_street": measure.venue_street,
        "venue_postal_code": measure.venue_postal_code,
        "venue_city": measure.venue_city,
        "is_free": measure.is_free,
        "cost_amount": None if measure.cost_amount is None else str(measure.cost_amount),
        "cost_note": measure.cost_note,
        "childcare": measure.childcare,
        "wheelchair_accessible": measure.wheelchair_accessible,
        "registration_required": measure.registration_required,
        "registration_info": measure.registration_info,
        "registration_url": measure.registration_url,
        "registration_deadline": _iso(measure.registration_deadline),
        "contact_email": measure.contact_email,
        "contact_phone": measure.contact_phone,
        "start_date": _iso(measure.start_date),
        "end_date": _iso(measure.end_date),
        "schedule": measure.schedule_text,
        "valid_until": _iso(measure.valid_until),
        "updated_at": measure.updated_at.isoformat(),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def csv_cell(value: object) -> str:
    """A value as CSV text, defused against formula injection."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = "; ".join(value)
    elif isinstance(value, Decimal):
        text = str(value)
    else:
        text = str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text


def csv_rows(rows: Iterable[dict]) -> Iterator[list[str]]:
    yield FIELDS
    for row in rows:
        yield [csv_cell(row[name]) for name in FIELDS]
