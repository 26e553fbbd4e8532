"""The photo memory cache: values kept least-recently-used first out, bounded by the bytes they add
up to, never by their number."""

from __future__ import annotations

import threading

from kiosk.core.photos.lru import ByteLRU


def _cache(limit: int = 10) -> ByteLRU[bytes]:
    return ByteLRU(limit, len)


def test_a_value_put_is_got_back_and_a_missing_one_is_none() -> None:
    cache = _cache()
    cache.put("a", b"123")
    assert cache.get("a") == b"123"
    assert cache.get("b") is None
    assert len(cache) == 1 and cache.bytes == 3


def test_the_least_recently_used_values_go_first_once_the_bytes_pass_the_limit() -> None:
    cache = _cache(10)
    cache.put("a", b"1234")
    cache.put("b", b"1234")
    assert cache.get("a") == b"1234"  # now "b" is the least recently used
    cache.put("c", b"1234")
    assert cache.get("b") is None
    assert cache.get("a") == b"1234" and cache.get("c") == b"1234"
    assert cache.bytes == 8
    cache.put("d", b"123456789")  # evicts as many as it takes
    assert len(cache) == 1 and cache.get("d") == b"123456789" and cache.bytes == 9


def test_putting_a_key_again_replaces_its_value_and_counts_its_bytes_once() -> None:
    cache = _cache(10)
    cache.put("a", b"123456")
    cache.put("a", b"12")
    assert cache.get("a") == b"12"
    assert len(cache) == 1 and cache.bytes == 2


def test_a_value_larger_than_the_limit_is_not_kept_and_drops_the_old_value_of_its_key() -> None:
    cache = _cache(10)
    cache.put("small", b"12")
    cache.put("a", b"123")
    cache.put("a", b"x" * 11)
    assert cache.get("a") is None  # not the stale value either
    assert cache.get("small") == b"12"  # nothing else is evicted for it
    assert cache.bytes == 2


def test_clear_forgets_everything() -> None:
    cache = _cache()
    cache.put("a", b"1")
    cache.put("b", b"2")
    cache.clear()
    assert len(cache) == 0 and cache.bytes == 0 and cache.get("a") is None


def test_the_byte_count_stays_true_when_threads_put_at_once() -> None:
    cache = _cache(1000)

    def fill(worker: int) -> None:
        for i in range(500):
            cache.put(f"{worker}-{i % 50}", b"x" * (i % 17 + 1))

    threads = [threading.Thread(target=fill, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = [cache.get(f"{w}-{k}") for w in range(4) for k in range(50)]
    assert cache.bytes == sum(len(v) for v in kept if v is not None) <= 1000
