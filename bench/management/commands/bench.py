"""Speed benchmark: each app contributes a `bench` module with `run(options, stdout)`.

Runs against whatever database DATABASE_URL names; `make bench` points it at a
separate one, because the benchmarks fill it with generated data.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Measure request times on generated data (use a separate database)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only", action="append", default=[], help="app label(s) to benchmark, e.g. measures"
        )
        parser.add_argument("--quick", action="store_true", help="small data, few repetitions")

    def handle(self, *args, only: list[str], **options) -> None:
        for app_config in apps.get_app_configs():
            if only and app_config.label not in only:
                continue
            try:
                module = import_module(f"{app_config.name}.bench")
            except ModuleNotFoundError as error:
                if error.name != f"{app_config.name}.bench":
                    raise
                continue
            module.run(options, self.stdout)
