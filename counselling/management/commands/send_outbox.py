"""The outbox's worker: sends the due mails and SMS to clients, again and again.

Run it as one more process beside the web server (`make run` does; the README
shows a systemd unit). Several workers may run at once: each message is taken
by one of them only. Before each round it passes the times held from the
waiting list whose hold ran out to the next person. `--once` sends what is
due and stops (for cron or tests).
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from counselling.outbox import send_due
from counselling.waiting_list import release_expired_holds


class Command(BaseCommand):
    help = "Send the queued mails and SMS to clients, retrying failures with growing pauses."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument(
            "--interval",
            type=float,
            default=2.0,
            help="Seconds to wait when nothing is due (default 2).",
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        if once:
            release_expired_holds(now=timezone.now())
            sent, failed = send_due()
            self.stdout.write(f"Messages sent: {sent}, failed attempts: {failed}")
            return
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("Sending the outbox; stop with Ctrl+C.")
        while not stopping:
            close_old_connections()
            release_expired_holds(now=timezone.now())
            sent, failed = send_due(limit=100)
            if sent + failed == 0:
                time.sleep(interval)
