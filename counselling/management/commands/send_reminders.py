"""Queue a reminder for every client with an appointment tomorrow, once. Safe to run
often and in parallel; the tasks worker `db_worker` sends them."""

from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from counselling import outbox
from counselling.models import Appointment
from counselling.slots import BERLIN


def send_due_reminders(now: datetime | None = None) -> int:
    now = now or timezone.now()
    tomorrow = now.astimezone(BERLIN).date() + timedelta(days=1)
    window = DateTimeTZRange(
        datetime.combine(tomorrow, time(0), tzinfo=BERLIN),
        datetime.combine(tomorrow + timedelta(days=1), time(0), tzinfo=BERLIN),
    )
    sent = 0
    while True:
        with transaction.atomic():
            # One row at a time, skipping rows another run holds: each reminder goes out once.
            appointment = (
                Appointment.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    status=Appointment.Status.BOOKED,
                    reminder_sent_at__isnull=True,
                    timespan__startswith__contained_by=window,
                )
                # By email, or by SMS to whom gave only a phone number.
                .exclude(client__email="", client__phone="")
                .order_by("pk")
                .first()
            )
            if appointment is None:
                return sent
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at"])
            outbox.enqueue(appointment, outbox.Kind.REMINDER, now=now)
            sent += 1


class Command(BaseCommand):
    help = "Queue a reminder (email, else SMS) for every client whose appointment is tomorrow."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Reminders queued: {send_due_reminders()}")
