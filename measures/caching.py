"""Catalogue pages for visitors without a session, and the facet counts of
each filter choice, cached for every process.

The cache (PostgreSQL, shared by all gunicorn workers and machines) stores
each entry with the catalogue's version number at the time it was made; any
change to measures, partners or the taxonomy raises the version, so no
visitor sees a stale list. The version and an entry are read in one query.
The date is part of the key too: measures leave the catalogue by themselves
when their `valid_until` passes.
"""

import hashlib
import time
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .models import UnansweredSearch

T = TypeVar("T")

VERSION_KEY = "measures:catalogue-version"
PAGE_TIMEOUT = 600


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


# The version read by this request along with its page (see `cached_for_visitors`).
_version_of_request: ContextVar[int | None] = ContextVar("catalogue_version", default=None)


def current_version() -> int:
    """The catalogue's version as this request has read it already, else read now."""
    version = _version_of_request.get()
    return catalogue_version() if version is None else version


# However the version reads, a process reads a kept result again after this
# long (should the version's own entry be dropped from the cache and start anew).
KEPT_AT_MOST = 60


def kept_per_version(load: Callable[[], T]) -> Callable[[], T]:
    """`load()` kept in this process while the catalogue's version stays the
    same: what every catalogue page reads alike (its choices and the words
    that name them) is read once per change, not on every page."""
    kept: dict[str, object] = {}

    @wraps(load)
    def wrapper() -> T:
        version, now = current_version(), time.monotonic()
        if kept.get("version") != version or now - kept["at"] > KEPT_AT_MOST:
            kept.update(value=load(), version=version, at=now)
        return kept["value"]

    wrapper.forget = kept.clear
    return wrapper


def invalidate_catalogue(**kwargs) -> None:
    """Signal receiver: something the catalogue shows has changed."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: the next page starts one
        cache.add(VERSION_KEY, 1, timeout=None)


def _key(kind: str, parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"measures:{kind}:{timezone.localdate():%Y%m%d}:{digest}"


def _lookup(key: str) -> tuple[int, object | None]:
    """The catalogue's version, and the entry under `key` if it is of that version."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        version = catalogue_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return version, entry[1]
    return version, None


def _store(key: str, version: int, value: object) -> None:
    cache.set(key, (version, value), timeout=PAGE_TIMEOUT)


def shared_result(kind: str, parts: object, compute: Callable[[], T]) -> T:
    """A costly result that is the same for everyone who asks with `parts`,
    such as the facet counts of a filter choice: computed once, then read by
    every process until the catalogue changes."""
    key = _key(kind, parts)
    version, value = _lookup(key)
    if value is None:
        value = compute()
        _store(key, version, value)
    return value


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the rendered page from the shared cache to visitors without a session.

    Signed-in people and anyone with a session (messages, forms in progress)
    get a freshly rendered page.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
        # The host too: a page may carry absolute links (structured data).
        # "pages": an entry is the page with the unanswered search it counts;
        # entries of the earlier form (the page alone) are left to expire.
        key = _key("pages", (request.get_host(), get_language(), request.path, query))
        version, entry = _lookup(key)
        if entry is not None:
            compressed, unanswered = entry
            if unanswered:
                UnansweredSearch.count_one(unanswered)
            return HttpResponse(zlib.decompress(compressed))
        token = _version_of_request.set(version)
        try:
            response = view(request, *args, **kwargs)
        finally:
            _version_of_request.reset(token)
        if response.status_code == 200 and not response.cookies:
            # A page shrinks to about an eighth: less to write, read and decode.
            # A search that found nothing is counted on every visit (the
            # department sees what people look for in vain), the page served
            # from the cache all the same: a third of all searches found
            # nothing in the benchmark's, and each was rendered anew.
            unanswered = getattr(response, "unanswered_search", "")
            _store(key, version, (zlib.compress(response.content, level=1), unanswered))
        return response

    return wrapper
