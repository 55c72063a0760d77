"""The portal under gunicorn, and a crowd of concurrent clients to measure it.

`make bench` uses both for the load table; the tests use `gunicorn()` for the
booking race and the database outage. Each client is its own process, so the
clients do not share one interpreter lock while they wait for answers.
"""

import contextlib
import http.client
import multiprocessing
import random
import re
import socket
import statistics
import subprocess  # starts gunicorn; each call is checked on its own line  # nosec B404
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection, connections

PROJECT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], log_path: Path, workers: int = 2, access_log: bool = True
) -> Iterator[str]:
    """The portal under gunicorn; yields its base URL, stops it afterwards."""
    port = free_port()
    arguments = [
        str(Path(sys.executable).parent / "gunicorn"),
        # Production's settings: logs with tokens and keys masked.
        "--config=python:integration_portal.gunicorn_config",
        "integration_portal.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--timeout=30",
    ]
    if not access_log:
        arguments.append("--access-logfile=/dev/null")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 -- fixed arguments, no user input  # nosec B603
            arguments, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(f"{base_url}/healthz", process)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=1),  # noqa: S310 -- local server we started  # nosec B310
        ):
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer in time")


@dataclass
class LoadResult:
    label: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    visited: set[str] = field(default_factory=set)

    @property
    def distinct_paths(self) -> int:
        return len(self.visited)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile_ms(self, percent: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100)[percent - 1] * 1000

    def row(self, reference: "LoadResult") -> str:
        share = self.per_second / reference.per_second
        return (
            f"{self.label:<40} {self.per_second:>7.1f} {self.percentile_ms(50):>7.1f} "
            f"{self.percentile_ms(95):>7.1f} {self.percentile_ms(99):>7.1f} "
            f"{self.errors:>6} {self.distinct_paths:>8} {share:>10.1%}"
        )


LOAD_HEADER = (
    f"{'':<40} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'errors':>6} {'distinct':>8} {'of trivial':>10}"
)


# In a list of paths: open one of the links the previous page lists, the
# first ones more often than the last, as visitors of result lists do.
A_LISTED_LINK = "a listed link"


def _client(
    arguments: tuple[int, str, list[str], str, float],
) -> tuple[list[float], int, set[str]]:
    """One visitor after another: request the paths in turn until the deadline,
    timing each; returns the times, the number of errors and the paths visited."""
    number, base_url, paths, link_pattern, deadline = arguments
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    links = re.compile(link_pattern)
    rng = random.Random(number)  # noqa: S311 -- simulated visitors, not security
    latencies, errors, visited = [], 0, set()
    body = b""
    index = 0
    while time.time() < deadline:
        path = paths[index % len(paths)]
        index += 1
        if path == A_LISTED_LINK:
            listed = links.findall(body.decode(errors="replace")) or [paths[0]]
            path = rng.choices(listed, weights=[1 / rank for rank in range(1, len(listed) + 1)])[0]
        visited.add(path)
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(host, port, timeout=30)
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            conn.close()
            ok = response.status == 200
        except OSError:
            ok, body = False, b""
        latencies.append(time.perf_counter() - started)
        errors += not ok
    return latencies, errors, visited


class ConnectionSampler:
    """Counts the database's client connections every 100 ms; keeps the peak."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "ConnectionSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                    self.peak = max(self.peak, cursor.fetchone()[0])
                self._stop.wait(0.1)
        finally:
            connection.close()


def run_load(
    label: str,
    base_url: str,
    paths_per_client: list[list[str]],
    seconds: float,
    link_pattern: str = "(?!)",
) -> LoadResult:
    """Each list of paths is one client, all at once for `seconds`. A path
    `A_LISTED_LINK` opens one of the links of the previous page that match
    `link_pattern`, as a visitor picks a result."""
    # Forked clients must not inherit the parent's database connections.
    connections.close_all()
    deadline = time.time() + seconds
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(len(paths_per_client)) as pool:
        outcomes = pool.map(
            _client,
            [
                (number, base_url, paths, link_pattern, deadline)
                for number, paths in enumerate(paths_per_client)
            ],
        )
    result = LoadResult(label, seconds=time.perf_counter() - started)
    for latencies, errors, visited in outcomes:
        result.latencies.extend(latencies)
        result.errors += errors
        result.visited |= visited
    return result
