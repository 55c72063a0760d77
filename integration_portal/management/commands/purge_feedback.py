from django.core.management.base import BaseCommand

from integration_portal.models import Feedback


class Command(BaseCommand):
    help = "Delete feedback received longer ago than FEEDBACK_RETENTION_DAYS (the privacy notice)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Feedback deleted: {Feedback.objects.purge()}")
