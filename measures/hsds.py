"""Open Referral HSDS 3.0: the catalogue in the international shape of
directories of services, read-only under `/api/hsds/`.

Profile (documented for developers on the "Open data" page):

- organizations: the public partners; services: the visible measures, each
  with its organization, schedules, service areas (districts), languages,
  cost options, phones, attributes (life domains) and service_at_locations
  (its venue, or a virtual location for online measures).
- One taxonomy, the life domains; each measure links to its terms through
  attributes. Term codes are the life domain slugs of the open data.
- Texts are German. Identifiers are UUIDs (RFC 9562 version 8) built from the
  kind of object and the database keys, so they never change and every
  detail URL finds its object without a lookup table.
- Lists are paginated as in the HSDS API reference (`page`, `per_page`);
  `full=true` nests every related object in the service list.
"""

import json
import uuid
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.dateparse import parse_datetime
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from integration_portal.models import District, Language, LifeDomain
from partners.models import Partner

from .models import Measure, Schedule

VERSION = "3.0.1"
SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500

# The first 48 bits of every identifier: the portal's own range of version 8 UUIDs.
_SITE_TAG = 0x5354_4249_4E54
_KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_at_location": 4,
    "schedule": 5,
    "service_area": 6,
    "language": 7,
    "taxonomy": 8,
    "taxonomy_term": 9,
    "cost_option": 10,
    "phone": 11,
    "attribute": 12,
    "address": 13,
}
_KEY_BITS = 31
_KEY_MASK = (1 << _KEY_BITS) - 1
TAXONOMY_KEY = 1
RRULE_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def hsds_id(kind: str, key: int, second_key: int = 0) -> str:
    """The stable identifier of an object of `kind` with database key(s)."""
    value = (
        (_SITE_TAG << 80)
        | (8 << 76)
        | (_KINDS[kind] << 64)
        | (0b10 << 62)
        | ((key & _KEY_MASK) << _KEY_BITS)
        | (second_key & _KEY_MASK)
    )
    return str(uuid.UUID(int=value))


def parse_hsds_id(kind: str, text: str) -> tuple[int, int] | None:
    """The database key(s) in an identifier of `kind`; None for any other text."""
    try:
        value = uuid.UUID(text).int
    except ValueError:
        return None
    if value >> 80 != _SITE_TAG or (value >> 76) & 0xF != 8:
        return None
    if (value >> 64) & 0xFFF != _KINDS[kind] or (value >> 62) & 0b11 != 0b10:
        return None
    return (value >> _KEY_BITS) & _KEY_MASK, value & _KEY_MASK


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def _german_url(obj) -> str:
    with translation.override("de"):
        return _absolute(obj.get_absolute_url())


def _compact(data: dict) -> dict:
    """Without empty values: HSDS leaves out what is not known."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


# Taxonomy


def taxonomy() -> dict:
    taxonomy_id = hsds_id("taxonomy", TAXONOMY_KEY)
    return {
        "id": taxonomy_id,
        "name": "Lebensbereiche des Stuttgarter Bündnisses für Integration",
        "description": (
            "Die Lebensbereiche, nach denen das Stuttgarter Bündnis für Integration "
            "seine Angebote ordnet: Sprache, Bildung, Arbeit, Gesundheit, Wohnen, "
            "Familie, Teilhabe und Orientierung."
        ),
        "uri": _absolute(reverse("hsds:taxonomy", kwargs={"id": taxonomy_id})),
        "version": "1",
    }


def taxonomy_term(domain: LifeDomain) -> dict:
    with translation.override("de"):
        catalogue = reverse("measures:catalogue")
    return {
        "id": hsds_id("taxonomy_term", domain.pk),
        "code": domain.slug,
        "name": domain.name_de,
        "description": f"Angebote im Lebensbereich „{domain.name_de}“",
        "taxonomy": "Lebensbereiche",
        "taxonomy_id": hsds_id("taxonomy", TAXONOMY_KEY),
        "language": "de",
        "term_uri": _absolute(f"{catalogue}?domain={domain.slug}"),
    }


# Organizations


def organization(partner: Partner) -> dict:
    data = _compact(
        {
            "id": hsds_id("organization", partner.pk),
            "name": partner.name,
            "email": partner.email,
            "website": partner.website,
            "uri": _german_url(partner),
        }
    )
    # Required by HSDS, even where the partner has written none.
    data["description"] = partner.description_de
    return data


def organization_full(partner: Partner) -> dict:
    data = organization(partner)
    if partner.phone:
        data["phones"] = [
            {
                "id": hsds_id("phone", partner.pk, 1),
                "organization_id": data["id"],
                "number": partner.phone,
            }
        ]
    if partner.street and partner.postal_code:
        location_id = hsds_id("location", partner.pk, 1)
        address = _address(
            location_id,
            hsds_id("address", partner.pk, 1),
            partner.street,
            partner.postal_code,
            partner.city,
        )
        data["locations"] = [
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": data["id"],
                "name": partner.name,
                "addresses": [address],
            }
        ]
    return data


def _address(location_id: str, address_id: str, street: str, postal_code: str, city: str) -> dict:
    return {
        "id": address_id,
        "location_id": location_id,
        "address_1": street,
        "city": city or "Stuttgart",
        "state_province": "Baden-Württemberg",
        "postal_code": postal_code,
        "country": "DE",
        "address_type": "physical",
    }


# Services


def services_queryset():
    """Visible measures with everything a nested service shows, in a fixed number of queries."""
    return (
        Measure.objects.visible()
        .select_related("provider")
        .prefetch_related(
            Prefetch("life_domains", queryset=LifeDomain.objects.order_by("order", "slug")),
            Prefetch("languages", queryset=Language.objects.order_by("order", "code")),
            Prefetch("districts", queryset=District.objects.order_by("name")),
            "schedules",
        )
        .order_by("pk")
    )


def service(measure: Measure) -> dict:
    """A service with its one-to-one fields (the shape of the service list)."""
    return _compact(
        {
            "id": hsds_id("service", measure.pk),
            "organization_id": hsds_id("organization", measure.provider_id),
            "name": measure.title_de,
            "description": measure.description_de,
            "url": _german_url(measure),
            "email": measure.contact_email,
            "status": "active",
            "application_process": measure.registration_info,
            "fees_description": "kostenlos" if measure.is_free else measure.cost_note,
            "assured_date": measure.checked_at.date().isoformat() if measure.checked_at else None,
            "last_modified": measure.updated_at.isoformat(),
        }
    )


def service_full(measure: Measure) -> dict:
    """A service with every related object nested, as `/services/{id}` returns it."""
    data = service(measure)
    service_id = data["id"]
    data["organization"] = organization(measure.provider)
    data["schedules"] = [_schedule(service_id, schedule) for schedule in measure.schedules.all()]
    data["service_areas"] = [
        {
            "id": hsds_id("service_area", measure.pk, district.pk),
            "service_id": service_id,
            "name": district.name,
            "description": f"Stadtbezirk {district.name}, Stuttgart",
        }
        for district in measure.districts.all()
    ]
    data["languages"] = [
        {
            "id": hsds_id("language", measure.pk, language.pk),
            "service_id": service_id,
            "name": language.name_de,
            "code": language.code,
        }
        for language in measure.languages.all()
    ]
    data["attributes"] = [
        {
            "id": hsds_id("attribute", measure.pk, domain.pk),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": hsds_id("taxonomy_term", domain.pk),
            "taxonomy_term": taxonomy_term(domain),
        }
        for domain in measure.life_domains.all()
    ]
    if not measure.is_free and measure.cost_amount is not None:
        data["cost_options"] = [
            _compact(
                {
                    "id": hsds_id("cost_option", measure.pk),
                    "service_id": service_id,
                    "option": measure.cost_note,
                    "currency": "EUR",
                    "amount": float(measure.cost_amount),
                }
            )
        ]
    if measure.contact_phone:
        data["phones"] = [
            {
                "id": hsds_id("phone", measure.pk),
                "service_id": service_id,
                "number": measure.contact_phone,
            }
        ]
    location = _location(measure)
    data["service_at_locations"] = (
        [
            {
                "id": hsds_id("service_at_location", measure.pk),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        ]
        if location
        else []
    )
    return _compact(data)


def _location(measure: Measure) -> dict | None:
    location_id = hsds_id("location", measure.pk)
    if measure.venue_street and measure.venue_postal_code:
        return _compact(
            {
                "id": location_id,
                "location_type": "physical",
                "name": measure.venue_name,
                "addresses": [
                    _address(
                        location_id,
                        hsds_id("address", measure.pk),
                        measure.venue_street,
                        measure.venue_postal_code,
                        measure.venue_city,
                    )
                ],
            }
        )
    if measure.is_online:
        return {
            "id": location_id,
            "location_type": "virtual",
            "name": "Online",
            "url": measure.registration_url or _german_url(measure),
        }
    return None


def _schedule(service_id: str, schedule: Schedule) -> dict:
    """A time of a measure in HSDS's RRULE fields; the German sentence as description."""
    with translation.override("de"):
        description = schedule.describe()
    data = {
        "id": hsds_id("schedule", schedule.pk),
        "service_id": service_id,
        "description": description,
        "opens_at": f"{schedule.start_time:%H:%M}" if schedule.start_time else None,
        "closes_at": f"{schedule.end_time:%H:%M}" if schedule.end_time else None,
        "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
        "valid_to": schedule.valid_until.isoformat() if schedule.valid_until else None,
    }
    if schedule.kind in (Schedule.Kind.WEEKLY, Schedule.Kind.DROP_IN) and schedule.weekdays:
        data["freq"] = "WEEKLY"
        data["byday"] = ",".join(RRULE_WEEKDAYS[day] for day in schedule.weekdays)
    if schedule.kind == Schedule.Kind.WEEKLY:
        first = schedule.first_start()
        data["dtstart"] = first.date().isoformat() if first else None
        data["until"] = data["valid_to"]
        excluded = schedule.excluded_days()
        if excluded:
            data["notes"] = "Keine Termine am " + ", ".join(day.isoformat() for day in excluded)
    elif schedule.kind == Schedule.Kind.SINGLE:
        data["dtstart"] = data["valid_from"]
    return _compact(data)


def service_at_location(measure: Measure) -> dict | None:
    location = _location(measure)
    if location is None:
        return None
    return {
        "id": hsds_id("service_at_location", measure.pk),
        "service_id": hsds_id("service", measure.pk),
        "location_id": location["id"],
        "location": location,
        "service": service(measure),
    }


def parse_modified_after(text: str) -> datetime | None:
    """`modified_after` as an aware datetime; None where it is no ISO 8601 date and time."""
    try:
        value = parse_datetime(text)
    except ValueError:
        return None
    if value is None or value.tzinfo is None:
        return None
    return value


# Schemas


@cache
def _schemas() -> dict[str, dict]:
    found = {}
    for path in [*SCHEMA_DIR.glob("*.json"), *SCHEMA_DIR.glob("compiled/*.json")]:
        with path.open(encoding="utf-8") as file:
            found[path.relative_to(SCHEMA_DIR).as_posix()] = json.load(file)
    return found


def validator(name: str):
    """A validator for the vendored schema `name` (e.g. "service.json"), with its references."""
    schemas = _schemas()
    registry = Registry().with_resources(
        (key, Resource.from_contents(contents, default_specification=DRAFT202012))
        for key, contents in schemas.items()
    )
    return Draft202012Validator(schemas[name], registry=registry, format_checker=FormatChecker())


def page_schema() -> dict:
    """The pagination object of the HSDS API reference."""
    return _schemas()["openapi.json"]["components"]["schemas"]["Page"]
