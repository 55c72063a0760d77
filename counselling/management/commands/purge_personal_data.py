from django.core.management.base import BaseCommand

from counselling.services import purge_personal_data


class Command(BaseCommand):
    help = "Anonymise clients whose appointments all ended before the retention period."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Clients anonymised: {purge_personal_data()}")
