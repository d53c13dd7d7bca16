"""Shared by the queue benchmarks: a throw-away database, and worker processes started together.

Each worker is its own process, as the CLI workers run in production (threads in one process
would measure the GIL); the clock starts when every worker is connected and ready.
"""
from __future__ import annotations

import multiprocessing
import tempfile
import time
from pathlib import Path


class TmpFactory:
    """What tests.dbutil.temporary_database needs of pytest's tmp_path_factory."""

    def mktemp(self, prefix):
        return Path(tempfile.mkdtemp(prefix=prefix))


def timed_workers(target, args: tuple, count: int) -> float:
    """Start `count` processes of target(*args, ready, go); seconds from "go" until all ended."""
    context = multiprocessing.get_context("spawn")
    ready, go = context.Barrier(count + 1), context.Event()
    workers = [context.Process(target=target, args=(*args, ready, go)) for _ in range(count)]
    for process in workers:
        process.start()
    ready.wait()
    started = time.perf_counter()
    go.set()
    for process in workers:
        process.join()
    return time.perf_counter() - started
