"""Results of a read-only server, kept and shared: the store cannot change under it.

A read-only server's workers see one snapshot of the store, so the same query with the same
bindings and format always gives the same bytes. Keeping recent replies, and letting
concurrent identical requests wait for one computation instead of each taking a worker,
turns a burst of dashboard queries into one run per query. Servers that accept updates do
not cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future

from .pool import Job, Reply

__all__ = ["ResultCache", "job_key"]


def job_key(job: Job) -> Hashable:
    """Everything that decides a query's reply."""
    return (
        job.sparql,
        tuple(sorted(job.params.items())),
        tuple(sorted(job.terms.items())),
        job.solution_format,
        job.graph_format,
        job.max_rows,
    )


class ResultCache:
    """A bounded LRU of successful replies, with single-flight computation per key."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_entries: int = 512) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Reply] = OrderedDict()
        self._bytes = 0
        self._pending: dict[Hashable, Future[Reply]] = {}
        self.hits = 0
        self.misses = 0

    def get_or_run(self, job: Job, run: Callable[[Job], Reply]) -> Reply:
        """The cached reply for ``job``, or run it once for every caller that asks meanwhile."""
        key = job_key(job)
        with self._lock:
            reply = self._entries.get(key)
            if reply is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return reply
            pending = self._pending.get(key)
            owner = pending is None
            if owner:
                pending = self._pending[key] = Future()
                self.misses += 1
        assert pending is not None
        if not owner:
            return pending.result()
        try:
            reply = run(job)
        except BaseException as exc:
            with self._lock:
                del self._pending[key]
            pending.set_exception(exc)
            raise
        with self._lock:
            del self._pending[key]
            if reply.status == 200 and len(reply.body) <= self.max_bytes // 4:
                self._store(key, reply)
        pending.set_result(reply)
        return reply

    def _store(self, key: Hashable, reply: Reply) -> None:
        self._entries[key] = reply
        self._bytes += len(reply.body)
        while self._entries and (self._bytes > self.max_bytes or len(self._entries) > self.max_entries):
            _, old = self._entries.popitem(last=False)
            self._bytes -= len(old.body)
