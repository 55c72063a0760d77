"""Content in several UI languages, with German as the fallback.

Models keep one column per UI language (`name_de`, `name_en`, ...). Reading a
text gives a `LocalizedText`: a plain string that also knows the language it
is written in, so templates can mark German fallback text with `lang="de"`.

`settings.LANGUAGES` is the one list of UI languages: forms, admin pages, open
data and CSV columns name their per-language columns through
`translated_fields`, never by hand. A sixth language is a line in
`settings.LANGUAGES` plus a migration that adds its columns to the translated
models (`tests/integration_portal/test_languages.py` names the ones missing).
"""

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

FALLBACK_LANGUAGE = "de"


def ui_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def translated_fields(*names: str, languages: Iterable[str] | None = None) -> list[str]:
    """The columns of translated fields, one per UI language in the order of
    settings: `translated_fields("title", "summary")` gives `title_de`,
    `title_en`, ..., `summary_de`, ...; `languages` narrows it to some."""
    codes = ui_languages() if languages is None else list(languages)
    return [f"{name}_{code}" for name in names for code in codes]


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
