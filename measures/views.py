import csv
import hashlib
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import condition, require_GET

from integration_portal.jsonld import json_for_script
from integration_portal.prepared import PreparedQuery, as_prefetched
from integration_portal.translation import ui_languages

from . import opendata
from .caching import cached_for_visitors
from .calendars import catalogue_calendar, measure_calendar
from .cards import result_cards
from .filters import PAGE_SIZE, MeasureFilter
from .handout import handout_response
from .measure_page import measure_page
from .models import Measure, MeasureQuerySet, Schedule, UnansweredSearch
from .search import clean_query
from .structured_data import structured_data


def get_visible_measure(slug: str) -> Measure:
    """The measure citizens may see, else 404: drafts do not reveal that they exist."""
    queryset = Measure.objects.visible().select_related("provider")
    return get_object_or_404(queryset, slug=slug)


class CountedResults:
    """The results of a filter set whose number is already known (shared by
    every page, order and language of a filter choice): the paginator takes
    a page of them without counting."""

    def __init__(self, filterset: MeasureFilter, count: int) -> None:
        self.filterset = filterset
        self._count = count

    def count(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list[Measure] | MeasureQuerySet:
        return self.filterset.listed(key.start)


def catalogue_url(back: str) -> str:
    """The catalogue with the query of the list a visitor came from: only the
    parameters are taken from `back` and encoded anew, so the link stays on
    the catalogue of this site whatever `back` holds."""
    url = reverse("measures:catalogue")
    query = QueryDict(back[:MAX_BACK_LENGTH]).urlencode() if back else ""
    return f"{url}?{query}" if query else url


MAX_BACK_LENGTH = 1000


@require_GET
@cached_for_visitors
def catalogue(request: HttpRequest) -> HttpResponse:
    filterset = MeasureFilter(request.GET, understand_words=True)
    results = CountedResults(filterset, filterset.result_count())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    page_links = request.GET.copy()
    page_links.pop("page", None)
    # Search engines index the catalogue with one choice at most: combinations
    # would multiply it without end (and each one misses the page cache).
    choices = filterset.choice_count()
    # The measures' pages link back to this very list (see `detail`).
    list_query = urlencode({"back": request.GET.urlencode()}) if request.GET else ""
    context = {
        "indexable": choices <= 1,
        "follow_removals": choices - 1 <= 1,
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "page_query": page_links.urlencode(),
        "result_cards": result_cards(page.object_list, list_query),
        "facets": filterset.facets(),
        "flag_facet": filterset.flag_facet(),
        "active_filters": filterset.active_filters(),
        "filter_count": filterset.filter_count(),
        "notes": filterset.notes(),
        "search": filterset.search,
        "subscription": subscription_links(request),
        "subscription_limit": SUBSCRIPTION_LIMIT,
    }
    if page.paginator.count:
        return render(request, "measures/catalogue.html", context)
    context["way_out"] = filterset.way_out()
    response = render(request, "measures/catalogue.html", context)
    if request.GET.get("q"):
        # The department sees which searches find nothing: counted on every
        # visit, also when the page is served from the cache.
        response.unanswered_search = clean_query(request.GET["q"])
        UnansweredSearch.count_one(response.unanswered_search)
    return response


# A handout of more offers than this is no longer one or two pages to hand over.
HANDOUT_SIZE = 30


@require_GET
def catalogue_handout(request: HttpRequest) -> HttpResponse:
    """The catalogue's choice as a handout to print: the first offers of the
    list, headed by the choices in words ("District: Bad Cannstatt")."""
    filterset = MeasureFilter(request.GET, understand_words=True)
    results = filterset.sorted_results()[:HANDOUT_SIZE]
    notices = filterset.notes()
    count = filterset.result_count()
    if count > HANDOUT_SIZE:
        notices.append(
            gettext(
                "This handout shows the first %(shown)d of %(count)d offers. "
                "Choose more filters to print them all."
            )
            % {"shown": HANDOUT_SIZE, "count": count}
        )
    reader = request.GET.get("reader", "")
    if reader not in ("", *ui_languages()):
        notices.append(
            gettext("The language “%(code)s” is not available; the handout shows one language.")
            % {"code": clean_query(reader)[:10]}
        )
        reader = ""
    choices = [text for text, _query in filterset.active_filters()]
    title = (
        gettext("Offers: %(choices)s") % {"choices": "; ".join(choices)}
        if choices
        else gettext("All offers")
    )
    kept = request.GET.copy()
    kept.pop("reader", None)
    return handout_response(
        request,
        results,
        title=title,
        reader_language=reader or None,
        back_url=catalogue_url(kept.urlencode()),
        notices=notices,
        language_choice=request.GET,
    )


# A measure's page: its queries take longer to build than to run.
MEASURE_PAGE = PreparedQuery(
    lambda slug: Measure.objects.visible().for_detail().filter(slug=slug), slug=str
)
MEASURE_TIMES = PreparedQuery(lambda measure: Schedule.objects.filter(measure=measure), measure=int)


@require_GET
@cached_for_visitors
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    measure = MEASURE_PAGE.get_or_404(slug=slug)
    as_prefetched(measure, "schedules", MEASURE_TIMES.all(measure=measure.pk))
    page = {
        "catalogue_url": catalogue_url(request.GET.get("back", "")),
        "schedules": measure.schedules.all(),
        "next_dates": measure.next_dates(count=5),
        "life_domains": measure.linked("life_domains"),
        "target_groups": measure.linked("target_groups"),
        "languages": measure.linked("languages"),
        "districts": measure.district_names,
        "cooperating_partners": measure.cooperating_partner_names,
        "map_url": measure.map_url(),
    }
    context = {
        "measure": measure,
        "catalogue_url": page["catalogue_url"],
        "canonical_url": request.build_absolute_uri(measure.get_absolute_url())
        if "back" in request.GET
        else "",
        "json_ld": json_for_script(structured_data(measure, request)),
        "body": measure_page(measure, page),
    }
    return render(request, "measures/detail.html", context)


def _calendar_etag(request: HttpRequest, slug: str) -> str | None:
    measure = Measure.objects.visible().filter(slug=slug).values("pk", "updated_at").first()
    if measure is None:
        return None
    # Public holidays and the day's date shape the file too: the day is part of the tag.
    version = f"{measure['pk']}|{measure['updated_at']}|{timezone.localdate()}"
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def _calendar_last_modified(request: HttpRequest, slug: str):
    measure = Measure.objects.visible().filter(slug=slug).values("updated_at").first()
    return measure["updated_at"] if measure else None


@require_GET
@condition(etag_func=_calendar_etag, last_modified_func=_calendar_last_modified)
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The measure's times as a calendar file, for measures with dates or times."""
    measure = get_visible_measure(slug)
    url = request.build_absolute_uri(measure.get_absolute_url())
    ical = measure_calendar(measure, request.get_host(), url)
    if ical is None:
        raise Http404("The measure has neither dates nor times.")
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{measure.slug}.ics"'
    return response


# Calendar subscriptions for any choice of the catalogue

# A feed is fetched again by every subscribed calendar each day: a broad
# choice gets the first offers in the catalogue's order, not all of them.
SUBSCRIPTION_LIMIT = 200


def _subscription_state(request: HttpRequest) -> dict:
    """The measures of the feed (the catalogue's filters, order and limit) and
    the version of what they show, computed once per request."""
    if not hasattr(request, "_measures_subscription"):
        filterset = MeasureFilter(request.GET, understand_words=True)
        chosen = filterset.sorted_results()[:SUBSCRIPTION_LIMIT]
        rows = list(chosen.values_list("pk", "updated_at", "provider__updated_at"))
        changed = [max(measure, provider) for _pk, measure, provider in rows]
        version = "|".join(
            [request.path, request.GET.urlencode(), str(timezone.localdate()), repr(rows)]
        )
        request._measures_subscription = {
            "pks": [pk for pk, _measure, _provider in rows],
            "last_modified": max(changed) if changed else None,
            "etag": hashlib.sha256(version.encode()).hexdigest()[:32],
        }
    return request._measures_subscription


@require_GET
@condition(
    etag_func=lambda request: _subscription_state(request)["etag"],
    last_modified_func=lambda request: _subscription_state(request)["last_modified"],
)
def subscription(request: HttpRequest) -> HttpResponse:
    """The times of the offers the catalogue shows for the same query, as a
    calendar to subscribe to (webcal://)."""
    pks = _subscription_state(request)["pks"]
    measures = Measure.objects.filter(pk__in=pks).select_related("provider")
    ical = catalogue_calendar(
        measures.prefetch_related("schedules").order_by("pk"),
        request.get_host(),
        lambda measure: request.build_absolute_uri(measure.get_absolute_url()),
        gettext("Offers of the Alliance for Integration Stuttgart"),
    )
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="offers.ics"'
    return response


def subscription_links(request: HttpRequest) -> dict:
    """The feed of the catalogue's current choice, as webcal:// and https:// link."""
    query = request.GET.copy()
    for name in ("page", "sort"):
        query.pop(name, None)
    url = reverse("measures:subscription")
    if query:
        url = f"{url}?{query.urlencode()}"
    address = request.build_absolute_uri(url)
    return {"webcal": "webcal://" + address.split("://", 1)[1], "https": address}


# Open data


def _dataset_state(request: HttpRequest) -> dict:
    """What the filtered dataset looks like now, computed once per request."""
    if not hasattr(request, "_measures_dataset_state"):
        filterset = MeasureFilter(request.GET)
        state = filterset.qs.order_by().aggregate(
            count=Count("pk"),
            measures_changed=Max("updated_at"),
            providers_changed=Max("provider__updated_at"),
        )
        changed = [
            value for value in (state["measures_changed"], state["providers_changed"]) if value
        ]
        state["last_modified"] = max(changed) if changed else None
        # A measure leaves the dataset by its date alone, so the day is part of the version.
        version = "|".join(
            [
                request.path,
                request.GET.urlencode(),
                str(timezone.localdate()),
                str(state["count"]),
                str(state["last_modified"]),
            ]
        )
        state["etag"] = hashlib.sha256(version.encode()).hexdigest()[:32]
        state["filterset"] = filterset
        request._measures_dataset_state = state
    return request._measures_dataset_state


def _etag(request: HttpRequest) -> str:
    return _dataset_state(request)["etag"]


def _last_modified(request: HttpRequest):
    return _dataset_state(request)["last_modified"]


def _records(request: HttpRequest):
    filterset = _dataset_state(request)["filterset"]
    return opendata.records(filterset.qs.order_by("slug"))


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def measures_json(request: HttpRequest) -> HttpResponse:
    filterset = _dataset_state(request)["filterset"]
    data = {
        "meta": {
            "title": "Angebote des Stuttgarter Bündnisses für Integration",
            "publisher": opendata.PUBLISHER,
            "licence": opendata.LICENCE,
            "attribution": opendata.attribution(),
            "dataset_url": opendata.dataset_url(),
            "generated_at": timezone.now().isoformat(),
            "version": opendata.VERSION,
            "count": _dataset_state(request)["count"],
            "fields": opendata.FIELDS,
            "ignored_parameters": filterset.notes(),
        },
        "measures": list(_records(request)),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
@condition(etag_func=_etag, last_modified_func=_last_modified)
def measures_csv(request: HttpRequest) -> HttpResponse:
    writer = csv.writer(_Echo())
    rows = (writer.writerow(row) for row in opendata.csv_rows(_records(request)))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="measures.csv"'
    response["Link"] = f'<{opendata.LICENCE["url"]}>; rel="license"'
    # CSV has no place for metadata that every reader skips; headers do.
    response["X-Attribution"] = opendata.attribution()
    response["Access-Control-Allow-Origin"] = "*"
    return response
