"""The Redis cache the site runs on (okr_site.cache): Django's, keeping one client."""

import os
import uuid

import pytest

from okr_site.cache import RedisCache

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")


@pytest.fixture
def redis_cache():
    cache = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_it_reads_back_what_was_written_alone_and_in_bulk(redis_cache):
    redis_cache.set("one", {"a": 1})
    redis_cache.set_many({"two": "2", "three": [3]})
    assert redis_cache.get("one") == {"a": 1}
    assert redis_cache.get_many(["two", "three", "four"]) == {"two": "2", "three": [3]}
    redis_cache.delete("one")
    assert redis_cache.get("one") is None


def test_it_asks_redis_through_one_client_instead_of_a_new_one_each_time(redis_cache):
    redis_cache.get("one")
    client = redis_cache._cache.get_client()
    redis_cache.set("one", 1)
    assert redis_cache._cache.get_client() is client
    assert redis_cache._cache.get_client(write=True) is client
