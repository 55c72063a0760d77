"""Counselling speed (`make bench`): free slots for 10 counsellors over the
booking horizon with 500 booked appointments, booking throughput under 20
concurrent clients (each booking queues its confirmation in the outbox), and
how long the confirmations wait in the outbox while two workers send them
during that load."""

import logging
import random
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import time as clock
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import close_old_connections, connection
from django.test import Client as HttpClient
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from psycopg.types.range import Range

from counselling.models import (
    Absence,
    Appointment,
    AvailabilityRule,
    Client,
    Counsellor,
    Location,
    Mode,
    OutboxMessage,
    Topic,
)
from counselling.services import BookingError, ClientDetails, book_appointment
from counselling.slots import free_slots
from counselling.views import SESSION_KEY
from integration_portal.models import District, Language, User
from integration_portal.roles import COUNSELLOR

from .timing import HEADER, time_calls

SEED = 11
COUNSELLORS = 10
BOOKED = 500
CONCURRENT_CLIENTS = 20
BENCH_EMAIL = "bench-counsellor-{}@example.org"
BENCH_CLIENTS = "bench-client-"
OUTBOX_WORKERS = 2


def _remove_bench_clients() -> None:
    """The bench's clients and every appointment they booked, with any counsellor
    (the public slot list also offers the demo counsellors' slots)."""
    Appointment.objects.filter(client__email__startswith=BENCH_CLIENTS).delete()
    Client.objects.filter(email__startswith=BENCH_CLIENTS).delete()


def _prepare() -> tuple[list[Counsellor], Location]:
    """Ten counsellors with weekday rules, and nothing booked yet."""
    location, _created = Location.objects.get_or_create(
        name="Beratungsstelle Benchmark",
        defaults={
            "address": "Eberhardstraße 61, 70173 Stuttgart",
            "district": District.objects.get(slug="mitte"),
        },
    )
    languages = list(Language.objects.filter(code__in=["de", "tr", "ar", "uk", "en", "ru"]))
    group = Group.objects.get(name=COUNSELLOR)
    counsellors = []
    today = timezone.localdate()
    for number in range(COUNSELLORS):
        user, _created = User.objects.get_or_create(email=BENCH_EMAIL.format(number))
        user.groups.add(group)
        counsellor, _created = Counsellor.objects.get_or_create(
            user=user,
            defaults={"modes": [Mode.IN_PERSON, Mode.PHONE], "topics": list(Topic.values)},
        )
        counsellor.languages.set([languages[0], languages[1 + number % (len(languages) - 1)]])
        counsellor.locations.set([location])
        Appointment.objects.filter(counsellor=counsellor).delete()
        Absence.objects.filter(counsellor=counsellor).delete()
        counsellor.rules.all().delete()
        for weekday in range(5):
            # Mornings in person, afternoons by phone: never two modes at one time.
            AvailabilityRule.objects.create(
                counsellor=counsellor,
                weekday=weekday,
                start_time=clock(9),
                end_time=clock(12),
                slot_minutes=45,
                mode=Mode.IN_PERSON,
                location=location,
                valid_from=today,
            )
            AvailabilityRule.objects.create(
                counsellor=counsellor,
                weekday=weekday,
                start_time=clock(13),
                end_time=clock(16),
                slot_minutes=45,
                mode=Mode.PHONE,
                valid_from=today,
            )
        counsellors.append(counsellor)
    _remove_bench_clients()
    return counsellors, location


def _book_many(count: int) -> None:
    rng = random.Random(SEED)  # noqa: S311 -- generated test data, not security
    # Each counsellor's own slots: the public list offers one counsellor per time.
    slots = [
        slot
        for counsellor in Counsellor.objects.filter(user__email__startswith="bench-counsellor-")
        for slot in free_slots(notice=timedelta(0), counsellor_id=counsellor.pk)
    ]
    german = Language.objects.get(code="de")
    born = (timezone.localdate() - timedelta(days=400)).replace(day=1)
    appointments = []
    for number, slot in enumerate(rng.sample(slots, count)):
        client = Client.objects.create(
            name=f"Klientin {number}",
            email=f"bench-client-{number}@example.org",
            child_birth_month=born,
            preferred_language=german,
            consent_at=timezone.now(),
        )
        appointments.append(
            Appointment(
                counsellor_id=slot.counsellor_id,
                client=client,
                timespan=Range(slot.start, slot.end),
                topic=Topic.CAREER,
                mode=slot.mode,
                location_id=slot.location_id,
                language=german,
            )
        )
    Appointment.objects.bulk_create(appointments)


def _throughput() -> tuple[int, int, float]:
    """Bookings per second when 20 clients book different free slots at once."""
    slots = free_slots()
    rng = random.Random(SEED + 1)  # noqa: S311 -- picks benchmark slots, not security
    chosen = rng.sample(slots, min(len(slots), 200))
    german = Language.objects.get(code="de")
    born = (timezone.localdate() - timedelta(days=400)).replace(day=1)

    def book(index: int) -> bool:
        try:
            book_appointment(
                slot_key=chosen[index].key,
                details=ClientDetails(
                    name=f"Klientin {index}",
                    email=f"bench-client-t{index}@example.org",
                    phone="",
                    child_birth_month=born,
                    preferred_language=german,
                    ui_language="de",
                ),
                topic=Topic.CAREER,
                language=german,
                by_staff=True,
            )
            return True
        except BookingError:
            return False
        finally:
            close_old_connections()
            connection.close()

    booking = threading.Event()

    def work(number: int) -> None:
        """django-tasks' database worker (`manage.py db_worker`), as production runs
        it, until the bookings are done and their messages sent."""
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"bench-{number}",
            excluded_queue_names=[],
        )
        try:
            while True:
                finished = not booking.is_set()
                worker.run()  # runs what is due, then returns
                if finished:
                    return
                time.sleep(0.05)
        finally:
            connection.close()

    # The worker's log line per task would drown the figures.
    quiet = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    booking.set()
    # Delivered to memory: the bench measures the queue, not a mail server.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        workers = [threading.Thread(target=work, args=(n,)) for n in range(OUTBOX_WORKERS)]
        for worker in workers:
            worker.start()
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CONCURRENT_CLIENTS) as pool:
            results = list(pool.map(book, range(len(chosen))))
        elapsed = time.perf_counter() - started
        booking.clear()
        for worker in workers:
            worker.join()
    for logger, level in zip(quiet, levels, strict=True):
        logger.setLevel(level)
    return sum(results), len(results), elapsed


def _delivery_latency() -> tuple[int, float, float, float]:
    """How many bench confirmations were sent, and seconds from the booking's
    commit (queued) to their delivery: median, 95th percentile, maximum."""
    waits = sorted(
        (message.sent_at - message.created_at).total_seconds()
        for message in OutboxMessage.objects.filter(
            appointment__client__email__startswith=BENCH_CLIENTS, sent_at__isnull=False
        )
    )
    if not waits:
        return 0, 0.0, 0.0, 0.0
    p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
    return len(waits), statistics.median(waits), p95, waits[-1]


def run(options: dict, stdout) -> None:
    repeats = 5 if options.get("quick") else 30
    stdout.write(
        f"\nCounselling: {COUNSELLORS} counsellors, slots over the booking horizon, "
        f"{BOOKED} booked appointments"
    )
    counsellors, _location = _prepare()
    _book_many(BOOKED)
    languages = list(Language.objects.filter(code__in=["de", "tr", "ar", "uk"]))
    rng = random.Random(SEED)  # noqa: S311 -- generated search filters, not security
    filters = [
        {
            "topic": rng.choice(Topic.values),
            "language_id": rng.choice(languages).pk,
            "mode": rng.choice([Mode.IN_PERSON, Mode.PHONE]),
        }
        for _ in range(repeats)
    ]
    visitor = HttpClient(HTTP_HOST="127.0.0.1")
    session = visitor.session
    session[SESSION_KEY] = {
        "child": (timezone.localdate() - timedelta(days=400)).replace(day=1).isoformat(),
        "topic": Topic.CAREER,
        "language": languages[0].pk,
        "mode": Mode.PHONE,
    }
    session.save()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    stdout.write(HEADER)
    rows = [
        time_calls(
            "free slots (function), varied filters", [lambda f=f: free_slots(**f) for f in filters]
        ),
        time_calls(
            "slots page (GET /de/counselling/time/)",
            [lambda: visitor.get("/de/counselling/time/") for _ in range(repeats)],
        ),
    ]
    for row in rows:
        stdout.write(row.row())
    booked, tried, elapsed = _throughput()
    stdout.write(
        f"booking throughput, {CONCURRENT_CLIENTS} concurrent clients: {booked} of {tried} booked "
        f"in {elapsed:.1f} s = {booked / elapsed:.0f} bookings/s, each with its message queued"
    )
    sent, median, p95, longest = _delivery_latency()
    stdout.write(
        f"outbox delivery during that load, {OUTBOX_WORKERS} workers: {sent} of {booked} "
        f"confirmations sent; from booking to sent: median {median:.2f} s, "
        f"95 % within {p95:.2f} s, longest {longest:.2f} s"
    )
    Appointment.objects.filter(counsellor__in=counsellors).delete()
    _remove_bench_clients()
