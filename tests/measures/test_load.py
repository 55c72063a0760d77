"""The load generator of `make bench` on a small scale: its figures come from
the requests it really made, and its visitors open what the pages list."""

import pytest

from bench.load import A_LISTED_LINK, LOAD_HEADER, ConnectionSampler, run_load
from tests.servers import gunicorn, portal_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_load_generator_times_answers_counts_errors_and_follows_listed_links(
    make_measure, tmp_path
):
    measure = make_measure("Sprachcafé am Abend")
    walk = ["/healthz", "/de/measures/", A_LISTED_LINK, "/de/not-a-page/"]
    with (
        gunicorn(portal_env(), tmp_path / "gunicorn.log") as base_url,
        ConnectionSampler() as connections,
    ):
        result = run_load(
            "walk",
            base_url,
            [walk, walk],
            seconds=2,
            link_pattern=r'href="(/de/measures/(?!handout/)[a-z0-9-]+/)"',
        )
        trivial = run_load("trivial", base_url, [["/healthz"]], seconds=1)

    assert result.visited == {*walk[:2], measure.get_absolute_url(), walk[3]}
    assert result.requests >= 8
    # Each round has one page that does not exist; a client stops mid-round.
    assert abs(result.errors - result.requests / 4) <= 2
    assert 0 < result.percentile_ms(50) <= result.percentile_ms(99)
    assert trivial.errors == 0 and trivial.per_second > 0
    assert connections.peak >= 1  # the workers' connections to this database
    row = result.row(trivial)
    assert row.startswith("walk") and len(row) == len(LOAD_HEADER)
