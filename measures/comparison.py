"""Another city's HSDS feed, imported to compare coverage per life domain.

The feed is a page of the HSDS API's service list with nested services
(`/services?full=true`: an object with `contents`) or a plain JSON list of
services. Each service must validate against the HSDS 3.0 service schema. A
service counts for a life domain where one of its attributes names a
taxonomy term whose code is the life domain's slug (the codes of our own
taxonomy, `/api/hsds/taxonomy_terms`) or whose name is its German or English
name. The services land in comparison tables of their own, never in the
catalogue; a city's earlier import is replaced in the same transaction, so a
failed import leaves the previous one as it was.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from integration_portal.models import LifeDomain

from . import hsds
from .models import (
    ComparisonCity,
    ComparisonService,
    life_domains_counted,
    offers_per_life_domain,
)


class FeedError(Exception):
    """The feed cannot be imported; the message says why, for the person importing it."""


def read_source(source: str) -> bytes:
    """The feed's bytes from an http(s) URL or a file, refusing more than the limit."""
    limit = settings.HSDS_IMPORT_MAX_BYTES
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})  # noqa: S310 -- the scheme is checked above
        try:
            with urllib.request.urlopen(  # noqa: S310 -- scheme checked above  # nosec B310
                request, timeout=settings.HSDS_IMPORT_TIMEOUT_SECONDS
            ) as answer:
                content = answer.read(limit + 1)
        except TimeoutError:
            raise FeedError(
                f"The server did not answer within {settings.HSDS_IMPORT_TIMEOUT_SECONDS} seconds."
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise FeedError(
                    f"The server did not answer within "
                    f"{settings.HSDS_IMPORT_TIMEOUT_SECONDS} seconds."
                ) from None
            raise FeedError(f"The feed could not be fetched: {error.reason}.") from None
    else:
        path = Path(source)
        if not path.is_file():
            raise FeedError(f"There is no file {source}.")
        with path.open("rb") as file:
            content = file.read(limit + 1)
    if len(content) > limit:
        raise FeedError(
            f"The feed is larger than the limit of {limit:,} bytes (HSDS_IMPORT_MAX_BYTES)."
        )
    return content


def parse_services(content: bytes) -> list[dict]:
    """The services of the feed, each checked against the HSDS 3.0 service schema."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FeedError(
            f"The feed is not UTF-8 text (byte {error.start}); HSDS feeds are JSON in UTF-8."
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FeedError(f"The feed is not JSON: {error.msg} at line {error.lineno}.") from None
    services = data.get("contents") if isinstance(data, dict) else data
    if not isinstance(services, list):
        raise FeedError(
            "The feed is neither a page of the HSDS service list (an object with "
            '"contents") nor a list of services.'
        )
    validator = hsds.validator("service.json")
    for number, service in enumerate(services, start=1):
        error = next(iter(validator.iter_errors(service)), None)
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path) or "the service"
            raise FeedError(
                f"Service {number} does not follow the HSDS 3.0 schema: {where}: {error.message}"
            )
    return services


def _domain_lookup() -> dict[str, LifeDomain]:
    lookup = {}
    for domain in LifeDomain.objects.all():
        for key in (domain.slug, domain.name_de, domain.name_en):
            if key:
                lookup[key.casefold()] = domain
    return lookup


def _domains_of(service: dict, lookup: dict[str, LifeDomain]) -> set[LifeDomain]:
    found = set()
    for attribute in service.get("attributes", []):
        term = attribute.get("taxonomy_term") or {}
        for key in (term.get("code"), term.get("name")):
            if key and key.casefold() in lookup:
                found.add(lookup[key.casefold()])
    return found


@transaction.atomic
def import_feed(services: list[dict], city: str, population: int, source: str) -> ComparisonCity:
    """Replaces the comparison set of `city` with `services`, all or nothing."""
    ids = [service["id"] for service in services]
    if len(set(ids)) != len(ids):
        raise FeedError("The feed names a service id twice.")
    ComparisonCity.objects.filter(name=city).delete()
    comparison = ComparisonCity.objects.create(
        name=city, population=population, source=source, imported_at=timezone.now()
    )
    lookup = _domain_lookup()
    created = ComparisonService.objects.bulk_create(
        ComparisonService(city=comparison, hsds_id=service["id"], name=service["name"][:500])
        for service in services
    )
    links = ComparisonService.life_domains.through
    links.objects.bulk_create(
        links(comparisonservice_id=row.pk, lifedomain_id=domain.pk)
        for row, service in zip(created, services, strict=True)
        for domain in _domains_of(service, lookup)
    )
    return comparison


@dataclass
class CoverageRow:
    domain: LifeDomain
    stuttgart: int
    stuttgart_per_100k: float
    others: list[tuple[int, float]]


def coverage() -> tuple[list[ComparisonCity], list[CoverageRow]]:
    """Offers per life domain, as counts and per 100,000 residents: Stuttgart's
    visible measures beside each comparison city's services."""
    cities = list(ComparisonCity.objects.order_by("name"))
    domains = life_domains_counted(offers_per_life_domain())
    links = ComparisonService.life_domains.through.objects.filter(
        comparisonservice__city__in=cities
    )
    counts = {
        (row["comparisonservice__city"], row["lifedomain"]): row["count"]
        for row in links.values("comparisonservice__city", "lifedomain")
        .order_by()
        .annotate(count=Count("pk"))
    }
    rows = [
        CoverageRow(
            domain=domain,
            stuttgart=domain.measure_count,
            stuttgart_per_100k=per_100k(domain.measure_count, settings.STUTTGART_POPULATION),
            others=[
                (
                    counts.get((city.pk, domain.pk), 0),
                    per_100k(counts.get((city.pk, domain.pk), 0), city.population),
                )
                for city in cities
            ],
        )
        for domain in domains
    ]
    return cities, rows


def per_100k(count: int, population: int) -> float:
    return round(count * 100_000 / population, 1)
