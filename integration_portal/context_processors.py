from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def portal(request: HttpRequest) -> dict:
    """What every page's frame needs: the language switcher. No database access,
    so that error pages render while the database is away."""
    current = get_language()
    path = request.get_full_path()
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "bidi": info["bidi"],
                "url": translate_url(path, code),
                "is_current": code == current,
            }
        )
    return {"language_links": links}
