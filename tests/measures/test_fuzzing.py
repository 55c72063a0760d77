"""Arbitrary query strings against the catalogue and the open data API: whatever
a visitor, an old bookmark or an attacker sends, the answer is never a server
error, and nothing sent comes back as live markup."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from measures.models import Measure
from tests.fuzzing import FUZZ, any_text, assert_no_live_marker, repeated_text, with_marker

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "q",
    "domain",
    "district",
    "language",
    "target_group",
    "partner",
    "format",
    "free",
    "childcare",
    "accessible",
    "online",
    "date_from",
    "date_to",
    "sort",
    "page",
]
KNOWN_VALUES = [
    "language",
    "work",
    "mitte",
    "west",
    "de",
    "ar",
    "women",
    "partner-a",
    "course",
    "group",
    "1",
    "0",
    "on",
    "true",
    "",
    "2027-01-01",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "31.12.2026",
    "relevance",
    "date",
    "title",
    "new",
    "-1",
    "last",
    "99999999999999999999999",
    "1e308",
    "NaN",
    "deutsch:* & !",
    "' OR 1=1 --",
    "%00",
]

very_long = repeated_text(["ä", "Deutschkurs ", "<script>", "\x00", "%"], 500, 3000)
value = st.one_of(st.sampled_from(KNOWN_VALUES), any_text, with_marker, very_long)
# A parameter given several times is a list of repeats, as browsers send checkboxes.
query = st.dictionaries(
    st.sampled_from(PARAMETERS), st.lists(value, min_size=1, max_size=4), max_size=8
)

# Query strings as typed by hand: stray percent signs, broken UTF-8, odd separators.
raw_query = st.lists(
    st.one_of(
        st.sampled_from([*PARAMETERS, "=", "&", ";", "%", "%FF", "%C3", "%00", "+", "%3C", "[]"]),
        st.text(alphabet="abc019<>\"'%&=;+#[]", max_size=10),
    ),
    max_size=30,
).map("".join)


@pytest.fixture
def measures(make_measure, partner_b):
    today = timezone.localdate()
    make_measure(
        "Deutschkurs <b>Mitte</b>",
        languages=("de", "ar"),
        target_groups=("women",),
        format=Measure.Format.COURSE,
        is_free=True,
        childcare=True,
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=40),
    )
    make_measure(
        "Mieterberatung West", domains=("housing",), districts=("west",), provider=partner_b
    )


@FUZZ
@given(params=query)
def test_the_catalogue_answers_any_query_without_error_or_reflected_markup(
    client, measures, params
):
    response = client.get("/en/measures/", params)
    assert response.status_code == 200
    assert_no_live_marker(response.content.decode())


@settings(FUZZ, max_examples=100)
@given(raw=raw_query)
def test_the_catalogue_answers_malformed_query_strings(client, measures, raw):
    response = client.get("/en/measures/", QUERY_STRING=raw)
    assert response.status_code == 200
    assert_no_live_marker(response.content.decode())


@FUZZ
@given(params=query)
def test_the_json_api_answers_any_query_with_json(client, measures, params):
    response = client.get("/api/measures.json", params)
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["meta"]["count"] == len(data["measures"])


@FUZZ
@given(params=query)
def test_the_csv_api_answers_any_query_with_csv(client, measures, params):
    response = client.get("/api/measures.csv", params)
    assert response.status_code == 200
    # The rows stream: errors while writing them would only show while reading.
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "slug"
