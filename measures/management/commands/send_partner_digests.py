from django.core.management.base import BaseCommand

from measures.digest import send_digests


class Command(BaseCommand):
    help = (
        "Send each partner's editors the monthly digest of measures to check "
        "(run it daily or monthly: a partner gets one digest per month)."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Digests sent: {send_digests()}")
