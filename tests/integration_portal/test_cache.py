"""The database cache commits its own writes without waiting for the disk,
and leaves a transaction of the portal's data as it is."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction

from integration_portal.cache import CULL_CHECK_EVERY, AsyncCommitDatabaseCache

ASYNC = "SET synchronous_commit TO OFF"
# A page is stored in one round trip: both statements in one query string,
# which PostgreSQL runs as one transaction.
ASYNC_INSERT = "SET LOCAL synchronous_commit TO OFF; INSERT INTO"


def statements_of(action) -> list[str]:
    executed = []

    def log(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        action()
    return executed


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_cache_entry_is_committed_without_waiting_for_the_disk():
    executed = statements_of(lambda: cache.set("page", "<html>", 60))

    assert executed[-1].startswith(ASYNC_INSERT)
    assert cache.get("page") == "<html>"
    # Only the cache's own write: the connection goes on committing safely.
    assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_a_cache_write_inside_the_portals_transaction_leaves_it_synchronous():
    with transaction.atomic():
        executed = statements_of(lambda: cache.set("page", "<html>", 60))
        assert synchronous_commit() == "on"

    assert not any("synchronous_commit" in sql for sql in executed)
    assert cache.get("page") == "<html>"


@pytest.mark.django_db(transaction=True)
def test_storing_a_page_is_one_round_trip_without_counting_the_table():
    cache.set("page", "<html>old</html>", 60)

    executed = statements_of(lambda: cache.set("page", "<html>new</html>", 60))

    assert len(executed) == 1
    assert executed[0].startswith(ASYNC_INSERT)
    assert "ON CONFLICT" in executed[0]
    assert cache.get("page") == "<html>new</html>"


@pytest.mark.django_db(transaction=True)
def test_the_table_is_counted_now_and_then_and_old_entries_dropped_when_full():
    small = AsyncCommitDatabaseCache(
        "portal_cache", {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}}
    )
    small.clear()
    counted = []
    for number in range(CULL_CHECK_EVERY * 2):
        executed = statements_of(lambda n=number: small.set(f"page-{n}", "<html>", 60))
        counted += [number for sql in executed if "COUNT(*)" in sql]

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM portal_cache")
        entries = cursor.fetchone()[0]
    # Counted on the first write and once after every CULL_CHECK_EVERY more:
    # the second count found 50 entries and dropped the older half of them.
    assert counted == [0, CULL_CHECK_EVERY]
    assert entries == CULL_CHECK_EVERY * 2 - CULL_CHECK_EVERY // 2


@pytest.mark.django_db(transaction=True)
def test_adding_still_commits_without_waiting_for_the_disk():
    executed = statements_of(lambda: cache.add("added-page", "first", 60))
    cache.delete("added-page")

    assert executed[0] == ASYNC
    assert executed[-1] == "RESET synchronous_commit"
    assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_adding_and_touching_keep_their_meaning():
    assert cache.add("page", "first", 60) is True
    assert cache.add("page", "second", 60) is False
    assert cache.get("page") == "first"
    assert cache.touch("page", 120) is True
    assert cache.touch("missing", 120) is False
    cache.set("never", "kept", None)
    assert cache.get("never") == "kept"


@pytest.mark.django_db
def test_the_cache_table_writes_no_log_and_keeps_its_entries():
    """Unlogged: PostgreSQL writes no log for a cached page (it is emptied
    after a crash, and worked out again); the entries hold as before."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'portal_cache'")
        assert cursor.fetchone() == ("u",)
    cache.set("page", "<html>…</html>")
    assert cache.get("page") == "<html>…</html>"
