"""The range of dates the portal accepts from anyone, anywhere.

Python and PostgreSQL both accept dates from year 1 to 9999, but nothing in
the portal happens before 2000 or after 2100, and the extremes break arithmetic
(a week after 9999-12-31, a day before 0001-01-01) and time zone conversion
(midnight of 0001-01-01 in Berlin is in 1 BC in UTC). Every date and datetime
that comes in — form fields, query strings, CSV files, the admin — is checked
against this one range, with one message.
"""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def in_range(value: date | datetime) -> bool:
    """Datetimes count by their day on the portal's clock: a stored time read
    back in UTC must not fall out of the range it was accepted in."""
    if isinstance(value, datetime):
        day = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    else:
        day = value
    return EARLIEST <= day <= LATEST


def out_of_range_message() -> str:
    return _("Please enter a date between %(earliest)s and %(latest)s.") % {
        "earliest": formats.date_format(EARLIEST, "SHORT_DATE_FORMAT"),
        "latest": formats.date_format(LATEST, "SHORT_DATE_FORMAT"),
    }


def validate_date_in_range(value: date | datetime | None) -> None:
    """Model and form validator for DateField and DateTimeField."""
    if value is not None and not in_range(value):
        raise ValidationError(out_of_range_message(), code="date_out_of_range")


def parse_query_date(raw: str | None) -> date | None:
    """An ISO date from a query string, or None when it is missing, malformed or
    outside the range (query strings are bookmarks and links: never an error page)."""
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return value if in_range(value) else None


class DateInRangeField(forms.DateField):
    default_validators = [validate_date_in_range]


class DateTimeInRangeField(forms.DateTimeField):
    default_validators = [validate_date_in_range]
