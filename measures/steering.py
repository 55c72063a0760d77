"""The figures of the steering overview: supply weighted by what it offers,
the demand registered beside it, the partners' freshness, the district map.

Supply counts visible measures only. Each figure comes from a fixed number of
queries, so the overview costs the same for ten measures or ten thousand; the
hours are counted in Python from the schedules' recurrence rules.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integration_portal import demand
from integration_portal.models import District, LifeDomain
from partners.models import Partner

from .models import Measure, Schedule

HOURS_AHEAD = timedelta(days=30)
CONFIRMED_WITHIN = timedelta(days=90)
QUARTERS_SHOWN = 8
HEAT_LEVELS = 4
BAR_WIDTH = 52

SUPPLY_FIGURES: dict[str, Promise] = {
    "listings": _("Listings"),
    "places": _("Places"),
    "hours": _("Hours in the next 30 days"),
}

# Stuttgart's districts on a schematic grid (column, row), roughly where they
# lie: the five inner districts in the middle, Zuffenhausen north, Bad Cannstatt
# east of Nord, Vaihingen and Möhringen south-west, the Filder south.
DISTRICT_TILES: dict[str, tuple[int, int]] = {
    "weilimdorf": (0, 0),
    "zuffenhausen": (2, 0),
    "stammheim": (3, 0),
    "muehlhausen": (4, 0),
    "feuerbach": (1, 1),
    "nord": (2, 1),
    "bad-cannstatt": (3, 1),
    "muenster": (4, 1),
    "botnang": (0, 2),
    "west": (1, 2),
    "mitte": (2, 2),
    "ost": (3, 2),
    "wangen": (4, 2),
    "untertuerkheim": (5, 2),
    "sued": (2, 3),
    "hedelfingen": (4, 3),
    "obertuerkheim": (5, 3),
    "vaihingen": (0, 4),
    "moehringen": (1, 4),
    "degerloch": (2, 4),
    "sillenbuch": (3, 4),
    "plieningen": (2, 5),
    "birkach": (3, 5),
}
TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 112, 64, 6


# Supply -------------------------------------------------------------------------


@dataclass
class Supply:
    listings: int = 0
    places: int = 0
    hours: int = 0
    # Measures whose figure is not known: no number of places, no times to count.
    without_places: int = 0
    without_hours: int = 0

    def figure(self, name: str) -> int:
        return getattr(self, name)


@dataclass
class SupplyData:
    """Which visible measure lies in which life domain and district, with its
    places and hours; every grouping counts each measure once."""

    capacity: dict[int, int | None]
    hours: dict[int, float]
    by_cell: dict[tuple[int | None, int | None], set[int]]
    by_domain: dict[int | None, set[int]]
    by_district: dict[int | None, set[int]]

    def supply(self, measures: set[int]) -> Supply:
        capacities = [self.capacity[pk] for pk in measures]
        hours = [self.hours[pk] for pk in measures if pk in self.hours]
        return Supply(
            listings=len(measures),
            places=sum(capacity for capacity in capacities if capacity is not None),
            hours=round(sum(hours)),
            without_places=sum(capacity is None for capacity in capacities),
            without_hours=len(measures) - len(hours),
        )

    @property
    def total(self) -> Supply:
        return self.supply(set(self.capacity))


def hours_per_measure(visible, now: datetime) -> dict[int, float]:
    """Hours of each measure's sessions in the next 30 days, for the measures
    whose schedules give start and end times; the others are left out."""
    schedules = Schedule.objects.filter(
        measure__in=visible.values("pk"),
        kind__in=[Schedule.Kind.WEEKLY, Schedule.Kind.SINGLE],
        start_time__isnull=False,
        end_time__isnull=False,
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=now.date()))
    hours: dict[int, float] = defaultdict(float)
    for schedule in schedules:
        counted = schedule.hours_between(now, now + HOURS_AHEAD)
        if counted is not None:
            hours[schedule.measure_id] += counted
    return dict(hours)


def supply_data(now: datetime | None = None) -> SupplyData:
    now = now or timezone.now()
    visible = Measure.objects.visible().order_by()
    capacity: dict[int, int | None] = {}
    by_cell: dict = defaultdict(set)
    by_domain: dict = defaultdict(set)
    by_district: dict = defaultdict(set)
    for pk, places, domain, district in visible.values_list(
        "pk", "capacity", "life_domains", "districts"
    ):
        capacity[pk] = places
        by_cell[domain, district].add(pk)
        by_domain[domain].add(pk)
        by_district[district].add(pk)
    return SupplyData(
        capacity=capacity,
        hours=hours_per_measure(visible, now),
        by_cell=by_cell,
        by_domain=by_domain,
        by_district=by_district,
    )


def catalogue_url(**filters: str) -> str:
    return f"{reverse('measures:catalogue')}?{urlencode(filters)}"


# Heat and colour scale ------------------------------------------------------


@dataclass(frozen=True)
class ScaleStep:
    level: int
    low: int
    high: int


@dataclass
class Scale:
    """Numbers in `HEAT_LEVELS` equal steps up to the largest, which always
    takes the darkest; 0 is a step of its own."""

    maximum: int

    def level(self, value: int) -> int:
        if value <= 0:
            return 0
        return -(-HEAT_LEVELS * value // self.maximum)

    @property
    def steps(self) -> list[ScaleStep]:
        """The levels with the numbers each holds; a level no number reaches is left out."""
        steps = [ScaleStep(0, 0, 0)]
        for level in range(1, HEAT_LEVELS + 1):
            low = self.maximum * (level - 1) // HEAT_LEVELS + 1
            high = self.maximum * level // HEAT_LEVELS
            if low <= high:
                steps.append(ScaleStep(level, low, high))
        return steps


# The weighted matrix -------------------------------------------------------


@dataclass
class HeatCell:
    domain: LifeDomain
    supply: Supply
    value: int
    level: int
    url: str


@dataclass
class HeatRow:
    district: District | None  # None: measures without a district
    cells: list[HeatCell]
    total: int  # the district's measures counted once, whatever their life domains


def heat_rows(
    data: SupplyData, domains: list[LifeDomain], districts: list[District], figure: str
) -> tuple[list[HeatRow], Scale]:
    values = {
        key: data.supply(measures) for key, measures in data.by_cell.items() if key[0] is not None
    }
    scale = Scale(max((supply.figure(figure) for supply in values.values()), default=0))
    rows = []
    for district in [*districts, None]:
        cells = []
        for domain in domains:
            supply = values.get((domain.pk, district.pk if district else None), Supply())
            value = supply.figure(figure)
            url = catalogue_url(domain=domain.slug, district=district.slug) if district else ""
            cells.append(HeatCell(domain, supply, value, scale.level(value), url))
        measures = data.by_district.get(district.pk if district else None, set())
        rows.append(HeatRow(district, cells, data.supply(measures).figure(figure)))
    return rows, scale


# Demand -----------------------------------------------------------------------


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_name(first_day: date) -> str:
    return gettext("Q%(number)d %(year)d") % {
        "number": (first_day.month - 1) // 3 + 1,
        "year": first_day.year,
    }


def quarters_back(day: date, count: int) -> list[date]:
    """The first days of the `count` quarters up to the one holding `day`."""
    first = quarter_start(day)
    quarters = [first]
    for _number in range(count - 1):
        first = quarter_start(first - timedelta(days=1))
        quarters.append(first)
    return quarters[::-1]


@dataclass
class SourceDemand:
    key: str
    label: str | Promise
    by_quarter: list[int]
    by_domain: dict[int | None, int]
    by_district: dict[int | None, int]
    by_cell: dict[tuple[int, int], int]
    counts: list[demand.DemandCount] = field(repr=False)

    @property
    def total(self) -> int:
        return sum(self.by_quarter)


@dataclass
class Demand:
    quarters: list[date]
    end: date
    sources: list[SourceDemand]

    @property
    def quarter_names(self) -> list[str]:
        return [quarter_name(quarter) for quarter in self.quarters]

    def total_by_district(self, district_id: int | None) -> int:
        return sum(source.by_district.get(district_id, 0) for source in self.sources)

    def total_by_domain(self, domain_id: int | None) -> int:
        return sum(source.by_domain.get(domain_id, 0) for source in self.sources)


def gather_demand(today: date | None = None) -> Demand:
    """Every registered source's counts over the last `QUARTERS_SHOWN` quarters."""
    today = today or timezone.localdate()
    quarters = quarters_back(today, QUARTERS_SHOWN)
    end = quarter_start(quarters[-1] + timedelta(days=100))
    gathered = []
    for source in demand.sources():
        counts = list(source.counts(quarters[0], end))
        by_quarter = dict.fromkeys(quarters, 0)
        by_domain: dict = defaultdict(int)
        by_district: dict = defaultdict(int)
        by_cell: dict = defaultdict(int)
        for count in counts:
            by_quarter[quarter_start(count.month)] += count.count
            by_domain[count.life_domain_id] += count.count
            by_district[count.district_id] += count.count
            if count.life_domain_id is not None and count.district_id is not None:
                by_cell[count.life_domain_id, count.district_id] += count.count
        gathered.append(
            SourceDemand(
                key=source.key,
                label=source.label,
                by_quarter=[by_quarter[quarter] for quarter in quarters],
                by_domain=dict(by_domain),
                by_district=dict(by_district),
                by_cell=dict(by_cell),
                counts=counts,
            )
        )
    return Demand(quarters=quarters, end=end, sources=gathered)


@dataclass
class Bar:
    quarter: date
    value: int
    x: int
    y: int
    height: int

    @property
    def short_name(self) -> str:
        """The quarter without its year, which the chart writes below it."""
        return gettext("Q%(number)d") % {"number": (self.quarter.month - 1) // 3 + 1}

    @property
    def centre_x(self) -> int:
        return self.x + BAR_WIDTH // 2


@dataclass
class TrendChart:
    source: SourceDemand
    bars: list[Bar]
    width: int
    height: int
    baseline: int
    bar_width: int = BAR_WIDTH


def trend_chart(source: SourceDemand, quarters: list[date]) -> TrendChart:
    """Bars of a source's quarters, in SVG units, the tallest 100 high."""
    bar_width, gap, top, tallest = BAR_WIDTH, 12, 28, 100
    largest = max(source.by_quarter, default=0) or 1
    bars = []
    for number, (quarter, value) in enumerate(zip(quarters, source.by_quarter, strict=True)):
        height = round(tallest * value / largest)
        bars.append(
            Bar(quarter, value, gap + number * (bar_width + gap), top + tallest - height, height)
        )
    return TrendChart(
        source=source,
        bars=bars,
        width=gap + len(quarters) * (bar_width + gap),
        height=top + tallest + 48,
        baseline=top + tallest,
    )


# Partners' freshness -----------------------------------------------------------


@dataclass
class Freshness:
    partner: Partner
    measures: int
    confirmed: int

    @property
    def share(self) -> int:
        """Per cent of the visible measures confirmed in the last 90 days."""
        return round(100 * self.confirmed / self.measures) if self.measures else 0


def partner_freshness(now: datetime | None = None) -> list[Freshness]:
    """Each public partner with its visible measures and how many of them were
    confirmed (or created) in the last 90 days; the stalest first."""
    since = (now or timezone.now()) - CONFIRMED_WITHIN
    recent = Q(checked_at__gte=since) | Q(checked_at__isnull=True, created_at__gte=since)
    counts = {
        row["provider"]: row
        for row in Measure.objects.visible()
        .order_by()
        .values("provider")
        .annotate(total=Count("pk"), confirmed=Count("pk", filter=recent))
    }
    rows = [
        Freshness(
            partner,
            counts.get(partner.pk, {}).get("total", 0),
            counts.get(partner.pk, {}).get("confirmed", 0),
        )
        for partner in Partner.objects.public().only("pk", "name", "slug")
    ]
    return sorted(rows, key=lambda row: (row.measures > 0, row.share, str(row.partner.name)))


# District map --------------------------------------------------------------------


@dataclass
class Tile:
    district: District
    value: int
    level: int
    x: int
    y: int
    url: str

    @property
    def centre_x(self) -> int:
        return self.x + TILE_WIDTH // 2


@dataclass
class DistrictMap:
    tiles: list[Tile]
    rows: list[tuple[District, int]]  # the same numbers as a table, every district
    scale: Scale
    width: int
    height: int
    tile_width: int = TILE_WIDTH
    tile_height: int = TILE_HEIGHT


def district_map(districts: list[District], values: dict[int, int]) -> DistrictMap:
    """The districts on their tiles, coloured by `values` (district id → number)."""
    scale = Scale(max(values.values(), default=0))
    tiles = []
    for district in districts:
        position = DISTRICT_TILES.get(district.slug)
        if position is None:
            continue
        value = values.get(district.pk, 0)
        column, row = position
        tiles.append(
            Tile(
                district=district,
                value=value,
                level=scale.level(value),
                x=column * (TILE_WIDTH + TILE_GAP),
                y=row * (TILE_HEIGHT + TILE_GAP),
                url=catalogue_url(district=district.slug),
            )
        )
    columns = max((column for column, _row in DISTRICT_TILES.values()), default=0) + 1
    rows = max((row for _column, row in DISTRICT_TILES.values()), default=0) + 1
    return DistrictMap(
        tiles=tiles,
        rows=[(district, values.get(district.pk, 0)) for district in districts],
        scale=scale,
        width=columns * (TILE_WIDTH + TILE_GAP) - TILE_GAP,
        height=rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP,
    )
