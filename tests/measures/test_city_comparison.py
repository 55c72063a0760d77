"""Importing another city's HSDS feed for the steering overview: all or
nothing, a clear error for each bad input, never into the catalogue."""

import json
import socket
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from measures.comparison import coverage, per_100k
from measures.models import ComparisonCity, ComparisonService, Measure

pytestmark = pytest.mark.django_db

FEED = Path(__file__).parent / "data" / "hsds_feed_karlsruhe.json"


def run(source, city="Karlsruhe", population=308_000) -> None:
    call_command("import_hsds_comparison", str(source), city=city, population=population)


def domains_of(city: str) -> dict[str, list[str]]:
    services = ComparisonService.objects.filter(city__name=city).prefetch_related("life_domains")
    return {
        service.name: sorted(domain.slug for domain in service.life_domains.all())
        for service in services
    }


def test_a_feed_file_is_imported_beside_the_catalogue(make_measure):
    make_measure("Sprachcafé")
    run(FEED)
    assert domains_of("Karlsruhe") == {
        "Sprachtreff Oststadt": ["language"],
        "Deutsch im Beruf": ["language", "work"],
        "Bewerbungswerkstatt": ["work"],
        "Stadtführung": [],
    }
    assert ComparisonCity.objects.get().population == 308_000
    assert list(Measure.objects.values_list("title_de", flat=True)) == ["Sprachcafé"]


def test_a_second_import_replaces_the_citys_set(tmp_path):
    run(FEED)
    smaller = json.loads(FEED.read_text(encoding="utf-8"))
    smaller["contents"] = smaller["contents"][:1]
    (tmp_path / "feed.json").write_text(json.dumps(smaller), encoding="utf-8")
    run(tmp_path / "feed.json", population=310_000)
    assert list(domains_of("Karlsruhe")) == ["Sprachtreff Oststadt"]
    assert ComparisonCity.objects.get().population == 310_000


def test_coverage_per_100000_residents_equals_the_counts(make_measure, settings):
    settings.STUTTGART_POPULATION = 600_000
    for number in range(3):
        make_measure(f"Kurs {number}", domains=("language",))
    make_measure("Entwurf", domains=("language",), status=Measure.Status.DRAFT)
    run(FEED, population=200_000)
    cities, rows = coverage()
    language = next(row for row in rows if row.domain.slug == "language")
    assert (language.stuttgart, language.stuttgart_per_100k) == (3, 0.5)
    assert language.others == [(2, 1.0)]
    assert [city.name for city in cities] == ["Karlsruhe"]
    assert per_100k(34, 100_000) == 34.0


def test_the_steering_overview_shows_the_comparison(client, staff_user, make_measure):
    make_measure("Kurs", domains=("work",))
    run(FEED, population=100_000)
    client.force_login(staff_user)
    page = client.get("/de/staff/dashboard/").content.decode()
    assert "Karlsruhe" in page
    # Arbeit und Beruf: two services in Karlsruhe, 2.0 per 100,000.
    assert "2.0 (2)" in page or "2,0 (2)" in page


def bad_input_leaves_everything_as_it_was(source, message: str, limits=None) -> None:
    run(FEED, city="Karlsruhe")
    before = domains_of("Karlsruhe")
    if limits:
        limits()
    with pytest.raises(CommandError, match=message):
        run(source, city="Karlsruhe", population=1)
    assert domains_of("Karlsruhe") == before
    assert ComparisonCity.objects.get().population == 308_000


def test_a_feed_of_another_schema_is_refused(tmp_path):
    feed = json.loads(FEED.read_text(encoding="utf-8"))
    del feed["contents"][2]["status"]
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    bad_input_leaves_everything_as_it_was(
        tmp_path / "feed.json", "Service 3 does not follow the HSDS 3.0 schema.*'status'"
    )


def test_a_feed_larger_than_the_limit_is_refused(settings):
    def lower_limit():
        settings.HSDS_IMPORT_MAX_BYTES = 200

    bad_input_leaves_everything_as_it_was(FEED, "larger than the limit of 200 bytes", lower_limit)


def test_a_feed_not_in_utf8_is_refused(tmp_path):
    (tmp_path / "feed.json").write_bytes(FEED.read_text(encoding="utf-8").encode("latin-1"))
    bad_input_leaves_everything_as_it_was(tmp_path / "feed.json", "not UTF-8")


def test_a_feed_that_is_no_json_is_refused(tmp_path):
    (tmp_path / "feed.json").write_text("<html>Not found</html>", encoding="utf-8")
    bad_input_leaves_everything_as_it_was(tmp_path / "feed.json", "not JSON")


def test_a_missing_file_is_named():
    bad_input_leaves_everything_as_it_was("/nonexistent/feed.json", "no file /nonexistent")


def test_a_url_that_does_not_answer_times_out(settings):
    settings.HSDS_IMPORT_TIMEOUT_SECONDS = 1
    silent = socket.create_server(("127.0.0.1", 0))
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/services?full=true"
        bad_input_leaves_everything_as_it_was(url, "did not answer within 1 seconds")
    finally:
        thread.join(timeout=5)
        for connection, _address in accepted:
            connection.close()
        silent.close()
