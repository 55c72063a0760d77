"""Fill a local database with realistic demo data, one app after the other.

Each app contributes a `demo` module with `seed(options, stdout)` and, where it
takes options, `add_arguments(parser)`. Running the command twice creates
nothing twice.
"""

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


def demo_modules() -> list[ModuleType]:
    modules = []
    for app_config in apps.get_app_configs():
        try:
            modules.append(import_module(f"{app_config.name}.demo"))
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.demo":
                raise
    return modules


class Command(BaseCommand):
    help = "Create demo data and one demo account per role (for local use only)."

    def add_arguments(self, parser) -> None:
        for module in demo_modules():
            if hasattr(module, "add_arguments"):
                module.add_arguments(parser)

    def handle(self, *args, **options) -> None:
        for module in demo_modules():
            with transaction.atomic():
                module.seed(options, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
