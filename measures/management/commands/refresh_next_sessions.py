from django.core.management.base import BaseCommand
from django.utils import timezone

from measures.caching import invalidate_catalogue
from measures.models import Measure


class Command(BaseCommand):
    help = (
        "Move each measure's next session on once its stored day has passed, so that "
        "the catalogue's order by date stays right. Run it daily, soon after midnight."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all",
            action="store_true",
            help="Work out the next session of every measure, not only of those whose day passed.",
        )

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        measures = Measure.objects.all()
        if not options["all"]:
            measures = measures.filter(next_session_on__lt=today)
        changed = measures.refresh_next_sessions(today)
        if changed:
            # Pages built since midnight still show the old order.
            invalidate_catalogue()
        self.stdout.write(f"Next sessions changed: {changed}")
