"""Dates in the reader's language by format name, the portal's names included."""

from datetime import date

from django import template

from integration_portal.formats import format_date

register = template.Library()


@register.filter(expects_localtime=True)
def named_date(value: date | None, name: str) -> str:
    """`{{ appointment.start|named_date:"WEEKDAY_DATETIME_FORMAT" }}`: like `date`,
    in the current time zone, but also with the portal's own format names."""
    return format_date(value, name)
