"""The portal's date and time formats per UI language.

Django reads `<language>/formats.py` here before its own locale formats
(`FORMAT_MODULE_PATH`), so each module holds only what differs from Django's:
times on the 24-hour clock everywhere, dates written as a reader of that
language expects, and the formats with a weekday that appointments need.
Django's `date` filter knows only Django's format names; `format_date()`
also knows the portal's. `format_duration()` words a number of days.
"""

from datetime import date

from django.template.defaultfilters import date as date_filter
from django.utils import formats
from django.utils.translation import ngettext

# The portal's own format names, each with the Django format it falls back to.
PORTAL_FORMATS = {
    # A day with its weekday: "Montag, 7. Dezember 2026".
    "WEEKDAY_DATE_FORMAT": "DATE_FORMAT",
    # A day with its weekday and a time: "Montag, 7. Dezember 2026, 10:00".
    "WEEKDAY_DATETIME_FORMAT": "DATETIME_FORMAT",
}


def _module_value(name: str, lang: str | None) -> object:
    """`name` from the first format module of `lang` that sets it: the portal's, then Django's."""
    for module in formats.get_format_modules(lang):
        value = getattr(module, name, None)
        if value is not None:
            return value
    return None


def get_format(name: str, lang: str | None = None) -> str:
    """The format called `name` (Django's or the portal's) in `lang`, by default the active one."""
    if name in PORTAL_FORMATS:
        return _module_value(name, lang) or formats.get_format(PORTAL_FORMATS[name], lang)
    if name not in formats.FORMAT_SETTINGS:
        raise ValueError(f"unknown format name {name!r}")
    return formats.get_format(name, lang)


def format_date(value: date | None, name: str) -> str:
    """`value` in the named format of the active language; "" for no value."""
    text = date_filter(value, get_format(name))
    # Django's catalogues capitalise day and month names as for calendar
    # headings; languages that write them in lower case say so in their module.
    if _module_value("LOWER_CASE_NAMES", None):
        text = text.lower()
    return text


def format_duration(days: int) -> str:
    """A period as people say it: "1 year" when it is whole years of 365 days,
    "6 months" when it is whole months of 30 days, else "45 days", with the
    plural forms of the active language."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    if days and days % 30 == 0:
        months = days // 30
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    return ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
