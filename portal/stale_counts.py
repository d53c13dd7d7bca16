"""List totals that may be a minute old, and insight figures that may be minutes old (issue 21).

Counting a big employer's three thousand contracts cost more database time than the rest of the
dashboard together, on every page of the list. The number above the list ("3.012 medewerkers")
may lag a minute behind without anyone being misled; the rows themselves are always fresh.
Kept per process (each gunicorn worker counts once a minute per key) and bounded in size.
Figures other than one number are kept the same way (`kept_figures`): the insights page's (at
national scale seconds of SQL over the workflow events; a report may be minutes old if it says
so) and the admin overview's counts per state.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

MAX_KEYS = 2000
T = TypeVar("T")


class StaleCounts(Generic[T]):
    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS):
        self.clock = clock
        self.max_keys = max_keys
        self._counts: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, max_age: float, count: Callable[[], T], keep: bool = False) -> T:
        """The count kept for `key` if younger than max_age seconds, else count(), which is kept
        when max_age is above 0 or `keep` is set (a fresh count that replaces a kept one)."""
        if max_age <= 0 and not keep:
            return count()
        now = self.clock()
        with self._lock:
            kept = self._counts.get(key)
            if kept is not None and now - kept[0] < max_age:  # never with max_age 0
                self._counts.move_to_end(key)
                return kept[1]
        total = count()
        with self._lock:
            self._counts[key] = (now, total)
            self._counts.move_to_end(key)
            while len(self._counts) > self.max_keys:
                self._counts.popitem(last=False)
        return total

    def clear(self) -> None:
        with self._lock:
            self._counts.clear()


stale_counts: StaleCounts[int] = StaleCounts()
kept_figures: StaleCounts[Any] = StaleCounts(max_keys=200)
