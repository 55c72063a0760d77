"""The database cache, with writes that do not wait for the disk.

Every cache miss stores its result (a rendered page, facet counts) in its own
transaction. PostgreSQL makes each commit wait until the write-ahead log is
flushed to disk, so under many misses the disk's flush latency sets the pace.
A cache entry may be lost in a crash without harm – it is computed again – so
its transaction commits asynchronously (`synchronous_commit = off`): the
server confirms at once and flushes within a fraction of a second. Data of
the portal keeps waiting for the disk: a write made inside a transaction of
the portal (a booking, a review) leaves that transaction as it is.

Django's own write reads the key, then updates or inserts in a transaction,
and counts the whole table first to see whether it must drop old entries: five
statements, one of them as slow as the table is long. A plain `set` here is
one round trip (`SET LOCAL synchronous_commit` and an `INSERT … ON CONFLICT
DO UPDATE` in one query string), and the table is counted on every
`CULL_CHECK_EVERY`-th write of a process only; between two counts it can
outgrow `MAX_ENTRIES` by that many entries per process.

The table itself is unlogged (migration `0008_unlogged_cache_table`): no
write-ahead log at all for its entries, which a crash empties.
"""

import base64
import pickle  # nosec B403 (our own values only, as Django's DatabaseCache pickles them)
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router
from django.utils import timezone

CULL_CHECK_EVERY = 50


class AsyncCommitDatabaseCache(DatabaseCache):
    def __init__(self, table, params):
        super().__init__(table, params)
        self._writes_since_count = CULL_CHECK_EVERY

    def _base_set(self, mode, key, value, timeout=DEFAULT_TIMEOUT):
        connection = connections[router.db_for_write(self.cache_model_class)]
        if connection.in_atomic_block:
            return super()._base_set(mode, key, value, timeout)
        if mode == "set":
            return self._upsert(connection, key, value, timeout)
        # For this write alone (two statements, no savepoint as `SET LOCAL`
        # inside a transaction of our own would add).
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        try:
            return super()._base_set(mode, key, value, timeout)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")

    def _upsert(self, connection, key, value, timeout) -> bool:
        timeout = self.get_backend_timeout(timeout)
        expires = (
            datetime.max if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        ).replace(microsecond=0, tzinfo=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        table = connection.ops.quote_name(self._table)
        try:
            with connection.cursor() as cursor:
                self._cull_now_and_then(connection, cursor, table)
                # One round trip: both statements go as one query string, which
                # PostgreSQL runs as one transaction, so `SET LOCAL` holds for
                # this insert alone.
                insert = f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608 (the table's name from the settings)
                upsert = (
                    "SET LOCAL synchronous_commit TO OFF; "
                    + insert
                    + "ON CONFLICT (cache_key) DO UPDATE "
                    "SET value = EXCLUDED.value, expires = EXCLUDED.expires"
                )
                cursor.execute(
                    upsert, [key, encoded, connection.ops.adapt_datetimefield_value(expires)]
                )
        except DatabaseError:
            return False
        return True

    def _cull_now_and_then(self, connection, cursor, table: str) -> None:
        self._writes_since_count += 1
        if self._writes_since_count < CULL_CHECK_EVERY:
            return
        self._writes_since_count = 0
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (the table's name from the settings)
        entries = cursor.fetchone()[0]
        if entries > self._max_entries:
            now = timezone.now().replace(microsecond=0)
            self._cull(connection.alias, cursor, now, entries)
