from django.core.management.base import BaseCommand

from counselling.outbox import purge_delivered
from counselling.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Anonymise clients whose appointments all ended before the retention period, "
        "and delete the records of messages sent before the outbox's retention period."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Clients anonymised: {purge_personal_data()}")
        self.stdout.write(f"Sent messages deleted: {purge_delivered()}")
