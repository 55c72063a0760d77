import contextlib
import logging
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .links import has_key
from .mfa import passed_second_factor
from .permissions import requires_mfa
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
        if not _signed_in(request):
            return None
        user = request.user
        if not requires_mfa(user):
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


def _signed_in(request: HttpRequest) -> bool:
    """Whether a signed-in person sent the request. While the database is
    away nobody is: the page answers 503 by itself, and a middleware must
    not fail before it (its traceback would fill the log)."""
    try:
        return request.user.is_authenticated
    except DATABASE_UNAVAILABLE:
        return False


class IdleTimeoutMiddleware:
    """Staff, counsellors, leads and superusers are signed out after
    `PRIVILEGED_SESSION_IDLE_MINUTES` without a request: a desk left open in
    an office must not show clients' data to whoever passes by. Partner
    editors keep the ordinary session: they reach no personal data, and what
    they change is reviewed before it goes live.
    """

    LAST_SEEN = "portal_last_seen"
    # Noting every request would write the session each time; a minute's
    # precision is plenty for a timeout of half an hour.
    PRECISION = 60

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie there is nobody to time out, and reading
        # the session would mark every public answer as varying by cookie.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and _signed_in(request):
            # The database may go away in between: the page answers 503 by itself.
            with contextlib.suppress(DATABASE_UNAVAILABLE):
                self._note_or_end(request)
        return self.get_response(request)

    @classmethod
    def note_sign_in(cls, sender, request: HttpRequest | None, user, **kwargs) -> None:
        """Signal receiver: signing in is activity (and saves the first
        request after it a write)."""
        if request is not None and hasattr(request, "session"):
            request.session[cls.LAST_SEEN] = time.time()

    def _note_or_end(self, request: HttpRequest) -> None:
        now = time.time()
        last_seen = request.session.get(self.LAST_SEEN)
        idle = settings.PRIVILEGED_SESSION_IDLE_MINUTES * 60
        if last_seen is not None and now - last_seen > idle and requires_mfa(request.user):
            logout(request)
            minutes = settings.PRIVILEGED_SESSION_IDLE_MINUTES
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. "
                    "Please sign in again.",
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Please sign in again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        elif last_seen is None or now - last_seen > self.PRECISION:
            request.session[self.LAST_SEEN] = now


class PrivatePagesMiddleware:
    """Pages for one person stay out of caches, and keys out of Referer headers.

    `Cache-Control: no-store` goes on every answer to a signed-in person (her
    account menu is on every page) and on the private areas for everyone
    (their login redirects, account pages, personal links); public pages stay
    cacheable for anonymous visitors. Pages whose address holds a key send no
    Referer at all, so the key does not travel with the next link or image.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        prefixes = "|".join(re.escape(prefix) for prefix in settings.PRIVATE_PATH_PREFIXES)
        self.private = re.compile(rf"^/(?:(?:{languages})/)?(?:{prefixes})")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._signed_in(request) or self.private.match(request.path_info):
            # Replaces whatever a view said: a page cached for the public must
            # not be stored once it shows someone's account.
            response["Cache-Control"] = "private, no-store"
        if has_key(request.path_info):
            response["Referrer-Policy"] = "no-referrer"
        return response

    @staticmethod
    def _signed_in(request: HttpRequest) -> bool:
        # A page that never looked at the session shows nothing of the account.
        session = getattr(request, "session", None)
        return bool(session is not None and session.accessed and _signed_in(request))
