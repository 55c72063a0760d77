import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .formats import format_duration
from .forms import FeedbackForm, page_from_link
from .translation import FALLBACK_LANGUAGE, active_language

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def home(request: HttpRequest) -> HttpResponse:
    """Start page: search, the life domains with their number of offers, counselling.

    The offers are counted by the template, through the `measures` tag library:
    this app does not import the apps above it.
    """
    return render(request, "home.html")


# Information pages of the footer: slug → (template name, title shown in the browser tab).
PAGES = {
    "imprint": "imprint",
    "privacy": "privacy",
    "accessibility": "accessibility",
    "easy-language": "easy_language",
    "open-data": "open_data",
}


def page(request: HttpRequest, slug: str) -> HttpResponse:
    """A footer page, in the active language where written, else in German."""
    if slug not in PAGES:
        raise Http404
    name = PAGES[slug]
    language = active_language()
    content = select_template(
        [f"pages/content/{name}.{language}.html", f"pages/content/{name}.{FALLBACK_LANGUAGE}.html"]
    )
    content_language = content.origin.template_name.rsplit(".", 2)[-2]
    # Worded in the language the page is written in, German where it is not translated.
    with translation.override(content_language):
        retention_period = format_duration(settings.COUNSELLING_RETENTION_DAYS)
        feedback_retention_period = format_duration(settings.FEEDBACK_RETENTION_DAYS)
        waiting_list_period = format_duration(7 * settings.COUNSELLING_WAITING_LIST_WEEKS)
    return render(
        request,
        "pages/page.html",
        {
            "content_template": content,
            "content_language": content_language,
            "slug": slug,
            "retention_period": retention_period,
            "feedback_retention_period": feedback_retention_period,
            "waiting_list_period": waiting_list_period,
        },
    )


def feedback(request: HttpRequest) -> HttpResponse:
    """Feedback on barriers (§ 12b BGG), reachable from every page."""
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid() and not form.limit_reached(request):
            form.save_and_notify(request)
            return redirect(reverse("feedback_thanks"))
    else:
        form = FeedbackForm(initial={"page_url": page_from_link(request.GET.get("from", ""))})
    status = 429 if form.has_error(NON_FIELD_ERRORS, "rate_limited") else 200
    context = {"form": form, "retention_period": format_duration(settings.FEEDBACK_RETENTION_DAYS)}
    return render(request, "feedback.html", context, status=status)


@login_required
@require_GET
def account_email(request: HttpRequest) -> HttpResponse:
    """The sign-in address, read-only: accounts are invited, and an address
    that anyone could add would let her claim another person's account."""
    return render(request, "account/email.html")


def feedback_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback_thanks.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up. Never touches the database."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """The process can serve pages: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.warning("readiness check failed: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/accounts/",
        "Disallow: /*/desk/",
        "Disallow: /*/partner-area/",
        "Disallow: /*/counselling/appointment/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _render_error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    try:
        return render(request, template, status=status)
    except Exception:  # the error page itself must never fail
        logger.exception("error page %s could not be rendered", template)
        return HttpResponse(
            _("The service is not available."), status=status, content_type="text/plain"
        )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render_error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render_error(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render_error(request, "404.html", 404)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = _render_error(request, "503.html", 503)
    response["Retry-After"] = "30"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the database went away outside a view (e.g. in a middleware)."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable(request)
    return _render_error(request, "500.html", 500)
