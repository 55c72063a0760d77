"""Check that PostgreSQL answers and create the portal's database if missing.

Runs before migrate in `make run` and before the tests, so that a stopped
database server gives one clear sentence instead of a traceback.
"""

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql


def _connection_kwargs(dbname: str) -> dict:
    database = settings.DATABASES["default"]
    kwargs = {
        "dbname": dbname,
        "user": database["USER"] or None,
        "password": database["PASSWORD"] or None,
        "host": database["HOST"] or None,
        "port": database["PORT"] or None,
        "connect_timeout": 3,
        "autocommit": True,
    }
    return {key: value for key, value in kwargs.items() if value is not None}


class Command(BaseCommand):
    help = (
        "Check that PostgreSQL is reachable; with --create, create the database if it is missing."
    )
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("--create", action="store_true", help="create the database if missing")

    def handle(self, *args, create: bool = False, **options) -> None:
        name = settings.DATABASES["default"]["NAME"]
        try:
            connection = psycopg.connect(**_connection_kwargs("postgres"))
        except psycopg.OperationalError as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
            raise CommandError(
                "PostgreSQL cannot be reached "
                f"({reason}).\nStart it, e.g. with: "
                "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"
                "or point DATABASE_URL at a running server."
            ) from None
        with connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists or not create:
                return
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            self.stdout.write(f"Created database {name}.")
