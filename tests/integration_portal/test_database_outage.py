"""The database goes away and comes back: the portal under gunicorn answers 503
quickly with a friendly page, and recovers without a restart."""

import time

import pytest
from django.conf import settings

from tests.servers import TcpProxy, fetch, gunicorn, portal_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_address() -> tuple[str, int]:
    database = settings.DATABASES["default"]
    return database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)


def _wait_for_status(url: str, expected: int, within: float) -> tuple[int, str, float]:
    started = time.monotonic()
    status, body = fetch(url, timeout=within)
    while status != expected and time.monotonic() - started < within:
        time.sleep(0.2)
        status, body = fetch(url, timeout=within)
    return status, body, time.monotonic() - started


def test_pages_answer_503_while_the_database_is_away_and_recover(tmp_path):
    proxy = TcpProxy(*_database_address()).start()
    env = portal_env(f"postgresql://127.0.0.1:{proxy.port}/{settings.DATABASES['default']['NAME']}")
    log_path = tmp_path / "gunicorn.log"
    try:
        with gunicorn(env, log_path) as base_url:
            assert fetch(f"{base_url}/readyz")[0] == 200
            assert fetch(f"{base_url}/de/")[0] == 200

            proxy.cut()
            status, _body, elapsed = _wait_for_status(f"{base_url}/readyz", 503, within=5)
            assert status == 503 and elapsed < 5
            for path in ["/de/", "/en/", "/de/info/privacy/"]:
                started = time.monotonic()
                status, body = fetch(f"{base_url}{path}", timeout=5)
                assert time.monotonic() - started < 5
                if path == "/de/info/privacy/":
                    # A page without a query still serves while the database is away.
                    assert status == 200
                    continue
                assert status == 503, path
                assert "Vorübergehend nicht erreichbar" in body or "Temporarily unavailable" in body
                assert "Traceback" not in body
            assert fetch(f"{base_url}/healthz")[0] == 200

            proxy.restore()
            status, _body, _elapsed = _wait_for_status(f"{base_url}/readyz", 200, within=10)
            assert status == 200
            assert fetch(f"{base_url}/de/")[0] == 200
    finally:
        proxy.stop()
    log = log_path.read_text()
    assert "Traceback" not in log
    assert "database unavailable" in log
