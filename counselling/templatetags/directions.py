"""Text that runs left to right inside right-to-left pages and mails.

In Arabic, times, time ranges, phone numbers, addresses, links and names are
isolated so that the surrounding text does not reorder them ("09:00–09:45"
must not read "09:45–09:00"). Pages use `<bdi dir="ltr">`; plain-text mails
use the Unicode isolates LRI … PDI (U+2066, U+2069), which mail programs
show as nothing.
"""

from datetime import datetime

from django import template
from django.template.defaultfilters import time as time_filter
from django.utils.html import format_html
from django.utils.timezone import template_localtime

from counselling import phones
from integration_portal.formats import format_date, get_format

register = template.Library()

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


@register.filter
def ltr(value: object) -> str:
    """`{{ address|ltr }}`: left to right, isolated from the text around it."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.filter
def isolated(value: object) -> str:
    """`{{ name|isolated }}`: a name or place in its own direction (whatever its script)."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def ltr_text(value: object) -> str:
    """For plain-text mails: left to right, isolated with Unicode control characters."""
    if value in (None, ""):
        return ""
    return f"{LRI}{value}{PDI}"


@register.filter
def isolated_text(value: object) -> str:
    if value in (None, ""):
        return ""
    return f"{FSI}{value}{PDI}"


def _range(start: datetime, end: datetime) -> str:
    return f"{time_filter(template_localtime(start))}–{time_filter(template_localtime(end))}"


@register.simple_tag
def time_range(start: datetime, end: datetime) -> str:
    """`{% time_range start end %}`: "09:00–09:45", never turned around in Arabic."""
    return format_html('<bdi dir="ltr">{}</bdi>', _range(start, end))


@register.simple_tag
def time_range_text(start: datetime, end: datetime) -> str:
    return f"{LRI}{_range(start, end)}{PDI}"


def _day_separator() -> str:
    """What stands between the day and the time in the active language: ", " or "، "."""
    day, day_and_time = get_format("WEEKDAY_DATE_FORMAT"), get_format("WEEKDAY_DATETIME_FORMAT")
    if day_and_time.startswith(day) and day_and_time.endswith("H:i"):
        return day_and_time[len(day) : -len("H:i")]
    return ", "


@register.simple_tag
def appointment_time(start: datetime, end: datetime) -> str:
    """`{% appointment_time start end %}`: "Montag, 7. Dezember 2026, 10:00–11:00",
    the times isolated left to right."""
    day = format_date(template_localtime(start), "WEEKDAY_DATE_FORMAT")
    return format_html("{}{}{}", day, _day_separator(), time_range(start, end))


@register.simple_tag
def appointment_time_text(start: datetime, end: datetime) -> str:
    day = format_date(template_localtime(start), "WEEKDAY_DATE_FORMAT")
    return f"{day}{_day_separator()}{time_range_text(start, end)}"


@register.filter
def tel(value: str) -> str:
    """`{{ phone|tel }}`: a number to tap, `tel:` in E.164, shown left to right."""
    if not value:
        return ""
    number = phones.to_e164(value)
    if number is None:
        return ltr(value)
    return format_html(
        '<a class="kern-link" href="tel:{}"><bdi dir="ltr">{}</bdi></a>',
        number,
        phones.for_display(value),
    )


@register.filter
def tel_text(value: str) -> str:
    """For mails: the number in its readable form, left to right."""
    return ltr_text(phones.for_display(value)) if value else ""
