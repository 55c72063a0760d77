"""Catalogue speed on 10,000 and 100,000 generated measures (`make bench`).

The measures come from a vocabulary of hundreds of course types, so that no
search term matches more than a few percent of them, as in a real catalogue.
Prints median and p95 per request and SQL queries per request for the
catalogue without filters, with three filters, and with a search of varied
terms, and the same searches done naively (`icontains` over the text fields).

On 10,000 measures it also puts the portal under load: gunicorn with two
workers, 20 concurrent visitors for 60 s per kind of traffic (a trivial view
as the reference, catalogue browsing, search, uncached catalogue pages and
details), as `make serve` runs it: once with the shared cache in PostgreSQL,
once with it in Redis (`CACHE_URL`).
"""

import os
import random
import shutil
import statistics
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.utils.text import slugify
from redis.exceptions import RedisError

from demo.measures import build_measure, ensure_partners, insert_measures, taxonomy_for_generation
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from measures.caching import invalidate_catalogue
from measures.filters import MeasureFilter
from measures.models import Measure
from measures.search import Search

from .load import A_LISTED_LINK, LOAD_HEADER, ConnectionSampler, gunicorn, run_load
from .timing import HEADER, time_calls

SEED = 7

# (German, English) course subjects; each title combines one with a qualifier.
SUBJECTS = [
    ("Deutschkurs", "German course"),
    ("Integrationskurs", "Integration course"),
    ("Alphabetisierungskurs", "Literacy course"),
    ("Sprachcafé", "Language café"),
    ("Konversationskurs", "Conversation course"),
    ("Lesepatenschaft", "Reading mentorship"),
    ("Hausaufgabenhilfe", "Homework help"),
    ("Nachhilfe Mathematik", "Maths tutoring"),
    ("Bewerbungstraining", "Job application training"),
    ("Lebenslaufwerkstatt", "CV workshop"),
    ("Anerkennungsberatung", "Recognition counselling"),
    ("Berufsorientierung", "Career orientation"),
    ("Existenzgründung", "Starting a business"),
    ("Pflegehelferkurs", "Care assistant course"),
    ("Computerkurs", "Computer course"),
    ("Smartphonekurs", "Smartphone course"),
    ("Programmierkurs", "Coding course"),
    ("Buchhaltung", "Bookkeeping"),
    ("Gastronomiepraktikum", "Catering internship"),
    ("Einzelhandelsschulung", "Retail training"),
    ("Staplerführerschein", "Forklift licence"),
    ("Führerscheintheorie", "Driving theory"),
    ("Schwimmkurs", "Swimming course"),
    ("Radfahrkurs", "Cycling course"),
    ("Fußballtraining", "Football training"),
    ("Yogagruppe", "Yoga group"),
    ("Tanzworkshop", "Dance workshop"),
    ("Theaterprojekt", "Theatre project"),
    ("Chorprobe", "Choir rehearsal"),
    ("Malwerkstatt", "Painting workshop"),
    ("Fotokurs", "Photography course"),
    ("Nähkurs", "Sewing course"),
    ("Kochabend", "Cooking evening"),
    ("Gartenprojekt", "Garden project"),
    ("Stadtführung", "City tour"),
    ("Museumsbesuch", "Museum visit"),
    ("Bibliothekseinführung", "Library introduction"),
    ("Schachclub", "Chess club"),
    ("Elterncafé", "Parents' café"),
    ("Krabbelgruppe", "Toddler group"),
    ("Familienberatung", "Family counselling"),
    ("Erziehungskurs", "Parenting course"),
    ("Schwangerschaftsberatung", "Pregnancy counselling"),
    ("Stillgruppe", "Breastfeeding group"),
    ("Kinderbetreuungsberatung", "Childcare counselling"),
    ("Schulanmeldung", "School enrolment"),
    ("Gesundheitslotsen", "Health guides"),
    ("Impfberatung", "Vaccination advice"),
    ("Zahngesundheit", "Dental health"),
    ("Ernährungsberatung", "Nutrition advice"),
    ("Traumaberatung", "Trauma counselling"),
    ("Suchtberatung", "Addiction counselling"),
    ("Seniorentreff", "Seniors' meeting"),
    ("Pflegeberatung", "Care counselling"),
    ("Mieterberatung", "Tenant counselling"),
    ("Wohnungssuche", "Flat hunting"),
    ("Energiesparberatung", "Energy saving advice"),
    ("Nachbarschaftstreff", "Neighbourhood meeting"),
    ("Schuldnerberatung", "Debt counselling"),
    ("Rechtsberatung", "Legal advice"),
    ("Aufenthaltsberatung", "Residence counselling"),
    ("Behördenlotsen", "Authority guides"),
    ("Ehrenamtsbörse", "Volunteering fair"),
    ("Patenschaftsprogramm", "Mentoring programme"),
    ("Frauentreff", "Women's meeting"),
    ("Jugendclub", "Youth club"),
    ("Ferienprogramm", "Holiday programme"),
    ("Demokratiewerkstatt", "Democracy workshop"),
    ("Einbürgerungskurs", "Naturalisation course"),
    ("Orientierungskurs", "Orientation course"),
    ("Willkommensfrühstück", "Welcome breakfast"),
    ("Dolmetscherdienst", "Interpreting service"),
    ("Übersetzungshilfe", "Translation help"),
    ("Kulturdolmetscher", "Cultural mediators"),
    ("Handwerkerkurs", "Crafts course"),
    ("Fahrradwerkstatt", "Bike repair workshop"),
    ("Reparaturcafé", "Repair café"),
    ("Kleiderkammer", "Clothing store"),
    ("Sportabzeichen", "Sports badge"),
    ("Klettergruppe", "Climbing group"),
]

QUALIFIERS = [
    ("für Frauen", "for women"),
    ("für Mütter", "for mothers"),
    ("für Jugendliche", "for young people"),
    ("für Familien", "for families"),
    ("am Abend", "in the evening"),
    ("am Wochenende", "at weekends"),
    ("für Anfängerinnen und Anfänger", "for beginners"),
    ("für Fortgeschrittene", "advanced"),
    ("mit Kinderbetreuung", "with childcare"),
    ("in einfacher Sprache", "in plain language"),
    ("mit Dolmetschung", "with interpreting"),
    ("im Stadtteil", "in the neighbourhood"),
]

SENTENCES = [
    "Wir treffen uns in kleinen Gruppen.",
    "Die Kursleitung spricht mehrere Sprachen.",
    "Eine Anmeldung ist bis eine Woche vorher möglich.",
    "Bringen Sie gerne Freundinnen mit.",
    "Material wird gestellt.",
    "Die Räume sind barrierefrei erreichbar.",
    "Ein Zertifikat wird am Ende ausgestellt.",
    "Fahrtkosten können erstattet werden.",
    "Die Teilnahme ist vertraulich.",
    "Wir helfen auch beim Ausfüllen von Formularen.",
    "Kinder können mitgebracht werden.",
    "Getränke und ein kleiner Imbiss stehen bereit.",
    "Der Einstieg ist jederzeit möglich.",
    "Die Gruppe ist offen für alle Nationalitäten.",
    "Sie lernen Menschen aus Ihrem Viertel kennen.",
    "Unsere Ehrenamtlichen begleiten Sie.",
    "Termine nach Vereinbarung sind möglich.",
    "Die Beratung ist unabhängig.",
    "Es gibt eine Warteliste.",
    "Neue Teilnehmende sind herzlich willkommen.",
    "Wir arbeiten mit dem Jobcenter zusammen.",
    "Die Veranstaltung ist kostenlos.",
    "Bitte bringen Sie Ihre Unterlagen mit.",
    "Wir üben mit Beispielen aus dem Alltag.",
    "Am Ende gibt es ein gemeinsames Fest.",
    "Die Treffen finden im Gemeinschaftsraum statt.",
    "Auch Väter sind eingeladen.",
    "Wir besuchen gemeinsam Orte in der Stadt.",
    "Die Gruppe wird von Fachleuten begleitet.",
    "Es gibt Lernmaterial zum Mitnehmen.",
    "Online-Termine per Video sind möglich.",
    "Die Kursleiterin hat selbst Migrationserfahrung.",
    "Wir beantworten Fragen zu Schule und Ausbildung.",
    "Es gibt Pausen für Gebet und Ruhe.",
    "Die Plätze sind begrenzt.",
    "Das Angebot wird von der Stadt gefördert.",
    "Sie erhalten Tipps für den Alltag.",
    "Wir kochen Rezepte aus vielen Ländern.",
    "Bewegung an der frischen Luft tut gut.",
    "Es gibt Informationen in mehreren Sprachen.",
]

SEARCH_TERMS = [
    "Deutschkurs",
    "Nähkurs",
    "Bewerbungstraining",
    "Schwimmkurs",
    "Mieterberatung",
    "Elterncafé",
    "Anerkennungsberatung",
    "Computerkurs",
    "Theaterprojekt",
    "Schachclub",
    "Krabbelgruppe",
    "Schuldnerberatung",
    "Yoga",
    "Fahrradwerkstatt",
    "Stadtführung",
    "Pflegeberatung",
    "Jugendclub",
    "Kochabend",
    "Gesundheitslotsen",
    "Orientierungskurs",
    "Smartphonekurs",
    "Reparaturcafé",
    "Frauentreff",
    "Hausaufgabenhilfe",
    "Tanzworkshop",
    "Ferienprogramm",
    "Stillgruppe",
    "Buchhaltung",
    "Einbürgerungskurs",
    "Klettergruppe",
]


def _generate(count: int, start: int) -> None:
    partners = ensure_partners()
    taxonomy = taxonomy_for_generation()
    rng = random.Random(SEED + start)  # noqa: S311 -- generated test data, not security
    new = []
    for number in range(start, start + count):
        measure, relations = build_measure(rng, number, taxonomy, partners)
        subject = SUBJECTS[number % len(SUBJECTS)]
        qualifier = rng.choice(QUALIFIERS)
        district = relations["districts"][0].name if relations["districts"] else "Online"
        measure.title_de = f"{subject[0]} {qualifier[0]} in {district}"
        measure.title_en = f"{subject[1]} {qualifier[1]} in {district}"
        measure.summary_de = f"{subject[0]} {qualifier[0]}: {rng.choice(SENTENCES)}"
        measure.summary_en = f"{subject[1]} {qualifier[1]}."
        measure.description_de = " ".join(rng.sample(SENTENCES, 2))
        measure.description_en = ""
        measure.slug = f"{slugify(measure.title_de)[:160]}-b{number}"
        new.append((measure, relations))
    insert_measures(new)


def _trim_measures(total: int) -> None:
    """Keep the first `total` generated measures (the larger run of a previous
    bench): their links, times and other rows of their own go with them."""
    last_kept = Measure.objects.order_by("pk").values_list("pk", flat=True)[total - 1]
    rows_of_a_measure = [
        (field.remote_field.through._meta.db_table, field.m2m_column_name())
        for field in Measure._meta.many_to_many
    ] + [
        (relation.related_model._meta.db_table, relation.field.column)
        for relation in Measure._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]
    with connection.cursor() as cursor:
        for table, column in rows_of_a_measure:
            cursor.execute(f"DELETE FROM {table} WHERE {column} > %s", [last_kept])  # noqa: S608
        cursor.execute(f"DELETE FROM {Measure._meta.db_table} WHERE id > %s", [last_kept])  # noqa: S608
        # The tables and their indexes rewritten to the size of what is kept,
        # so that every run measures the same database, not one left bloated
        # by the larger run before it.
        for table in {Measure._meta.db_table, *(table for table, _column in rows_of_a_measure)}:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(table)}")


def _ensure_measures(total: int, stdout) -> None:
    existing = Measure.objects.count()
    if existing == total:
        return
    started = time.perf_counter()
    if existing > total:
        _trim_measures(total)
    for start in range(existing, total, 10_000):
        _generate(min(10_000, total - start), start)
    # A settled database, as autovacuum leaves it: bulk inserts sit in the GIN
    # indexes' pending lists until a vacuum merges them.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Measure._meta.db_table)}")
    invalidate_catalogue()
    stdout.write(f"  prepared {total:,} measures in {time.perf_counter() - started:.0f} s")


def _naive_search(term: str) -> None:
    """What a catalogue without search indexes would do: LIKE over the text fields."""
    matches = Measure.objects.visible().filter(
        Q(title_de__icontains=term)
        | Q(summary_de__icontains=term)
        | Q(description_de__icontains=term)
    )
    matches.count()
    list(matches.order_by("title_de", "pk").values_list("pk", flat=True)[:20])


def _indexed_search(term: str) -> None:
    """The catalogue's own search, the same work as the naive one: count and top 20."""
    results = Search.for_text(term).apply(Measure.objects.visible())
    results.count()
    list(results.order_by("-search_rank", "title_de", "pk").values_list("pk", flat=True)[:20])


def _widest_term_share(visible: int) -> float:
    shares = [MeasureFilter({"q": term}).qs.count() / max(visible, 1) for term in SEARCH_TERMS[:10]]
    return max(shares)


# Load: what 20 visitors at once do, each a process of its own.

LOAD_CLIENTS = 20
LOAD_WORKERS = 2
INTERFACE_LANGUAGES = ["de", "de", "de", "en", "tr", "ar", "uk"]


def _popular(rng: random.Random, options: list[str]) -> Callable[[], str]:
    """Picks from `options` as visitors do: a few are very popular, most are
    rare (Zipf's law, which page views and search terms of public sites follow)."""
    ranked = sorted(options)
    random.Random(len(ranked)).shuffle(ranked)  # noqa: S311 -- a fixed ranking per list
    cumulative = list(accumulate(1 / rank for rank in range(1, len(ranked) + 1)))
    return lambda: rng.choices(ranked, cum_weights=cumulative)[0]


def _browsing_paths(rng: random.Random, count: int) -> list[str]:
    """Visitors' walks through the catalogue: filters, a further page, and the
    details of measures the pages list."""
    domain = _popular(rng, list(LifeDomain.objects.values_list("slug", flat=True)))
    district = _popular(rng, list(District.objects.values_list("slug", flat=True)))
    language = _popular(rng, list(Language.objects.values_list("code", flat=True)))
    group = _popular(rng, list(TargetGroup.objects.values_list("slug", flat=True)))
    paths: list[str] = []
    while len(paths) < count:
        catalogue = f"/{rng.choice(INTERFACE_LANGUAGES)}/measures/"
        chosen_domain = domain()
        paths += [
            catalogue,
            f"{catalogue}?domain={chosen_domain}",
            A_LISTED_LINK,
            f"{catalogue}?domain={chosen_domain}&district={district()}",
            A_LISTED_LINK,
            f"{catalogue}?language={language()}&free=1&page={rng.randint(1, 3)}",
            f"{catalogue}?target_group={group()}&childcare=1",
            A_LISTED_LINK,
        ]
    return paths


def _search_queries() -> list[str]:
    """Hundreds of different searches: course names, parts and pairs of words,
    a word and a district."""
    words = sorted({subject.split()[0] for pair in SUBJECTS for subject in pair})
    words += sorted({phrase.split()[-1] for pair in QUALIFIERS for phrase in pair})
    districts = sorted(District.objects.values_list("name", flat=True))
    rng = random.Random(SEED)  # noqa: S311 -- generated visitors, not security
    queries = set(words)
    while len(queries) < 600:
        queries.add(f"{rng.choice(words)} {rng.choice(words + districts)}")
    return sorted(queries)


def _search_paths(rng: random.Random, count: int) -> list[str]:
    """Searches as visitors type them, some narrowed by an area of life."""
    query = _popular(rng, _search_queries())
    domain = _popular(rng, list(LifeDomain.objects.values_list("slug", flat=True)))
    paths = []
    while len(paths) < count:
        parameters = {"q": query()}
        if rng.random() < 0.3:
            parameters["domain"] = domain()
        paths.append(f"/{rng.choice(INTERFACE_LANGUAGES)}/measures/?{urlencode(parameters)}")
    return paths


def _fresh(rng: random.Random) -> tuple[str, str]:
    """A parameter no other request has: the page is rendered, not read from
    the page cache (filters ignore parameters they do not know)."""
    return ("visit", f"{rng.getrandbits(64):x}")


def _uncached_catalogue_paths(rng: random.Random, count: int) -> list[str]:
    """Filter choices drawn uniformly, as a crawler walks the catalogue or a
    visitor makes a choice no one made before: two filters, sometimes three."""
    domains = list(LifeDomain.objects.values_list("slug", flat=True))
    districts = list(District.objects.values_list("slug", flat=True))
    languages = list(Language.objects.values_list("code", flat=True))
    paths = []
    for _number in range(count):
        parameters = [("domain", rng.choice(domains)), ("district", rng.choice(districts))]
        if rng.random() < 0.5:
            parameters.append(("language", rng.choice(languages)))
        parameters.append(_fresh(rng))
        paths.append(f"/{rng.choice(INTERFACE_LANGUAGES)}/measures/?{urlencode(parameters)}")
    return paths


def _uncached_detail_paths(rng: random.Random, count: int) -> list[str]:
    """Details of measures drawn uniformly, each rendered anew."""
    slugs = list(Measure.objects.visible().values_list("slug", flat=True))
    return [
        f"/{rng.choice(INTERFACE_LANGUAGES)}/measures/{rng.choice(slugs)}/?{urlencode([_fresh(rng)])}"
        for _number in range(count)
    ]


PHONE_PAGES = [
    "/de/",
    "/de/measures/",
    "/de/counselling/",
    "/ar/",
    "/ar/measures/",
    "/ar/counselling/",
]
# Lighthouse's mobile throttling: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}


# Each page is visited this often, each time as a first visit; the median counts.
PHONE_VISITS = 5


def _visit_on_a_phone(browser, url: str) -> tuple[int, float]:
    """One first visit: the bytes received over the wire and the first contentful paint (s)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 800}, is_mobile=True, device_scale_factor=2
    )
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        received: dict[str, int] = {}
        cdp.on(
            "Network.loadingFinished",
            lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
        )
        page.goto(url, wait_until="networkidle")
        paint = page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
    finally:
        context.close()
    return sum(received.values()), (paint or 0) / 1000


def _phone_first_visits(base_url: str, stdout) -> None:
    """A person's first visit of each page on a throttled phone (Chromium
    through Playwright's CDP session, cache off), to a server that has
    answered other visitors before: the bytes received over the wire, the page
    compressed as production's proxy sends it, and the first contentful
    paint; the median of several visits, as one paint varies by tenths of a
    second."""
    from playwright.sync_api import sync_playwright  # a development tool

    for path in PHONE_PAGES:  # each worker has rendered each page once
        for _worker in range(2 * LOAD_WORKERS):
            with urllib.request.urlopen(base_url + path, timeout=30):  # noqa: S310 -- our own local server  # nosec B310
                pass
    stdout.write(
        "\nFirst visit on a phone (375 px, 150 ms round trip, 1.6 Mbit/s, cache off, "
        f"median of {PHONE_VISITS} visits)\n"
        f"{'page':<20} {'received':>10} {'first paint':>12}"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu"],
        )
        try:
            for path in PHONE_PAGES:
                visits = [_visit_on_a_phone(browser, base_url + path) for _ in range(PHONE_VISITS)]
                received = statistics.median(size for size, _paint in visits)
                paint = statistics.median(paint for _size, paint in visits)
                stdout.write(f"{path:<20} {received / 1000:>8.1f} kB {paint:>10.2f} s")
        finally:
            browser.close()
    stdout.write("(targets: ≤ 150 kB, first paint ≤ 1.0 s)")


# The shared cache of each load table: the embedded default, then Redis
# (`CACHE_URL`), each against its own trivial view of the same run.
CACHE_BACKENDS = {
    "shared page cache in PostgreSQL": "",
    "shared page cache in Redis, CACHE_URL": "redis://127.0.0.1:6379/14",
}


def _empty_shared_cache(cache_url: str) -> bool:
    """Start without cached pages; False when the cache cannot be reached."""
    if not cache_url:
        cache.clear()
        return True
    redis_cache = RedisCache(cache_url, {})
    try:
        redis_cache.clear()
    except RedisError:
        return False
    finally:
        redis_cache.close()
    return True


def _load(seconds: float, stdout, cache_name: str, cache_url: str) -> None:
    rng = random.Random(SEED)  # noqa: S311 -- generated visitors, not security
    walks = {
        "trivial view (/healthz)": lambda: ["/healthz"],
        "catalogue browsing (filters, details)": lambda: _browsing_paths(rng, 2_000),
        "search (varied terms)": lambda: _search_paths(rng, 2_000),
        "catalogue, uncached (random filters)": lambda: _uncached_catalogue_paths(rng, 2_000),
        "measure details, uncached": lambda: _uncached_detail_paths(rng, 2_000),
    }
    if cache_url:
        # Beside the database cache: the rows the shared page cache serves.
        walks = dict(list(walks.items())[:3])
    # The result links of a catalogue page, in any interface language (not its handout).
    result_link = r'href="(/[a-z]{2}/measures/(?!handout/)[a-z0-9-]+/)"'
    if not _empty_shared_cache(cache_url):
        stdout.write(f"\nLoad with the {cache_name}: not run, {cache_url} does not answer")
        return
    env = {**os.environ, "DJANGO_DEBUG": "0", "CACHE_URL": cache_url}
    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "gunicorn.log"
        if not cache_url:
            # Pages as production sends them: compressed by the proxy (as
            # `make serve` does it itself).
            compressing = {**env, "DJANGO_COMPRESS_PAGES": "1"}
            with gunicorn(
                compressing, log_path, workers=LOAD_WORKERS, access_log=False
            ) as base_url:
                _phone_first_visits(base_url, stdout)
        with gunicorn(env, log_path, workers=LOAD_WORKERS, access_log=False) as base_url:
            results = []
            with ConnectionSampler() as connections:
                for label, walk in walks.items():
                    # A site in use has visitors before the measurement starts:
                    # other visitors, other walks, the same popular pages.
                    earlier = [walk() for _ in range(LOAD_CLIENTS)]
                    run_load(label, base_url, earlier, seconds / 3, result_link)
                    paths = [walk() for _ in range(LOAD_CLIENTS)]
                    results.append(run_load(label, base_url, paths, seconds, result_link))
        tracebacks = log_path.read_text(errors="replace").count("Traceback")
    stdout.write(
        f"\nLoad: {LOAD_CLIENTS} concurrent clients, {seconds:.0f} s per row after "
        f"{seconds / 3:.0f} s of other visitors, gunicorn with {LOAD_WORKERS} workers, "
        f"anonymous visitors ({cache_name})"
    )
    stdout.write(LOAD_HEADER)
    reference, browsing, search, *uncached = results
    for result in results:
        stdout.write(result.row(reference))
    stdout.write(
        f"peak PostgreSQL connections: {connections.peak} "
        f"(gunicorn workers: {LOAD_WORKERS}); tracebacks in the server log: {tracebacks}"
        f"\ncatalogue browsing / trivial: {browsing.per_second / reference.per_second:.1%} "
        f"(target ≥ 25%); search / trivial: {search.per_second / reference.per_second:.1%} "
        f"(target ≥ 5%); errors: {sum(result.errors for result in results)} (target 0)"
    )
    if uncached:
        catalogue, details = uncached
        stdout.write(
            f"uncached catalogue / trivial: {catalogue.per_second / reference.per_second:.3f}× "
            f"(target ≥ 0.05×); uncached details / trivial: "
            f"{details.per_second / reference.per_second:.3f}× (target ≥ 0.15×)"
        )


def run(options: dict, stdout) -> None:
    sizes = [1_000, 5_000] if options.get("quick") else [10_000, 100_000]
    repeats = 5 if options.get("quick") else 20
    # A visitor with a session gets freshly rendered pages (the facet counts of
    # a filter choice, once counted, are shared with everyone). A visitor
    # without one may get the whole page from the shared cache.
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = "benchmark-without-cache"
    visitor = Client(HTTP_HOST="127.0.0.1")
    rng = random.Random(SEED)  # noqa: S311 -- generated visitors, not security
    domains = ["language", "work", "family", "health", "education", "housing"]
    districts = ["mitte", "bad-cannstatt", "feuerbach", "vaihingen", "zuffenhausen", "ost"]
    languages = ["tr", "ar", "uk", "ru", "en", "fa"]
    three_filter_queries = [
        f"domain={rng.choice(domains)}&district={rng.choice(districts)}"
        f"&language={rng.choice(languages)}"
        for _ in range(repeats)
    ]
    searches = {}
    stdout.write("Catalogue and search (in-process requests, production settings)")
    for size in sizes:
        _ensure_measures(size, stdout)
        visible = Measure.objects.visible().count()
        stdout.write(
            f"\n{size:,} measures ({visible:,} visible); widest search term "
            f"matches {_widest_term_share(visible):.1%} of them"
        )
        stdout.write(HEADER)
        client.get("/de/measures/")  # warm caches and connections
        rows = [
            time_calls(
                "catalogue, no filter",
                [
                    lambda page=page: client.get(f"/de/measures/?page={page}")
                    for page in [1 + index % 5 for index in range(repeats)]
                ],
            ),
            time_calls(
                "catalogue, no filter, shared page cache",
                [
                    lambda page=page: visitor.get(f"/de/measures/?page={page}")
                    for page in [1 + index % 5 for index in range(repeats)]
                ],
            ),
            time_calls(
                "catalogue, three filters",
                [
                    lambda query=query: client.get(f"/de/measures/?{query}")
                    for query in three_filter_queries
                ],
            ),
            time_calls(
                "catalogue, search (varied terms)",
                [
                    lambda t=term: client.get(f"/de/measures/?q={t}")
                    for term in (SEARCH_TERMS * 2)[:repeats]
                ],
            ),
            time_calls(
                "search only, indexed (count + top 20)",
                [lambda t=term: _indexed_search(t) for term in (SEARCH_TERMS * 2)[:repeats]],
            ),
            time_calls(
                "search only, naive icontains (count + top 20)",
                [lambda t=term: _naive_search(t) for term in (SEARCH_TERMS * 2)[:repeats]],
            ),
        ]
        for row in rows:
            stdout.write(row.row())
        searches[size] = {row.label: row for row in rows}
        if size == sizes[0]:
            for cache_name, cache_url in CACHE_BACKENDS.items():
                _load(10 if options.get("quick") else 60, stdout, cache_name, cache_url)
    small, large = sizes
    page_ratio = (
        searches[large]["catalogue, search (varied terms)"].p95_ms
        / searches[small]["catalogue, search (varied terms)"].p95_ms
    )
    naive_ratio = (
        searches[large]["search only, naive icontains (count + top 20)"].median_ms
        / searches[large]["search only, indexed (count + top 20)"].median_ms
    )
    stdout.write(
        f"\nsearch page p95 at {large:,} / at {small:,}: {page_ratio:.2f}x (target ≤ 3x)"
        f"\nnaive / indexed search at {large:,} (median): {naive_ratio:.1f}x (target ≥ 10x)"
        f"\nmeasured on {date.today():%Y-%m-%d}"
    )
