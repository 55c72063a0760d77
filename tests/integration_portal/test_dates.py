from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from integration_portal.dates import (
    EARLIEST,
    LATEST,
    DateInRangeField,
    DateTimeInRangeField,
    parse_query_date,
    validate_date_in_range,
)


@pytest.mark.parametrize("value", [EARLIEST, LATEST, date(2026, 12, 1)])
def test_dates_between_2000_and_2100_are_accepted(value):
    validate_date_in_range(value)
    assert parse_query_date(value.isoformat()) == value


@pytest.mark.parametrize(
    "value", [date(1, 1, 1), date(1999, 12, 31), date(2101, 1, 1), date(9999, 12, 31)]
)
def test_extreme_dates_get_one_clear_message(value):
    with pytest.raises(ValidationError) as raised:
        validate_date_in_range(value)
    assert raised.value.code == "date_out_of_range"
    assert "01.01.2000" in raised.value.messages[0]
    assert "31.12.2100" in raised.value.messages[0]


def test_a_time_accepted_in_berlin_is_accepted_again_when_read_back_in_utc():
    # 2000-01-01 00:30 in Berlin is 1999-12-31 23:30 UTC, as the database returns it.
    validate_date_in_range(datetime(1999, 12, 31, 23, 30, tzinfo=UTC))
    with pytest.raises(ValidationError):
        validate_date_in_range(datetime(1999, 12, 31, 22, 30, tzinfo=UTC))


def test_datetimes_are_checked_by_their_day():
    validate_date_in_range(datetime(2030, 5, 1, 12, tzinfo=UTC))
    with pytest.raises(ValidationError):
        validate_date_in_range(datetime(1, 1, 1, 0, tzinfo=UTC))


@pytest.mark.parametrize("raw", ["", None, "yesterday", "2026-13-01", "0001-01-01", "9999-12-31"])
def test_query_strings_with_unusable_dates_are_ignored(raw):
    assert parse_query_date(raw) is None


def test_form_fields_refuse_dates_outside_the_range():
    assert DateInRangeField().clean("2030-01-02") == date(2030, 1, 2)
    with pytest.raises(ValidationError):
        DateInRangeField().clean("9999-12-31")
    with pytest.raises(ValidationError):
        DateTimeInRangeField().clean("0001-01-01 00:00")
