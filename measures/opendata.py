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

Added in version 2 (the fields above are unchanged):

| field | meaning |
|---|---|
| times | each weekly series, single session or "by appointment", as a German sentence |
| recurrence | each series or session in RFC 5545, parts separated by a space: |
| | "DTSTART;TZID=Europe/Berlin:20270112T090000", for weekly series then |
| | "RRULE:…" and "EXDATE;TZID=Europe/Berlin:…" |
| next_date | start of the next session, ISO 8601 with time zone; empty without times |
| capacity | number of places |
| places_free | places free, as the provider last reported them |
| places_updated_at | when the provider reported places_free, ISO 8601 with time zone |
| registration_status | open, waiting_list, full, any_time (join any time), closed, or empty |
| childcare_age_from, childcare_age_to | ages in years of the children looked after |
| childcare_on_site | the childcare is at the venue, during the sessions |
| german_level_needed, german_level_reached | CEFR level (A1 … C2); empty: none / not stated |
| course_type | federal German course type: integration_parents, literacy, job_related, … |

Licence: Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0).
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation

from integration_portal.translation import translated_fields
from partners.models import Partner

from .caching import catalogue_version
from .models import Measure, MeasureQuerySet, Schedule

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
    "times",
    "recurrence",
    "next_date",
    "capacity",
    "places_free",
    "places_updated_at",
    "registration_status",
    "childcare_age_from",
    "childcare_age_to",
    "childcare_on_site",
    "german_level_needed",
    "german_level_reached",
    "course_type",
]
VERSION = 2

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
    schedules = defaultdict(list)
    for schedule in Schedule.objects.filter(measure_id__in=ids):
        schedules[schedule.measure_id].append(schedule)
    now = timezone.now()
    for measure in measures:
        related_values = {name: related[name][measure.pk] for name in RELATION_KEYS}
        yield record(measure, related_values, schedules[measure.pk], now)


def _recurrence(schedule: Schedule) -> str:
    first = schedule.occurrences(count=1)
    if not first:
        return ""
    parts = [f"DTSTART;TZID=Europe/Berlin:{first[0]:%Y%m%dT%H%M%S}"]
    if schedule.rrule:
        parts.append(f"RRULE:{schedule.rrule}")
        excluded = ",".join(
            f"{day:%Y%m%d}T{schedule.start_time:%H%M%S}" for day in schedule.excluded_days()
        )
        if excluded:
            parts.append(f"EXDATE;TZID=Europe/Berlin:{excluded}")
    return " ".join(parts)


def record(
    measure: Measure,
    related: dict[str, list[str]],
    schedules: list[Schedule] = (),
    now: datetime | None = None,
) -> dict:
    """One measure with the documented field names, in JSON types."""
    now = now or timezone.now()
    with translation.override("de"):
        url = settings.SITE_URL + measure.get_absolute_url()
        times = [schedule.describe() for schedule in schedules]
    upcoming = sorted(
        start for schedule in schedules for start in schedule.occurrences(after=now, count=1)
    )
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
        "times": times,
        "recurrence": [text for text in map(_recurrence, schedules) if text],
        "next_date": upcoming[0].isoformat() if upcoming else None,
        "capacity": measure.capacity,
        "places_free": measure.places_free,
        "places_updated_at": _iso(measure.places_updated_at),
        "registration_status": measure.registration_status,
        "childcare_age_from": measure.childcare_age_from,
        "childcare_age_to": measure.childcare_age_to,
        "childcare_on_site": measure.childcare_on_site,
        "german_level_needed": measure.german_level_needed,
        "german_level_reached": measure.german_level_reached,
        "course_type": measure.course_type,
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


def catalogue_state(request: HttpRequest) -> dict:
    """When the open catalogue last changed and a tag of its current state,
    for conditional GET on the feeds that show the whole of it (HSDS, DCAT).
    Computed once per request: the `condition` decorator asks twice."""
    if not hasattr(request, "_open_catalogue_state"):
        measures = Measure.objects.visible().order_by()
        state = measures.aggregate(
            count=Count("pk"),
            measures_changed=Max("updated_at"),
            providers_changed=Max("provider__updated_at"),
        )
        partners = (
            Partner.objects.public()
            .order_by()
            .aggregate(partner_count=Count("pk"), partners_changed=Max("updated_at"))
        )
        changed = [
            value
            for value in (
                state["measures_changed"],
                state["providers_changed"],
                partners["partners_changed"],
            )
            if value
        ]
        last_modified = max(changed) if changed else None
        # The taxonomy has no dates of its own: its changes raise the catalogue's
        # version. A measure leaves the catalogue by its date alone: the day counts too.
        version = "|".join(
            str(part)
            for part in (
                request.path,
                request.GET.urlencode(),
                timezone.localdate(),
                catalogue_version(),
                state["count"],
                partners["partner_count"],
                last_modified,
            )
        )
        request._open_catalogue_state = {
            "last_modified": last_modified,
            "etag": hashlib.sha256(version.encode()).hexdigest()[:32],
        }
    return request._open_catalogue_state


def catalogue_etag(request: HttpRequest, *args, **kwargs) -> str:
    return catalogue_state(request)["etag"]


def catalogue_last_modified(request: HttpRequest, *args, **kwargs) -> datetime | None:
    return catalogue_state(request)["last_modified"]
