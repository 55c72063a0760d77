import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .mfa import passed_second_factor
from .views import DATABASE_UNAVAILABLE, database_unavailable

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page while the database is away.

    A lost database is an operational state, not a bug: it is logged as one
    warning line instead of a traceback per request, and the site recovers by
    itself because every request tries to connect again.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("database unavailable: %s", type(exception).__name__)
        return database_unavailable(request)


class RequireMFAMiddleware:
    """Staff and counsellors reach the admin and the desk only with a second factor.

    Until they have set one up, those areas send them to the set-up page; the
    public pages and their account pages stay reachable. A session that has
    not passed the second factor itself is asked for the code before it enters.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not set(match.namespaces) & set(settings.MFA_REQUIRED_NAMESPACES):
            return None
        user = request.user
        if not user.is_authenticated or not user.requires_mfa():
            return None
        if not user.has_mfa():
            messages.warning(
                request,
                _("Please set up two-factor authentication first: this area holds personal data."),
            )
            return redirect(reverse("mfa_activate_totp"))
        if passed_second_factor(request):
            return None
        query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
