from django.core.management.base import BaseCommand, CommandError, CommandParser

from measures.comparison import FeedError, import_feed, parse_services, read_source


class Command(BaseCommand):
    help = (
        "Imports another city's HSDS 3.0 service feed (a URL or a file) into the "
        "comparison set of the steering overview. The catalogue is not touched; the "
        "city's earlier import is replaced, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="http(s) URL or path of the feed")
        parser.add_argument("--city", required=True, help='name of the city, e.g. "Mannheim"')
        parser.add_argument("--population", required=True, type=int, help="number of residents")

    def handle(self, *args, source: str, city: str, population: int, **options) -> None:
        city = city.strip()
        if not city:
            raise CommandError("Name the city with --city.")
        if population < 1:
            raise CommandError("--population must be 1 or more.")
        try:
            services = parse_services(read_source(source))
            comparison = import_feed(services, city, population, source)
        except FeedError as error:
            raise CommandError(f"Nothing imported: {error}") from None
        self.stdout.write(f"Imported {len(services)} services of {comparison.name}.")
