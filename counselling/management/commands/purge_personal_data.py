from django.core.management.base import BaseCommand
from django.utils import timezone

from counselling import waiting_list
from counselling.outbox import purge_delivered
from counselling.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise clients whose appointments all ended before the retention period, "
        "delete the records of messages sent before the outbox's retention period "
        "and the waiting-list entries older than the waiting list's period."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Clients anonymised: {purge_personal_data()}")
        self.stdout.write(f"Sent messages deleted: {purge_delivered()}")
        self.stdout.write(
            f"Waiting-list entries expired: {waiting_list.purge_expired(now=timezone.now())}"
        )
