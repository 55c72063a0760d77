from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, ResolverMatch, get_script_prefix, reverse, translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language, get_language_info

from .links import site_path, without_keys


def _translated(path: str, code: str, match: ResolverMatch | None) -> str:
    """`translate_url(path, code)`, with the page's own match where it has one:
    the path is resolved once for all languages, not once per language."""
    if match is None:
        return translate_url(path, code)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    if name is None:
        return path
    _path, question_mark, query = path.partition("?")
    with translation.override(code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs) + question_mark + query
        except NoReverseMatch:
            return path


def _language_url(path: str | None, code: str, match: ResolverMatch | None = None) -> str:
    """This page in language `code`; its start page where this page has no
    address of its own in that language (an unknown address, a path that
    would lead to another site). `match`: how the path was resolved, if it was."""
    if path is not None:
        translated = _translated(path, code, match)
        if translated != path:
            return translated
    with translation.override(code):
        return reverse("home")


# The frame's own links (header and footer): the same on every page of a language.
FRAME_LINKS = {
    "home": ("home", ()),
    "measures": ("measures:catalogue", ()),
    "partners": ("partners:directory", ()),
    "counselling": ("counselling:start", ()),
    "easy_language": ("page", ("easy-language",)),
    "accessibility": ("page", ("accessibility",)),
    "privacy": ("page", ("privacy",)),
    "imprint": ("page", ("imprint",)),
    "open_data": ("page", ("open-data",)),
}


@lru_cache(maxsize=64)
def _frame_links(language: str, script_prefix: str) -> dict[str, str]:
    """`FRAME_LINKS` in `language`, reversed once per process, not on every page."""
    with translation.override(language):
        return {key: reverse(name, args=args) for key, (name, args) in FRAME_LINKS.items()}


def _feedback_url(request: HttpRequest) -> str:
    """The feedback form, told which page it is about: the path without query
    and without the key of a personal link."""
    page = site_path(escape_uri_path(request.path))
    if page is None:
        return reverse("feedback")
    return f"{reverse('feedback')}?{urlencode({'from': without_keys(page)}, safe='/*')}"


def portal(request: HttpRequest) -> dict:
    """What every page's frame needs: the language switcher and the feedback
    link. No database access, so that error pages render while the database
    is away."""
    current = get_language()
    # A personal link's key may stay in the path (the page in another
    # language needs it), never in a query, which only carries it on.
    path, question_mark, query = request.get_full_path().partition("?")
    path = site_path(path + question_mark + without_keys(query))
    # The page's match stands for its path unless the path is not the page's own.
    match = request.resolver_match if path and path.partition("?")[0] == request.path else None
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": _language_url(path, code, match),
                "is_current": code == current,
            }
        )
    return {
        "language_links": links,
        "feedback_url": _feedback_url(request),
        "frame_links": _frame_links(current, get_script_prefix()),
    }
