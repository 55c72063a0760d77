import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from integration_portal.jsonld import json_for_script
from integration_portal.translation import ui_languages

from .filters import PartnerFilter, active_filters, facets
from .models import Partner

PAGE_SIZE = 20
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
DATA_PROVIDER = "Landeshauptstadt Stuttgart"


def get_public_partner(slug: str) -> Partner:
    """The partner a citizen may see, or 404: hidden partners do not exist for the public."""
    try:
        return (
            Partner.objects.public()
            .select_related("district")
            .prefetch_related("life_domains")
            .get(slug=slug)
        )
    except Partner.DoesNotExist:
        raise Http404 from None


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    base = Partner.objects.public()
    filterset = PartnerFilter(request.GET, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        messages.warning(request, _("Some filter values were not recognised and are ignored."))
    partners = filterset.qs.select_related("district").prefetch_related("life_domains")
    paginator = Paginator(partners, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    facet_list = facets(base, request.GET, filterset)
    without_page = urlencode([(k, v) for k, vs in request.GET.lists() if k != "page" for v in vs])
    return render(
        request,
        "partners/directory.html",
        {
            "page": page,
            "facets": facet_list,
            "active_filters": active_filters(request.GET, filterset, facet_list),
            "page_query": f"{without_page}&" if without_page else "",
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_public_partner(slug)
    return render(
        request,
        "partners/detail.html",
        {
            "partner": partner,
            "json_ld": organization_json_ld(request, partner),
        },
    )


def organization_json_ld(request: HttpRequest, partner: Partner) -> SafeString:
    """schema.org `Organization` for search engines, safe inside a script element."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": partner.name,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
        "description": str(partner.description),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": partner.street,
            "postalCode": partner.postal_code,
            "addressLocality": partner.city,
            "addressCountry": "DE",
        },
    }
    if partner.website:
        data["sameAs"] = partner.website
    if partner.email:
        data["email"] = partner.email
    if partner.phone:
        data["telephone"] = partner.phone
    return format_html('<script type="application/ld+json">{}</script>', json_for_script(data))


def _directory_state(request: HttpRequest) -> dict:
    """When the public directory last changed, and a tag of its state, once per request."""
    if not hasattr(request, "_partner_directory_state"):
        state = (
            Partner.objects.public()
            .order_by()
            .aggregate(count=Count("pk"), last_modified=Max("updated_at"))
        )
        # A partner's life domains change without touching the partner; so does the taxonomy.
        domains = Partner.life_domains.through.objects.filter(partner__in=Partner.objects.public())
        state["links"] = domains.order_by().aggregate(count=Count("pk"), newest=Max("pk"))
        version = f"{request.path}|{state['count']}|{state['last_modified']}|{state['links']}"
        state["etag"] = hashlib.sha256(version.encode()).hexdigest()[:32]
        request._partner_directory_state = state
    return request._partner_directory_state


@require_safe
@condition(
    etag_func=lambda request: _directory_state(request)["etag"],
    last_modified_func=lambda request: _directory_state(request)["last_modified"],
)
def partners_json(request: HttpRequest) -> JsonResponse:
    """Open data: every public partner, with the licence's attribution."""
    partners = Partner.objects.public().select_related("district").prefetch_related("life_domains")
    dataset_url = request.build_absolute_uri(reverse("partners_api:partners_json"))
    return JsonResponse(
        {
            "dataset": dataset_url,
            "license": {
                "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
                "id": "dl-de/by-2-0",
                "url": LICENCE_URL,
                "attribution": f"{DATA_PROVIDER}, {LICENCE_URL}, {dataset_url}",
            },
            "provider": DATA_PROVIDER,
            "count": len(partners),
            "partners": [partner_as_open_data(request, partner) for partner in partners],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def partner_as_open_data(request: HttpRequest, partner: Partner) -> dict:
    return {
        "slug": partner.slug,
        "name": partner.name,
        "sector": partner.sector,
        "description": {
            language: getattr(partner, f"description_{language}") for language in ui_languages()
        },
        "website": partner.website,
        "email": partner.email,
        "phone": partner.phone,
        "street": partner.street,
        "postal_code": partner.postal_code,
        "city": partner.city,
        "district": partner.district.slug if partner.district else None,
        "life_domains": [domain.slug for domain in partner.life_domains.all()],
        "member_since": partner.member_since.isoformat() if partner.member_since else None,
        "url": request.build_absolute_uri(partner.get_absolute_url()),
    }
