"""Speed benchmark of each app whose speed matters, in a database of its own.

Runs against whatever database DATABASE_URL names; `make bench` points it at a
separate one, because the benchmarks fill it with generated data.
"""

from django.core.management.base import BaseCommand

from bench import counselling, measures, relevance

BENCHMARKS = {"measures": measures.run, "relevance": relevance.run, "counselling": counselling.run}


class Command(BaseCommand):
    help = "Measure request times on generated data (use a separate database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            choices=list(BENCHMARKS),
            help="app(s) to benchmark, e.g. measures",
        )
        parser.add_argument("--quick", action="store_true", help="small data, few repetitions")

    def handle(self, *args, only: list[str], **options) -> None:
        for app, run in BENCHMARKS.items():
            if not only or app in only:
                run(options, self.stdout)
