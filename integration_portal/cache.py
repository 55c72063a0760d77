"""The database cache, with writes that do not wait for the disk.

Every cache miss stores its result (a rendered page, facet counts) in its own
transaction. PostgreSQL makes each commit wait until the write-ahead log is
flushed to disk, so under many misses the disk's flush latency sets the pace.
A cache entry may be lost in a crash without harm – it is computed again – so
its transaction commits asynchronously (`synchronous_commit = off`): the
server confirms at once and flushes within a fraction of a second. Data of
the portal keeps waiting for the disk: a write made inside a transaction of
the portal (a booking, a review) leaves that transaction as it is.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router


class AsyncCommitDatabaseCache(DatabaseCache):
    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.in_atomic_block:
            return super()._base_set(mode, key, value, timeout)
        # For this write alone (two statements, no savepoint as `SET LOCAL`
        # inside a transaction of our own would add).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        try:
            return super()._base_set(mode, key, value, timeout)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
