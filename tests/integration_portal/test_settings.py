import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from integration_portal.settings import cache_from_url, database_from_url, envbool, envint, envlist


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("On", True), ("0", False), ("no", False), ("", False)],
)
def test_envbool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("PORTAL_FLAG", raw)
    assert envbool("PORTAL_FLAG", default=not expected) is expected


def test_envbool_rejects_a_typo_loudly(monkeypatch):
    monkeypatch.setenv("PORTAL_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_FLAG"):
        envbool("PORTAL_FLAG", default=False)


def test_envint_rejects_text(monkeypatch):
    monkeypatch.setenv("PORTAL_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="PORTAL_NUMBER"):
        envint("PORTAL_NUMBER", 1)


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("PORTAL_HOSTS", " a.example , b.example,,")
    assert envlist("PORTAL_HOSTS", []) == ["a.example", "b.example"]


def test_database_url_is_translated_for_django():
    database = database_from_url(
        "postgresql://portal:s%40cret@db.internal:5433/portal?sslmode=require"
    )
    assert database["NAME"] == "portal"
    assert database["USER"] == "portal"
    assert database["PASSWORD"] == "s@cret"
    assert database["HOST"] == "db.internal"
    assert database["PORT"] == "5433"
    assert database["OPTIONS"]["sslmode"] == "require"
    assert database["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_connections_cost_random_reads_as_on_ssds_unless_the_url_says_otherwise():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        # The portal's own prepared statements are planned once (no other is prepared).
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
    plain = database_from_url("postgresql:///portal?options=-c%20work_mem%3D8MB")
    assert plain["OPTIONS"]["options"] == "-c work_mem=8MB"


def test_database_url_defaults_to_the_local_socket():
    database = database_from_url("postgresql:///integration_portal")
    assert database["NAME"] == "integration_portal"
    assert database["HOST"] == ""


@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://x/y", "postgresql://host/"])
def test_database_url_refuses_anything_but_a_named_postgresql_database(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_the_database_cache_is_the_default_and_redis_is_chosen_by_cache_url():
    assert cache_from_url("")["BACKEND"] == "integration_portal.cache.AsyncCommitDatabaseCache"
    redis = cache_from_url("redis://127.0.0.1:6379/3")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_a_cache_url_of_another_kind_is_refused_loudly():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PORT": "8123"}, "SITE_URL=http://127.0.0.1:8123 "),
        (
            {"PORT": "8123", "SITE_URL": "https://portal.example.org"},
            "SITE_URL=https://portal.example.org ",
        ),
    ],
)
def test_make_run_links_mails_to_the_port_it_serves(environment, expected):
    """`make run` serves on PORT; the links in its mails point there unless SITE_URL is given."""
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "SITE_URL"}}
    make = shutil.which("make")
    dry_run = subprocess.run(  # noqa: S603 (a fixed command line)
        [make, "-n", "run"],
        cwd=root,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert expected in serve
    assert serve.endswith(f"runserver 127.0.0.1:{environment['PORT']}")


def _middleware_with(environment: dict[str, str]) -> list[str]:
    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_COMPRESS_PAGES"}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from integration_portal import settings; print(','.join(settings.MIDDLEWARE))",
        ],
        cwd=root,
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return printed.strip().split(",")


def test_pages_are_left_to_the_proxy_to_compress_unless_asked():
    assert "django.middleware.gzip.GZipMiddleware" not in _middleware_with({})


@pytest.mark.django_db
def test_without_a_proxy_the_portal_compresses_its_pages_itself(client, settings):
    middleware = _middleware_with({"DJANGO_COMPRESS_PAGES": "1"})
    gzip = middleware.index("django.middleware.gzip.GZipMiddleware")
    assert middleware[gzip - 1] == "whitenoise.middleware.WhiteNoiseMiddleware"
    settings.MIDDLEWARE = middleware

    response = client.get("/de/", headers={"accept-encoding": "gzip, br"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_make_serve_compresses_the_pages():
    root = Path(__file__).resolve().parents[2]
    dry_run = subprocess.run(  # noqa: S603 (a fixed command line)
        [shutil.which("make") or "make", "-n", "serve"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = next(line for line in dry_run.splitlines() if "gunicorn" in line)
    assert "DJANGO_COMPRESS_PAGES=1" in serve
