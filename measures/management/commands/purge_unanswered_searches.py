from django.core.management.base import BaseCommand

from measures.models import UnansweredSearch


class Command(BaseCommand):
    help = (
        "Delete the counts of searches without results older than the dashboard shows "
        f"({UnansweredSearch.KEPT_DAYS} days)."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Counts deleted: {UnansweredSearch.objects.purge()}")
