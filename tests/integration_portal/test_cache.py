"""The database cache commits its own writes without waiting for the disk,
and leaves a transaction of the portal's data as it is."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction

ASYNC = "SET synchronous_commit TO OFF"


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

    assert executed[0] == ASYNC
    assert "INSERT" in " ".join(executed)
    assert executed[-1] == "RESET synchronous_commit"
    assert cache.get("page") == "<html>"
    # Only the cache's own write: the connection goes on committing safely.
    assert synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_a_cache_write_inside_the_portals_transaction_leaves_it_synchronous():
    with transaction.atomic():
        executed = statements_of(lambda: cache.set("page", "<html>", 60))
        assert synchronous_commit() == "on"

    assert ASYNC not in executed
    assert cache.get("page") == "<html>"
