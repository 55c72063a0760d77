"""The catalogue's shared cache in Redis (CACHE_URL=redis://…): pages come
from Redis without a database query, and a change shows at once."""

import pytest
from django.core.cache import cache

from integration_portal.settings import cache_from_url

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379")
    settings.CACHES = {"default": cache_from_url(REDIS_URL)}
    cache.clear()
    yield cache
    cache.clear()


def test_a_cached_catalogue_page_comes_from_redis_without_a_query(
    client, make_measure, redis_cache, django_assert_num_queries
):
    measure = make_measure("Nähcafé für Frauen")
    first = client.get("/de/measures/?domain=language")
    with django_assert_num_queries(0):
        second = client.get("/de/measures/?domain=language")
    assert second.content == first.content

    measure.title_de = measure.summary_de = "Nähwerkstatt für Frauen"
    measure.save()
    html = client.get("/de/measures/?domain=language").content.decode()
    assert "Nähwerkstatt für Frauen" in html
    assert "Nähcafé für Frauen" not in html
