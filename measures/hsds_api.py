"""The read-only HSDS 3.0 API (see measures/hsds.py for the profile).

Every response allows any origin, names the licence in a `Link` header and
answers conditional requests (ETag, Last-Modified) from the state of the
whole open catalogue.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import condition, require_safe

from integration_portal.models import LifeDomain
from partners.models import Partner

from . import hsds, opendata
from .models import Measure


def _json(data: dict | list, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _bad_request(message: str) -> JsonResponse:
    return _json({"error": message}, status=400)


def feed(view: Callable) -> Callable:
    """A GET/HEAD endpoint of the open catalogue that answers conditional requests."""
    conditional = condition(
        etag_func=opendata.catalogue_etag, last_modified_func=opendata.catalogue_last_modified
    )(view)
    return wraps(view)(require_safe(conditional))


def _positive_parameter(request: HttpRequest, name: str, default: int) -> int | None:
    text = request.GET.get(name, "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        return None
    return int(text)


def _page(request: HttpRequest, items: Iterable, serialise: Callable) -> JsonResponse:
    """One page of `items` in the pagination object of the HSDS API reference."""
    number = _positive_parameter(request, "page", 1)
    if number is None:
        return _bad_request("page must be a whole number from 1.")
    per_page = _positive_parameter(request, "per_page", hsds.DEFAULT_PER_PAGE)
    if per_page is None or per_page > hsds.MAX_PER_PAGE:
        return _bad_request(f"per_page must be a whole number from 1 to {hsds.MAX_PER_PAGE}.")
    paginator = Paginator(items, per_page)
    total_pages = max(paginator.num_pages, 1)
    page = paginator.page(number) if number <= paginator.num_pages else []
    contents = [serialise(item) for item in page]
    return _json(
        {
            "total_items": paginator.count,
            "total_pages": total_pages,
            "page_number": number,
            "size": len(contents),
            "first_page": number == 1,
            "last_page": number >= total_pages,
            "empty": paginator.count == 0,
            "contents": contents,
        }
    )


def _key(kind: str, id: str) -> int:
    keys = hsds.parse_hsds_id(kind, id)
    if keys is None:
        raise Http404("No such identifier.")
    return keys[0]


@feed
def index(request: HttpRequest) -> JsonResponse:
    with override("de"):
        profile = request.build_absolute_uri(reverse("page", kwargs={"slug": "open-data"}))
    return _json({"version": hsds.VERSION, "profile": f"{profile}#hsds"})


@feed
def services(request: HttpRequest) -> JsonResponse:
    measures = hsds.services_queryset()
    term = request.GET.get("taxonomy_term_id")
    if term:
        keys = hsds.parse_hsds_id("taxonomy_term", term)
        measures = measures.filter(life_domains=keys[0]) if keys else measures.none()
    taxonomy = request.GET.get("taxonomy_id")
    if taxonomy and hsds.parse_hsds_id("taxonomy", taxonomy) != (hsds.TAXONOMY_KEY, 0):
        measures = measures.none()
    organization = request.GET.get("organization_id")
    if organization:
        keys = hsds.parse_hsds_id("organization", organization)
        measures = measures.filter(provider=keys[0]) if keys else measures.none()
    modified_after = request.GET.get("modified_after")
    if modified_after:
        since = hsds.parse_modified_after(modified_after)
        if since is None:
            return _bad_request(
                "modified_after must be a date and time in ISO 8601 with a time zone, "
                "e.g. 2026-01-31T12:00:00+01:00."
            )
        measures = measures.filter(updated_at__gte=since)
    full = request.GET.get("full", "").lower() == "true"
    return _page(request, measures, hsds.service_full if full else hsds.service)


@feed
def service(request: HttpRequest, id: str) -> JsonResponse:
    try:
        measure = hsds.services_queryset().get(pk=_key("service", id))
    except Measure.DoesNotExist:
        raise Http404("No such service.") from None
    return _json(hsds.service_full(measure))


@feed
def organizations(request: HttpRequest) -> JsonResponse:
    partners = Partner.objects.public().order_by("pk")
    return _page(request, partners, hsds.organization)


@feed
def organization(request: HttpRequest, id: str) -> JsonResponse:
    try:
        partner = Partner.objects.public().get(pk=_key("organization", id))
    except Partner.DoesNotExist:
        raise Http404("No such organization.") from None
    return _json(hsds.organization_full(partner))


@feed
def service_at_locations(request: HttpRequest) -> JsonResponse:
    measures = Measure.objects.visible().select_related("provider").order_by("pk")
    # Those with an address or online: the measures `hsds.service_at_location` places.
    with_place = measures.exclude(venue_street="", is_online=False).exclude(
        venue_postal_code="", is_online=False
    )
    return _page(request, with_place, hsds.service_at_location)


@feed
def service_at_location(request: HttpRequest, id: str) -> JsonResponse:
    measure = Measure.objects.visible().filter(pk=_key("service_at_location", id)).first()
    data = hsds.service_at_location(measure) if measure else None
    if data is None:
        raise Http404("No such service at a location.")
    return _json(data)


@feed
def taxonomies(request: HttpRequest) -> JsonResponse:
    return _page(request, [hsds.taxonomy()], lambda item: item)


@feed
def taxonomy(request: HttpRequest, id: str) -> JsonResponse:
    if hsds.parse_hsds_id("taxonomy", id) != (hsds.TAXONOMY_KEY, 0):
        raise Http404("No such taxonomy.")
    return _json(hsds.taxonomy())


@feed
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    return _page(request, LifeDomain.objects.order_by("order", "slug"), hsds.taxonomy_term)


@feed
def taxonomy_term(request: HttpRequest, id: str) -> JsonResponse:
    try:
        domain = LifeDomain.objects.get(pk=_key("taxonomy_term", id))
    except LifeDomain.DoesNotExist:
        raise Http404("No such taxonomy term.") from None
    return _json(hsds.taxonomy_term(domain))
