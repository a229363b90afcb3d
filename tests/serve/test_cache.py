"""The read-only server's reply cache: reuse, single flight, bounds, and no caching of failures."""

from __future__ import annotations

import threading
import time

import pytest

from diplokg.serve.app import Backend, ServeConfig
from diplokg.serve.cache import ResultCache
from diplokg.serve.pool import Job, Reply


def _counting(body: bytes = b"{}", status: int = 200, delay: float = 0.0):
    calls: list[str] = []

    def run(job: Job) -> Reply:
        calls.append(job.sparql)
        time.sleep(delay)
        return Reply(status, "application/json", body)

    return run, calls


def test_repeated_query_runs_once():
    cache, (run, calls) = ResultCache(), _counting()
    for _ in range(3):
        assert cache.get_or_run(Job("SELECT * {}"), run).body == b"{}"
    assert calls == ["SELECT * {}"] and (cache.hits, cache.misses) == (2, 1)


def test_format_bindings_and_row_limit_are_part_of_the_key():
    cache, (run, calls) = ResultCache(), _counting()
    cache.get_or_run(Job("Q", solution_format="json"), run)
    cache.get_or_run(Job("Q", solution_format="csv"), run)
    cache.get_or_run(Job("Q", params={"a": '"x"'}), run)
    cache.get_or_run(Job("Q", max_rows=5), run)
    assert len(calls) == 4


def test_concurrent_identical_requests_share_one_run():
    cache, (run, calls) = ResultCache(), _counting(delay=0.3)
    replies: list[Reply] = []
    threads = [threading.Thread(target=lambda: replies.append(cache.get_or_run(Job("slow"), run))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(replies) == 8 and calls == ["slow"]


def test_failures_are_not_kept():
    cache = ResultCache()
    run, calls = _counting(status=400)
    cache.get_or_run(Job("bad"), run)
    cache.get_or_run(Job("bad"), run)
    assert len(calls) == 2

    def boom(job: Job) -> Reply:
        raise TimeoutError("slow")

    for _ in range(2):
        with pytest.raises(TimeoutError):
            cache.get_or_run(Job("t"), boom)


def test_size_bound_evicts_least_recent():
    cache = ResultCache(max_bytes=400, max_entries=10)
    run, calls = _counting(body=b"x" * 100)
    for name in ("a", "b", "c", "d", "e"):
        cache.get_or_run(Job(name), run)
    cache.get_or_run(Job("e"), run)  # still cached
    cache.get_or_run(Job("a"), run)  # evicted, runs again
    assert calls == ["a", "b", "c", "d", "e", "a"]


def test_only_read_only_servers_cache(tmp_path):
    from diplokg.graph.store import OxigraphStore

    location = tmp_path / "store"
    OxigraphStore(location).close()
    read_only = Backend(ServeConfig(location=str(location), workers=1))
    writable = Backend(ServeConfig(location=str(location), workers=1, update_token="t" * 20))
    try:
        assert read_only.cache is not None and writable.cache is None
    finally:
        read_only.close()
        writable.close()
