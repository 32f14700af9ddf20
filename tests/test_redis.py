"""The shared cache on the real Redis server (runs when TWOFOLD_TEST_REDIS_URL is set)."""

from __future__ import annotations

import os
import uuid

import pytest

from twofold.settings import load_settings

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL")
pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="TWOFOLD_TEST_REDIS_URL is not set")]


def test_settings_accept_the_redis_url():
    assert load_settings({"TWOFOLD_REDIS_URL": REDIS_URL}).redis_url == REDIS_URL


def test_cache_round_trip_through_the_redis_backend():
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(REDIS_URL, {})
    key = f"twofold-test-{uuid.uuid4()}"
    cache.set(key, {"partners": 2}, timeout=30)
    assert cache.get(key) == {"partners": 2}
    cache.delete(key)
    assert cache.get(key) is None
