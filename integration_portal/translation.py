"""Content in several UI languages, with German as the fallback.

Models keep one column per UI language (`name_de`, `name_en`, ...). Reading a
text gives a `LocalizedText`: a plain string that also knows the language it
is written in, so templates can mark German fallback text with `lang="de"`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

FALLBACK_LANGUAGE = "de"


def ui_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def active_language() -> str:
    language = (get_language() or FALLBACK_LANGUAGE).split("-")[0]
    return language if language in ui_languages() else FALLBACK_LANGUAGE


class LocalizedText(str):
    """A string with the language it is written in."""

    lang: str

    def __new__(cls, value: str, lang: str) -> "LocalizedText":
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    @property
    def is_fallback(self) -> bool:
        return self.lang != active_language()


def localized(obj: models.Model, field: str, language: str | None = None) -> LocalizedText:
    """The text of `field` in the active language, or German when it is empty."""
    language = language or active_language()
    value = getattr(obj, f"{field}_{language}", "") or ""
    if value.strip():
        return LocalizedText(value, language)
    return LocalizedText(getattr(obj, f"{field}_{FALLBACK_LANGUAGE}", "") or "", FALLBACK_LANGUAGE)
