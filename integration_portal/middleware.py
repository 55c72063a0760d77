import logging

from django.http import HttpRequest, HttpResponse

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
