"""Small timing helpers shared by the benchmarks of the apps."""

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Timing:
    label: str
    seconds: list[float]
    queries: list[int]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000

    @property
    def queries_text(self) -> str:
        low, high = min(self.queries), max(self.queries)
        return str(low) if low == high else f"{low}–{high}"

    def row(self) -> str:
        return f"{self.label:<44} {self.median_ms:>9.1f} {self.p95_ms:>9.1f} {self.queries_text:>8}"


HEADER = f"{'':<44} {'median ms':>9} {'p95 ms':>9} {'queries':>8}"


def time_calls(label: str, calls: Iterable[Callable[[], object]]) -> Timing:
    """Run each call once, timing it and counting its SQL queries."""
    seconds, queries = [], []
    for call in calls:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - started)
        queries.append(len(captured))
    return Timing(label, seconds, queries)
