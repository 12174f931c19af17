"""Django's Redis cache, keeping its Redis client instead of making one for every call.

Django's RedisCacheClient makes a new redis.Redis for each get or set; building one (its table
of reply handlers) took longer than the round trip to Redis itself, and a page asks the cache
several times (the session, the team tree's version, the bell, fragments). The client is only a
front to the connection pool, which Django already keeps, and is safe to share."""

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django_client: Any = self  # what follows is Django's own, missing from its type stubs
        pool = django_client._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:  # one per pool; pools are kept for the life of the process
            client = self._clients[id(pool)] = django_client._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
