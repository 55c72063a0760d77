import pytest
from django.core.cache import cache

from integration_portal.ratelimit import exceeded


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_a_limit_counts_per_value_and_scope():
    assert not any(exceeded("test", "a@example.org", limit=3) for _ in range(3))
    assert exceeded("test", "a@example.org", limit=3)
    assert not exceeded("test", "b@example.org", limit=3)
    assert not exceeded("other", "a@example.org", limit=3)


@pytest.mark.django_db
def test_the_cache_never_holds_the_counted_value():
    exceeded("test", "mother@example.org", limit=3)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM portal_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and not any("mother" in key for key in keys)
