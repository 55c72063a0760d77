"""Booking over real HTTP under gunicorn: fifty visitors racing for one slot, and
a booking sent while the database is away.

Each visitor is a separate anonymous client with its own cookies and its own
loopback address (127.0.0.x), as distinct people on distinct networks would
be: the per-address booking limit counts each of them once, as it should.
"""

import http.client
import re
import threading
import time
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import holidays
import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from counselling.models import Appointment, AvailabilityRule, Client, Counsellor, Mode, Topic
from counselling.slots import free_slots
from integration_portal.models import Language, User
from tests.servers import TcpProxy, fetch, gunicorn, portal_env

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RACERS = 50
TAKEN_TEXT = "This time was just taken"
UNAVAILABLE_TEXT = "Temporarily unavailable"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    location: str
    body: str


@dataclass
class Visitor:
    """One anonymous person with a browser of her own, talking plain HTTP."""

    base_url: str
    address: str
    cookies: dict[str, str] = field(default_factory=dict)
    csrf_token: str = ""

    def request(
        self, method: str, path: str, form: dict | None = None, timeout: float = 60
    ) -> Response:
        parts = urlsplit(self.base_url)
        connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=timeout, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrfmiddlewaretoken": self.csrf_token, **form}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode()
        finally:
            connection.close()
        # The cookies are marked Secure; this client keeps them over plain HTTP anyway.
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if token := _CSRF_INPUT.search(text):
            self.csrf_token = token.group(1)
        return Response(answer.status, answer.headers.get("Location", ""), text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict, timeout: float = 60) -> Response:
        return self.request("POST", path, form, timeout=timeout)

    def answer_until_check(self, *, language: Language, slot_key: str, email: str) -> None:
        """Walk the booking questions up to the page that checks the answers."""
        born = timezone.localdate() - timedelta(days=365)
        steps = [
            (
                "child",
                {"child_month": born.month, "child_year": born.year},
                "/en/counselling/topic/",
            ),
            ("topic", {"topic": Topic.CAREER}, "/en/counselling/language/"),
            ("language", {"language": language.pk}, "/en/counselling/mode/"),
            ("mode", {"mode": Mode.PHONE}, "/en/counselling/time/"),
            ("time", {"slot": slot_key}, "/en/counselling/details/"),
            (
                "details",
                {
                    "name": "Ayşe",
                    "email": email,
                    # Phone appointments need a number; each client has her own.
                    "phone": f"+49711{zlib.crc32(email.encode()) % 10**6:06d}",
                    "consent": "on",
                    "website": "",
                },
                "/en/counselling/check/",
            ),
        ]
        assert self.get("/en/counselling/child/").status == 200
        for step, form, following in steps:
            response = self.post(f"/en/counselling/{step}/", form)
            assert (response.status, response.location) == (302, following), (step, response.body)
        check = self.get("/en/counselling/check/")
        assert check.status == 200 and "Check your answers" in check.body

    def confirm(self, timeout: float = 60) -> Response:
        return self.post("/en/counselling/check/", {}, timeout=timeout)


def _bookable_weekday() -> date:
    """A working day beyond the notice period, not a public holiday."""
    day = timezone.localdate() + timedelta(days=3)
    public_holidays = holidays.Germany(subdiv="BW", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in public_holidays:
        day += timedelta(days=1)
    return day


@pytest.fixture
def one_free_slot() -> tuple[Language, str]:
    """A counsellor with exactly one bookable hour in the whole booking horizon."""
    german = Language.objects.get(code="de")
    counsellor = Counsellor.objects.create(
        user=User.objects.create_user(email="racing-counsellor@example.org"),
        modes=[Mode.PHONE],
        topics=[Topic.CAREER],
    )
    counsellor.languages.add(german)
    day = _bookable_weekday()
    AvailabilityRule.objects.create(
        counsellor=counsellor,
        weekday=day.weekday(),
        start_time=clock(10),
        end_time=clock(11),
        slot_minutes=60,
        mode=Mode.PHONE,
        valid_from=day,
        valid_until=day,
    )
    slots = free_slots()
    assert len(slots) == 1
    # Booking limits live in the shared cache table, which outlives a test's data.
    cache.clear()
    return german, slots[0].key


def _database_address() -> tuple[str, int]:
    database = settings.DATABASES["default"]
    return database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)


def test_fifty_visitors_racing_for_one_slot_under_gunicorn_give_one_appointment(
    one_free_slot, tmp_path
):
    german, slot_key = one_free_slot
    log_path = tmp_path / "gunicorn.log"
    with gunicorn(portal_env(), log_path, workers=2) as base_url:
        visitors = [Visitor(base_url, f"127.0.0.{number + 2}") for number in range(RACERS)]
        preparing = time.monotonic()
        with ThreadPoolExecutor(max_workers=10) as pool:
            list(
                pool.map(
                    lambda pair: pair[1].answer_until_check(
                        language=german, slot_key=slot_key, email=f"racer{pair[0]}@example.net"
                    ),
                    enumerate(visitors),
                )
            )

        prepared_in = time.monotonic() - preparing
        barrier = threading.Barrier(RACERS)

        def confirm(visitor: Visitor) -> Response:
            barrier.wait()
            return visitor.confirm()

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=RACERS) as pool:
            responses = list(pool.map(confirm, visitors))
        duration = time.monotonic() - started

    statuses = Counter(response.status for response in responses)
    booked = [response for response in responses if response.status == 302]
    taken = [response for response in responses if response.status == 409]
    print(
        f"{RACERS} visitors prepared in {prepared_in:.1f} s; "
        f"{RACERS} confirmations in {duration:.2f} s: {dict(statuses)}"
    )
    assert not [response for response in responses if response.status >= 500]
    assert len(booked) == 1 and booked[0].location == "/en/counselling/booked/"
    assert len(taken) == RACERS - 1
    assert all(TAKEN_TEXT in response.body for response in taken)
    assert Appointment.objects.active().count() == 1
    assert Client.objects.count() == 1
    assert "Traceback" not in log_path.read_text()


def test_a_booking_sent_while_the_database_is_away_is_not_half_written(one_free_slot, tmp_path):
    german, slot_key = one_free_slot
    email = "outage@example.net"
    proxy = TcpProxy(*_database_address()).start()
    env = portal_env(f"postgresql://127.0.0.1:{proxy.port}/{settings.DATABASES['default']['NAME']}")
    log_path = tmp_path / "gunicorn.log"
    try:
        with gunicorn(env, log_path) as base_url:
            visitor = Visitor(base_url, "127.0.0.2")
            visitor.answer_until_check(language=german, slot_key=slot_key, email=email)

            proxy.cut()
            started = time.monotonic()
            response = visitor.confirm(timeout=5)
            elapsed = time.monotonic() - started
            assert response.status == 503 and elapsed < 5
            assert UNAVAILABLE_TEXT in response.body
            assert "please send it again" in response.body

            proxy.restore()
            deadline = time.monotonic() + 10
            while fetch(f"{base_url}/readyz")[0] != 200 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert not Client.objects.filter(email=email).exists()
            assert not Appointment.objects.exists()

            response = visitor.confirm()
            assert (response.status, response.location) == (302, "/en/counselling/booked/")
            assert visitor.get(response.location).status == 200
    finally:
        proxy.stop()
    assert Appointment.objects.active().get().client.email == email
    log = log_path.read_text()
    assert "Traceback" not in log
    assert "database unavailable" in log
