"""DCAT-AP.de catalogue of the portal's open data, as JSON-LD, so that
GovData and other cities' portals can harvest it.

One catalogue with four datasets: the measures (JSON, CSV), the partners
(JSON), the HSDS 3.0 API and the measures' calendar files. Each distribution
carries the licence dl-de/by-2-0; each dataset the publisher, a contact
point, Stuttgart's regional key and its update frequency.
"""

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import condition, require_safe

from . import opendata

LICENCE = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
REGIONAL_KEY = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/081110000000"
MUNICIPALITY_LEVEL = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality"
DAILY = "http://publications.europa.eu/resource/authority/frequency/DAILY"
IRREGULAR = "http://publications.europa.eu/resource/authority/frequency/IRREG"
THEME_SOCIETY = "http://publications.europa.eu/resource/authority/data-theme/SOCI"
GERMAN = "http://publications.europa.eu/resource/authority/language/DEU"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
# GovData's identifier of the publishing body; the city's own once registered.
CONTRIBUTOR_ID = "http://dcat-ap.de/def/contributors/stadtStuttgart"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _ref(uri: str) -> dict:
    return {"@id": uri}


def _text(value: str) -> dict:
    return {"@value": value, "@language": "de"}


def _date(value) -> dict:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _distribution(uri: str, title: str, media_type: str, file_type: str, modified, **extra):
    data = {
        "@id": f"{uri}#distribution",
        "@type": "dcat:Distribution",
        "dct:title": _text(title),
        "dcat:accessURL": _ref(uri),
        "dcat:mediaType": _ref(f"https://www.iana.org/assignments/media-types/{media_type}"),
        "dct:format": _ref(FILE_TYPE + file_type),
        "dct:license": _ref(LICENCE),
        "dcatde:licenseAttributionByText": opendata.PUBLISHER,
    }
    if modified:
        data["dct:modified"] = _date(modified)
    return data | extra


def _dataset(
    base: str, uri: str, title: str, description: str, keywords, frequency, modified, distributions
):
    data = {
        "@id": uri,
        "@type": "dcat:Dataset",
        "dct:identifier": uri,
        "dct:title": _text(title),
        "dct:description": _text(description),
        "dcat:keyword": [_text(keyword) for keyword in keywords],
        "dcat:theme": _ref(THEME_SOCIETY),
        "dct:language": _ref(GERMAN),
        "dct:publisher": _ref(f"{base}#publisher"),
        "dcatde:contributorID": _ref(CONTRIBUTOR_ID),
        "dcat:contactPoint": _ref(f"{base}#contact"),
        "dct:spatial": _ref(REGIONAL_KEY),
        "dcatde:politicalGeocodingURI": _ref(REGIONAL_KEY),
        "dcatde:politicalGeocodingLevelURI": _ref(MUNICIPALITY_LEVEL),
        "dct:accrualPeriodicity": _ref(frequency),
        "dcat:distribution": distributions,
    }
    if modified:
        data["dct:modified"] = _date(modified)
    return data


def catalogue(request: HttpRequest) -> dict:
    """The catalogue as a JSON-LD document."""
    modified = opendata.catalogue_last_modified(request)
    absolute = request.build_absolute_uri
    with translation.override("de"):
        home = absolute(reverse("home"))
        open_data_page = absolute(reverse("page", kwargs={"slug": "open-data"}))
        catalogue_page = absolute(reverse("measures:catalogue"))
    base = absolute(reverse("measures_api:dcat"))
    measures_json = absolute(reverse("measures_api:json"))
    measures_csv = absolute(reverse("measures_api:csv"))
    partners_json = absolute(reverse("partners_api:partners_json"))
    hsds_root = absolute(reverse("hsds:index"))
    datasets = [
        _dataset(
            base,
            f"{open_data_page}#measures",
            "Angebote des Stuttgarter Bündnisses für Integration",
            "Kurse, Beratung, Treffpunkte und Veranstaltungen der Partner des Bündnisses "
            "für Integration: Lebensbereich, Stadtbezirk, Sprachen, Zeiten, Kosten, "
            "Kinderbetreuung und Barrierefreiheit.",
            ["Integration", "Angebote", "Sprachkurs", "Beratung"],
            DAILY,
            modified,
            [
                _distribution(
                    measures_json, "Angebote als JSON", "application/json", "JSON", modified
                ),
                _distribution(measures_csv, "Angebote als CSV", "text/csv", "CSV", modified),
            ],
        ),
        _dataset(
            base,
            f"{open_data_page}#partners",
            "Partner des Stuttgarter Bündnisses für Integration",
            "Organisationen, die im Bündnis für Integration mitwirken, mit Beschreibung, "
            "Adresse, Stadtbezirk und Lebensbereichen.",
            ["Integration", "Organisationen", "Partner"],
            IRREGULAR,
            modified,
            [
                _distribution(
                    partners_json, "Partner als JSON", "application/json", "JSON", modified
                )
            ],
        ),
        _dataset(
            base,
            f"{open_data_page}#hsds",
            "Angebote und Partner im Standard Open Referral HSDS 3.0",
            "Dieselben Angebote und Partner als Programmierschnittstelle nach der Human "
            "Services Data Specification 3.0 mit Standorten, Zeiten, Einzugsgebieten, "
            "Sprachen und den Lebensbereichen als Taxonomie.",
            ["Integration", "HSDS", "Open Referral", "API"],
            DAILY,
            modified,
            [
                _distribution(
                    hsds_root,
                    "HSDS-3.0-Schnittstelle",
                    "application/json",
                    "JSON",
                    modified,
                    **{"dct:conformsTo": _ref("https://docs.openreferral.org/en/3.0/")},
                )
            ],
        ),
        _dataset(
            base,
            f"{open_data_page}#calendars",
            "Termine der Angebote als Kalenderdateien",
            "Zu jedem Angebot mit Terminen eine Kalenderdatei nach RFC 5545 unter "
            "/de/measures/<Kennung>/calendar.ics, verlinkt auf der Seite des Angebots; "
            "die Kennungen stehen im Feld slug der Angebotsdaten.",
            ["Integration", "Termine", "Kalender", "iCalendar"],
            DAILY,
            modified,
            [
                _distribution(
                    catalogue_page, "Kalenderdateien (iCalendar)", "text/calendar", "ICS", modified
                )
            ],
        ),
    ]
    return {
        "@context": CONTEXT,
        "@graph": [
            {
                "@id": base,
                "@type": "dcat:Catalog",
                "dct:title": _text("Offene Daten des Stuttgarter Bündnisses für Integration"),
                "dct:description": _text(
                    "Angebote und Partner des Bündnisses für Integration der "
                    "Landeshauptstadt Stuttgart."
                ),
                "dct:publisher": _ref(f"{base}#publisher"),
                "foaf:homepage": _ref(home),
                "dct:language": _ref(GERMAN),
                "dct:spatial": _ref(REGIONAL_KEY),
                "dct:license": _ref(LICENCE),
                **({"dct:modified": _date(modified)} if modified else {}),
                "dcat:dataset": datasets,
            },
            {
                "@id": f"{base}#publisher",
                "@type": "foaf:Organization",
                "foaf:name": opendata.PUBLISHER,
                "foaf:homepage": _ref(home),
            },
            {
                "@id": f"{base}#contact",
                "@type": "vcard:Organization",
                "vcard:fn": "Abteilung Integrationspolitik, Landeshauptstadt Stuttgart",
                "vcard:hasEmail": _ref(f"mailto:{settings.STAFF_EMAIL}"),
                "vcard:hasURL": _ref(open_data_page),
            },
        ],
    }


@require_safe
@condition(etag_func=opendata.catalogue_etag, last_modified_func=opendata.catalogue_last_modified)
def dcat_catalogue(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(catalogue(request), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Access-Control-Allow-Origin"] = "*"
    return response
