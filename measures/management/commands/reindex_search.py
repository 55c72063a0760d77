from django.core.management.base import BaseCommand
from django.db import transaction

from measures import vocabulary


class Command(BaseCommand):
    help = (
        "Refresh the search's vocabulary from all measures and split their German "
        "compounds again (after an import or a change of the splitting rules)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = vocabulary.reindex_all()
        self.stdout.write(f"Measures reindexed: {count}")
