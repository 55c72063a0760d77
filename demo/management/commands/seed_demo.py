"""Fill a local database with realistic demo data, one app after the other.

Running the command twice creates nothing twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import counselling, integration_portal, measures, partners

# Accounts first: the partners' editors and the counsellors are demo accounts.
SEEDS = [integration_portal.seed, partners.seed, measures.seed, counselling.seed]


class Command(BaseCommand):
    help = "Create demo data and one demo account per role (for local use only)."

    def add_arguments(self, parser) -> None:
        measures.add_arguments(parser)

    def handle(self, *args, **options) -> None:
        for seed in SEEDS:
            with transaction.atomic():
                seed(options, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
