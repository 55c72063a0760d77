"""Queries whose SQL Django builds once per process and day, and PostgreSQL
plans once per connection.

Building and compiling a query with subqueries can cost Python more than
PostgreSQL takes to run it: a measure's page spent 8.5 ms putting its query
together, 0.5 ms planning it and 0.2 ms running it. A prepared query is
built by the ORM once, with a stand-in for each value that changes between
uses; each use puts the values in and runs the same SQL as a prepared
statement of the connection. The objects come back as the ORM returns them:
the model with its `select_related` objects and annotations, each value
converted by its field, prefetches done.

The SQL is built anew each day and in each interface language, as querysets
such as `Measure.objects.visible()` put today's date into their conditions.
Prepared statements live in the database session: a connection pooler in
transaction mode (PgBouncer) would need its prepared-statement support.
"""

from collections.abc import Callable
from datetime import date

from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor
from django.db.backends.postgresql.psycopg_any import mogrify
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import get_related_populators
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language


class _PreparingCursor(ServerBindingCursor):
    """Parameters bound by the server, each statement prepared: PostgreSQL
    plans it on its first use in a session, not on every one."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, prepare=True, **kwargs)


class _Statement:
    """The statement as Django's query log reads it from a cursor."""

    def __init__(self, text: str) -> None:
        self.query = text.encode()


class _LoggedPreparingCursor(_PreparingCursor):
    """A preparing cursor whose statements show in Django's query log with
    their values (psycopg keeps no text of a prepared statement's run)."""

    def execute(self, query, params=None, **kwargs):
        result = super().execute(query, params, **kwargs)
        self._query = _Statement(mogrify(query, params, self.connection))
        return result


def preparing_cursor(connection):
    """A cursor of Django's whose statements are prepared in the session,
    their values bound by the server: for SQL whose text stays the same
    between uses while its values change. Its queries are logged and
    counted as any other, its errors are Django's."""
    connection.ensure_connection()
    logged = connection.queries_logged
    with connection.wrap_database_errors:
        inner = (_LoggedPreparingCursor if logged else _PreparingCursor)(connection.connection)
    return connection.make_debug_cursor(inner) if logged else connection.make_cursor(inner)


class _Compiled:
    """A queryset's SQL, where its values go, and how its rows become objects."""

    def __init__(self, queryset: QuerySet, stand_ins: dict[str, object]) -> None:
        self.queryset = queryset
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.places = {
            name: [index for index, value in enumerate(params) if value == stand_in]
            for name, stand_in in stand_ins.items()
        }
        missing = [name for name, indexes in self.places.items() if not indexes]
        if missing:
            raise ValueError(f"the query does not use {', '.join(missing)}")
        # As Django's ModelIterable turns rows into objects.
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_columns]]
        self.related_populators = get_related_populators(klass_info, select, self.db)
        self.annotation_columns = dict(compiler.annotation_col_map)
        self.converters = compiler.get_converters([column[0] for column in select])
        self.compiler = compiler

    def run(self, values: dict[str, object]) -> list:
        params = list(self.params)
        for name, indexes in self.places.items():
            for index in indexes:
                params[index] = values[name]
        with preparing_cursor(connections[self.db]) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        objects = []
        for row in rows:
            instance = self.model.from_db(self.db, self.init_list, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            for name, position in self.annotation_columns.items():
                setattr(instance, name, row[position])
            objects.append(instance)
        if self.queryset._prefetch_related_lookups:
            prefetch_related_objects(objects, *self.queryset._prefetch_related_lookups)
        return objects


class PreparedQuery:
    """`build(**values)` returns a queryset of model instances; `all(**values)`
    and `get_or_404(**values)` run its SQL with the values given. Each value
    is named with the type it has (`slug=str`, `pk=int`, or `pks=list` for a
    list of numbers, which the query takes as one array)."""

    def __init__(self, build: Callable[..., QuerySet], **types: type) -> None:
        self.build = build
        self.types = types
        self._compiled: dict[tuple[date, str | None], _Compiled] = {}

    def _stand_ins(self) -> dict[str, object]:
        # Values no query is ever asked for, each its own object, to find its place.
        def stand_in(number: int, name: str, kind: type) -> object:
            if kind is str:
                return f"\x00{name}\x00"
            if kind is list:  # of numbers (primary keys)
                return [-(2**62) - number]
            return kind(-(2**62) - number)

        return {
            name: stand_in(number, name, kind)
            for number, (name, kind) in enumerate(self.types.items())
        }

    def _compile(self) -> _Compiled:
        key = (timezone.localdate(), get_language())
        compiled = self._compiled.get(key)
        if compiled is None:
            stand_ins = self._stand_ins()
            compiled = _Compiled(self.build(**stand_ins), stand_ins)
            if any(day != key[0] for day, _language in self._compiled):
                self._compiled = {}  # yesterday's SQL is of no more use
            self._compiled[key] = compiled
        return compiled

    def all(self, **values) -> list:
        return self._compile().run(values)

    def get_or_404(self, **values):
        found = self.all(**values)
        if len(found) != 1:
            raise Http404
        return found[0]


def as_prefetched(instance, accessor: str, objects: list) -> None:
    """Hand `objects` (read by a prepared query) to `instance.<accessor>.all()`
    as `prefetch_related` would: a prefetch builds its query on every use."""
    queryset = getattr(instance, accessor).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[accessor] = queryset
