"""The waiting list: people for whom no time fitted are told when one frees up.

A time frees up when an appointment is cancelled or moved, an absence is
removed or a counsellor adds availability. The first person on the list
(first come, first served) whom the time fits gets it held for her for
`COUNSELLING_HOLD_HOURS` and a message with her personal link, queued in the
outbox in the same transaction. While it is held nobody else can book it
(`free_slots` counts held times as taken, and bookings and holds of one
counsellor take turns under `lock_counsellor`). A time she lets expire, or
gives back by leaving the list, goes to the next person it fits.

Entries expire after `COUNSELLING_WAITING_LIST_WEEKS`; what remains is an
anonymous count per month in `WaitingListDemand`. Nothing here is logged: the
entries are personal data.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Count, F, Q
from django.utils import timezone
from django_tasks import task

from integration_portal.models import District, Language

from . import outbox
from .models import (
    Counsellor,
    Location,
    SlotHold,
    Topic,
    WaitingListDemand,
    WaitingListEntry,
    waiting_list_expiry,
)
from .slots import booking_horizon, free_slots, lock_counsellor, min_notice


@dataclass
class Wish:
    """What she asked for and how to reach her, as the join form gives it."""

    topic: str
    language: Language
    mode: str
    district: District | None
    email: str
    phone: str
    child_birth_month: date
    ui_language: str


def hold_period() -> timedelta:
    return timedelta(hours=settings.COUNSELLING_HOLD_HOURS)


def _count_demand(entry: WaitingListEntry) -> None:
    """One more in this month's anonymous count for what she asked for."""
    month = entry.created_at.date().replace(day=1)
    key = {
        "month": month,
        "topic": entry.topic,
        "language_id": entry.language_id,
        "district_id": entry.district_id,
    }
    if WaitingListDemand.objects.filter(**key).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            WaitingListDemand.objects.create(**key, count=1)
    except IntegrityError:
        # Someone else made this month's row a moment ago.
        WaitingListDemand.objects.filter(**key).update(count=F("count") + 1)


@transaction.atomic
def join(wish: Wish, *, now: datetime) -> WaitingListEntry:
    entry = WaitingListEntry.objects.create(
        topic=wish.topic,
        language=wish.language,
        mode=wish.mode,
        district=wish.district,
        email=wish.email,
        phone=wish.phone,
        child_birth_month=wish.child_birth_month,
        ui_language=wish.ui_language,
        created_at=now,
    )
    _count_demand(entry)
    return entry


def _release(holds, now: datetime) -> None:
    """Give the held times back and offer each to the next person it fits."""
    for hold in holds:
        hold.released_at = now
        hold.save(update_fields=["released_at"])
        offer_freed_time(hold.counsellor_id, hold.timespan.lower, hold.timespan.upper, now=now)


@transaction.atomic
def leave(entry: WaitingListEntry, *, now: datetime) -> None:
    """She leaves the list; a time held for her goes to the next."""
    _release(list(entry.holds.active(now).select_for_update()), now)
    entry.delete()


def _offer(entry: WaitingListEntry, slot, now: datetime) -> SlotHold:
    hold = SlotHold.objects.create(
        entry=entry,
        counsellor_id=slot.counsellor_id,
        timespan=DateTimeTZRange(slot.start, slot.end),
        mode=slot.mode,
        location_id=slot.location_id,
        created_at=now,
        # Held no longer than she could book it.
        expires_at=min(now + hold_period(), slot.start - min_notice()),
    )
    outbox.enqueue_offer(hold, now=now)
    if release_expired.get_backend().supports_defer:
        # The worker passes the time on when the hold runs out, queued with the hold.
        release_expired.using(run_after=hold.expires_at).enqueue()
    return hold


@transaction.atomic
def offer_freed_time(counsellor_id: int, start: datetime, end: datetime, *, now: datetime) -> int:
    """Offer the counsellor's free times between `start` and `end` to the first
    waiting people they fit, one time each; the number of times offered."""
    lock_counsellor(counsellor_id)
    until = min(end, now + booking_horizon())
    slots = [
        slot
        for slot in free_slots(now=now, until=until, counsellor_id=counsellor_id)
        if slot.start >= start
    ]
    if not slots:
        return 0
    counsellor = Counsellor.objects.prefetch_related("languages").get(pk=counsellor_id)
    waiting = list(
        WaitingListEntry.objects.current(now)
        .filter(
            topic__in=counsellor.topics,
            language__in=[language.pk for language in counsellor.languages.all()],
        )
        .exclude(holds__in=SlotHold.objects.active(now))
    )
    if not waiting:
        return 0
    # A time she let expire is not offered to her again.
    declined = set(
        SlotHold.objects.filter(entry__in=waiting, counsellor_id=counsellor_id).values_list(
            "entry_id", "timespan"
        )
    )
    places = Location.objects.in_bulk({slot.location_id for slot in slots if slot.location_id})
    offered = 0
    for slot in slots:
        place = places.get(slot.location_id)
        entry = next(
            (
                entry
                for entry in waiting
                if entry.fits(counsellor, slot.mode, place, slot.local_start.date())
                and not any(
                    entry_id == entry.pk and span.lower == slot.start for entry_id, span in declined
                )
            ),
            None,
        )
        if entry is None:
            continue
        _offer(entry, slot, now)
        waiting.remove(entry)
        offered += 1
    return offered


def release_expired_holds(*, now: datetime) -> int:
    """Pass each time whose hold ran out to the next person; the number released."""
    released = 0
    while True:
        with transaction.atomic():
            hold = (
                SlotHold.objects.filter(released_at__isnull=True, expires_at__lte=now)
                .select_for_update(skip_locked=True)
                .order_by("expires_at", "pk")
                .first()
            )
            if hold is None:
                return released
            _release([hold], now)
            released += 1


@task()
def release_expired() -> int:
    """The worker's task at the end of a hold: pass the times run out to the next."""
    return release_expired_holds(now=timezone.now())


def held_for(entry: WaitingListEntry, now: datetime) -> SlotHold | None:
    return entry.holds.active(now).select_related("location", "counsellor").first()


def purge_expired(*, now: datetime) -> int:
    """Delete entries older than the waiting list's period; their counts stay."""
    expired = WaitingListEntry.objects.filter(created_at__lte=now - waiting_list_expiry())
    with transaction.atomic():
        unreleased = SlotHold.objects.filter(released_at__isnull=True, entry__in=expired)
        _release(list(unreleased.select_for_update()), now)
        deleted, _by_model = expired.delete()
    return deleted


@dataclass
class WaitingCount:
    topic: str
    language: Language
    waiting: int
    offered: int


def waiting_counts(now: datetime) -> list[WaitingCount]:
    """How many wait per topic and language, and how many of them have a time held;
    the longest queues first."""
    rows = (
        WaitingListEntry.objects.current(now)
        .order_by()
        .values("topic", "language")
        .annotate(
            waiting=Count("pk", distinct=True),
            offered=Count("holds", filter=Q(holds__in=SlotHold.objects.active(now)), distinct=True),
        )
    )
    languages = Language.objects.in_bulk({row["language"] for row in rows})
    counts = [
        WaitingCount(
            Topic(row["topic"]).label, languages[row["language"]], row["waiting"], row["offered"]
        )
        for row in rows
    ]
    return sorted(counts, key=lambda count: (-count.waiting, str(count.topic)))
