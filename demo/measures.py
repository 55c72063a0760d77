"""Demo measures: realistic offers across every life domain, district and format.

Generated from a fixed random seed, so measure number n is the same on every
run; measures whose slug exists already are left alone. Rows and their
relations go in with bulk inserts, so 10,000 measures take seconds.
"""

import random
from datetime import time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from measures.caching import invalidate_catalogue
from measures.models import Measure, MeasureRevision, Schedule
from measures.vocabulary import prepare_for_bulk_insert
from partners.models import Partner

SEED = 2026
MINIMUM_PARTNERS = 12

DEMO_PARTNERS = [
    # slug, name, sector, website
    ("vhs-stuttgart", "Volkshochschule Stuttgart", "education", "https://www.vhs-stuttgart.de"),
    ("caritas-stuttgart", "Caritasverband für Stuttgart e. V.", "welfare", ""),
    ("evangelische-gesellschaft", "Evangelische Gesellschaft Stuttgart e. V.", "welfare", ""),
    ("awo-stuttgart", "AWO Stuttgart", "welfare", ""),
    ("forum-der-kulturen", "Forum der Kulturen Stuttgart e. V.", "culture", ""),
    ("ibb-mamas-in-arbeit", "IBB – Mamas in Arbeit", "civil-society", ""),
    ("jobcenter-stuttgart", "Jobcenter Stuttgart", "administration", ""),
    ("stadtbibliothek-stuttgart", "Stadtbibliothek Stuttgart", "culture", ""),
    (
        "tuerkisch-deutscher-elternverein",
        "Türkisch-Deutscher Elternverein",
        "migrant-organisation",
        "",
    ),
    ("arabisches-frauenzentrum", "Arabisches Frauenzentrum Stuttgart", "migrant-organisation", ""),
    ("ihk-region-stuttgart", "IHK Region Stuttgart", "business", ""),
    ("sportkreis-stuttgart", "Sportkreis Stuttgart e. V.", "civil-society", ""),
]

# German title, English title, domains, format, target groups, German summary,
# English summary, (Turkish title, Arabic title) or None
OFFERS = [
    (
        "Deutschkurse am Abend für Berufstätige",
        "Evening German courses for working people",
        ["language", "work"],
        "course",
        ["newcomers", "skilled-workers"],
        "Deutsch lernen nach der Arbeit: zweimal pro Woche in kleinen Gruppen.",
        "Learn German after work: twice a week in small groups.",
        ("Çalışanlar için akşam Almanca kursları", "دورات اللغة الألمانية المسائية للعاملين"),
    ),
    (
        "Deutschkurs A1 für Mütter mit Kinderbetreuung",
        "German course A1 for mothers, with childcare",
        ["language", "family"],
        "course",
        ["mothers-young-children", "women"],
        "Deutsch lernen am Vormittag, während Ihre Kinder nebenan betreut werden.",
        "Learn German in the morning while your children are looked after next door.",
        ("Anneler için çocuk bakımlı Almanca A1 kursu", "دورة ألمانية A1 للأمهات مع رعاية الأطفال"),
    ),
    (
        "Integrationskurs",
        "Integration course",
        ["language", "orientation"],
        "course",
        ["newcomers", "refugees"],
        "Sprachkurs und Orientierungskurs mit Abschlussprüfung „Deutsch-Test für Zuwanderer“.",
        "Language and orientation course ending with the 'German test for immigrants'.",
        ("Uyum kursu", "دورة الاندماج"),
    ),
    (
        "Sprachcafé",
        "Language café",
        ["language", "participation"],
        "group",
        ["newcomers", "seniors"],
        "Bei Kaffee und Tee Deutsch sprechen üben – ohne Anmeldung, für alle Niveaus.",
        "Practise speaking German over coffee and tea – no registration, all levels.",
        None,
    ),
    (
        "Bewerbungstraining",
        "Job application training",
        ["work"],
        "course",
        ["skilled-workers", "youth"],
        "Lebenslauf, Anschreiben und Vorstellungsgespräch: wir üben gemeinsam.",
        "CV, cover letter and interview: we practise together.",
        ("Başvuru eğitimi", "تدريب على طلبات العمل"),
    ),
    (
        "Anerkennungsberatung für ausländische Berufsabschlüsse",
        "Counselling on the recognition of foreign qualifications",
        ["work", "education"],
        "counselling",
        ["skilled-workers", "newcomers"],
        "Wir prüfen mit Ihnen, wie Ihr Abschluss in Deutschland anerkannt werden kann.",
        "We check with you how your qualification can be recognised in Germany.",
        ("Yabancı diplomaların denkliği danışmanlığı", "استشارة حول الاعتراف بالمؤهلات الأجنبية"),
    ),
    (
        "Hausaufgabenhilfe",
        "Homework help",
        ["education", "family"],
        "group",
        ["children", "youth"],
        "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben, montags bis donnerstags.",
        "Volunteers help schoolchildren with their homework, Monday to Thursday.",
        None,
    ),
    (
        "Elterncafé",
        "Parents' café",
        ["family", "participation"],
        "group",
        ["families", "mothers-young-children"],
        "Eltern treffen sich, tauschen sich aus und bekommen Tipps rund um Kita und Schule.",
        "Parents meet, share experiences and get tips on nursery and school.",
        ("Veli kafesi", "مقهى الآباء والأمهات"),
    ),
    (
        "Schwimmkurs für Frauen",
        "Swimming course for women",
        ["participation", "health"],
        "course",
        ["women"],
        "Schwimmen lernen in geschütztem Rahmen mit Trainerinnen.",
        "Learn to swim in a protected setting with female coaches.",
        ("Kadınlar için yüzme kursu", "دورة سباحة للنساء"),
    ),
    (
        "Mieterberatung",
        "Tenants' advice",
        ["housing"],
        "counselling",
        ["families", "newcomers"],
        "Fragen zu Mietvertrag, Nebenkosten und Wohnungssuche – kostenlos und vertraulich.",
        "Questions on tenancy agreements, service charges and flat hunting – free, confidential.",
        None,
    ),
    (
        "Gesundheitslotsen: Gesundheitssystem verstehen",
        "Health guides: understanding the health system",
        ["health", "orientation"],
        "event",
        ["newcomers", "families"],
        "Geschulte Lotsinnen erklären in Ihrer Sprache, wie Arztbesuch und Versicherung gehen.",
        "Trained guides explain in your language how doctor's visits and insurance work.",
        ("Sağlık rehberleri", "مرشدو الصحة"),
    ),
    (
        "Erste Schritte in Stuttgart: Infoabend für Neuzugewanderte",
        "First steps in Stuttgart: information evening for newcomers",
        ["orientation"],
        "event",
        ["newcomers", "refugees"],
        "Ämter, Anmeldung, Kita, Schule und Freizeit: alles Wichtige für den Start.",
        "Offices, registration, nursery, school and leisure: everything you need to get started.",
        ("Stuttgart'ta ilk adımlar", "الخطوات الأولى في شتوتغارت"),
    ),
    (
        "Berufsorientierung für Mütter in Teilzeit",
        "Career orientation for mothers in part-time",
        ["work", "family"],
        "counselling",
        ["mothers-young-children", "women"],
        "Wiedereinstieg, Teilzeitausbildung und Kinderbetreuung: wir planen Ihren Weg.",
        "Returning to work, part-time training and childcare: we plan your way.",
        None,
    ),
    (
        "Lesepatenschaften in der Stadtteilbibliothek",
        "Reading mentors at the local library",
        ["education", "participation"],
        "group",
        ["children"],
        "Ehrenamtliche lesen mit Kindern und wecken die Freude an Büchern.",
        "Volunteers read with children and spark a love of books.",
        None,
    ),
    (
        "Digitalkurs: Smartphone und Online-Behörden",
        "Digital course: smartphone and online services",
        ["education", "orientation"],
        "online",
        ["seniors", "newcomers"],
        "Termine online buchen, Formulare ausfüllen, sicher im Internet unterwegs sein.",
        "Book appointments online, fill in forms, stay safe on the internet.",
        None,
    ),
    (
        "Interkulturelles Stadtteilfest",
        "Intercultural neighbourhood festival",
        ["participation"],
        "event",
        ["families", "children"],
        "Musik, Essen aus aller Welt und Mitmachangebote für die ganze Familie.",
        "Music, food from around the world and activities for the whole family.",
        ("Kültürlerarası mahalle şenliği", "مهرجان الحي بين الثقافات"),
    ),
    (
        "Migrationsberatung für Erwachsene",
        "Migration counselling for adults",
        ["orientation"],
        "counselling",
        ["newcomers", "refugees"],
        "Beratung zu Aufenthalt, Sprachkursen, Arbeit und Familie.",
        "Advice on residence, language courses, work and family.",
        ("Yetişkinler için göç danışmanlığı", "استشارة الهجرة للبالغين"),
    ),
    (
        "Fußballtraining für Jugendliche",
        "Football training for young people",
        ["participation", "health"],
        "group",
        ["youth"],
        "Offenes Training im Verein, Schuhe und Trikots werden gestellt.",
        "Open club training, boots and shirts provided.",
        None,
    ),
    (
        "Pflegekurs für Angehörige",
        "Care course for relatives",
        ["health", "family"],
        "course",
        ["families", "seniors"],
        "Grundlagen der Pflege zu Hause und Hilfe bei Anträgen an die Pflegekasse.",
        "Basics of home care and help with applications to the care insurance.",
        None,
    ),
    (
        "Studienberatung für internationale Studierende",
        "Study advice for international students",
        ["education", "work"],
        "counselling",
        ["students"],
        "Studienwahl, Finanzierung und Nebenjob: wir beraten Sie persönlich.",
        "Choosing a course, funding and side jobs: personal advice.",
        None,
    ),
]

LEVELS = ["", "A1", "A2", "B1", "B2"]
# Postal codes of each Stuttgart district, so that venue and district agree.
POSTAL_CODES = {
    "bad-cannstatt": ["70372", "70374"],
    "birkach": ["70599"],
    "botnang": ["70195"],
    "degerloch": ["70597"],
    "feuerbach": ["70469"],
    "hedelfingen": ["70329"],
    "mitte": ["70173", "70174", "70182"],
    "moehringen": ["70567"],
    "muehlhausen": ["70378"],
    "muenster": ["70376"],
    "nord": ["70191", "70192"],
    "obertuerkheim": ["70329"],
    "ost": ["70186", "70188", "70190"],
    "plieningen": ["70599"],
    "sillenbuch": ["70619"],
    "stammheim": ["70439"],
    "sued": ["70180", "70199"],
    "untertuerkheim": ["70327"],
    "vaihingen": ["70563", "70569"],
    "wangen": ["70327"],
    "weilimdorf": ["70499"],
    "west": ["70176", "70193", "70197"],
    "zuffenhausen": ["70435", "70437"],
}
# (weekdays, start, end) of the sessions, chosen to agree with what the offer
# says of itself: mornings while children are at daycare, evenings after work,
# afternoons after school, festivals at the weekend.
MORNINGS = [
    ([0, 2], time(9), time(11, 30)),
    ([1, 3], time(9), time(12, 15)),
    ([0, 1, 2, 3, 4], time(8, 30), time(12, 45)),
    ([4], time(10), time(12)),
]
EVENINGS_TWICE_A_WEEK = [([0, 2], time(18), time(20, 15)), ([1, 3], time(18), time(20, 15))]
EVENINGS = [([1], time(18), time(20)), ([3], time(18, 30), time(20, 30))]
AFTERNOONS = [([3], time(15), time(17)), ([1], time(15), time(16, 30))]
AFTER_SCHOOL = [([0, 1, 2, 3], time(14, 30), time(16))]
WEEKENDS = [([5], time(14), time(17))]
SESSION_TIMES = MORNINGS + EVENINGS + AFTERNOONS + WEEKENDS
# A word of the German title or summary → the times that agree with it.
TIMES_BY_WORD = [
    ("am Abend", EVENINGS_TWICE_A_WEEK),
    ("Infoabend", EVENINGS),
    ("Vormittag", MORNINGS),
    ("montags bis donnerstags", AFTER_SCHOOL),
    ("Jugendliche", AFTERNOONS),
    ("Kindern", AFTERNOONS),
    ("Stadtteilfest", WEEKENDS),
]


def session_times_for(offer: tuple) -> list:
    text = f"{offer[0]} {offer[5]}"
    return next((times for word, times in TIMES_BY_WORD if word in text), SESSION_TIMES)


LEVEL_REACHED = {"": "A1", "A1": "A2", "A2": "B1", "B1": "B2", "B2": "C1"}
GERMAN_WEEKDAYS = ["montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags"]


def times_in_words(weekdays: list[int], start: time, end: time) -> str:
    """ "montags und mittwochs 9:00–11:30 Uhr", as a provider writes it."""
    names = [GERMAN_WEEKDAYS[day] for day in weekdays]
    days = " und ".join(names) if len(names) <= 2 else f"{names[0]} bis {names[-1]}"
    return f"{days} {start.hour}:{start.minute:02d}–{end.hour}:{end.minute:02d} Uhr"


STREETS = [
    "Königstraße",
    "Marktplatz",
    "Rotebühlplatz",
    "Hauptstätter Straße",
    "Marktstraße",
    "Wilhelmsplatz",
    "Kirchstraße",
    "Bahnhofstraße",
    "Schulstraße",
]
STATUS_WEIGHTS = [
    (Measure.Status.PUBLISHED, 80),
    (Measure.Status.DRAFT, 7),
    (Measure.Status.SUBMITTED, 6),
    (Measure.Status.ARCHIVED, 3),
    ("expired", 4),
]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--measures",
        type=int,
        default=240,
        help="How many demo measures to create (default 240).",
    )


def ensure_partners() -> list[Partner]:
    if Partner.objects.count() < MINIMUM_PARTNERS:
        for slug, name, sector, website in DEMO_PARTNERS:
            Partner.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "sector": sector,
                    "website": website,
                    "description_de": f"{name} ist Partner im Stuttgarter Bündnis für Integration.",
                },
            )
    return list(Partner.objects.public().order_by("slug"))


# Ukrainian titles and summaries where partners would translate: language
# courses and counselling for refugees and newcomers (German title: Ukrainian).
UKRAINIAN = {
    "Deutschkurse am Abend für Berufstätige": (
        "Вечірні курси німецької мови для працюючих",
        "Вивчайте німецьку після роботи: двічі на тиждень у малих групах.",
    ),
    "Deutschkurs A1 für Mütter mit Kinderbetreuung": (
        "Курс німецької мови A1 для матерів із доглядом за дітьми",
        "Вивчайте німецьку вранці, поки за вашими дітьми доглядають поруч.",
    ),
    "Integrationskurs": (
        "Інтеграційний курс",
        "Мовний та орієнтаційний курс з іспитом «Німецька мова для іммігрантів».",
    ),
    "Sprachcafé": (
        "Мовне кафе",
        "Практикуйте розмовну німецьку за кавою та чаєм – без реєстрації, для всіх рівнів.",
    ),
    "Anerkennungsberatung für ausländische Berufsabschlüsse": (
        "Консультація щодо визнання іноземних дипломів і кваліфікацій",
        "Разом з вами перевіряємо, як ваш диплом може бути визнаний у Німеччині.",
    ),
    "Migrationsberatung für Erwachsene": (
        "Консультація для дорослих мігрантів і біженців",
        "Консультації щодо перебування, мовних курсів, роботи та сім'ї.",
    ),
    "Erste Schritte in Stuttgart: Infoabend für Neuzugewanderte": (
        "Перші кроки в Штутгарті: інформаційний вечір для новоприбулих",
        "Відомства, реєстрація, дитячий садок, школа та дозвілля: усе для початку.",
    ),
    "Mieterberatung": (
        "Консультація для орендарів",
        "Питання щодо договору оренди, комунальних платежів і пошуку житла – безкоштовно.",
    ),
    "Gesundheitslotsen: Gesundheitssystem verstehen": (
        "Лоцмани здоров'я: як працює система охорони здоров'я",
        "Підготовлені лоцмани пояснюють вашою мовою, як відвідати лікаря і як працює страховка.",
    ),
}


def _ukrainian(offer: tuple, district: District, number: int) -> tuple[str, str, str]:
    """Ukrainian title, summary and description for two of three measures of the
    offers partners translate (for half of those the title and summary only);
    chosen by number, so the other demo data stay the same."""
    translated = UKRAINIAN.get(offer[0])
    if translated is None or number % 3 == 2:
        return "", "", ""
    title, summary = translated
    if number >= len(OFFERS):
        title = f"{title} ({district.name})"
    description = (
        f"{summary}\n\nЯкщо маєте запитання, зателефонуйте нам або напишіть електронного листа."
        if number % 3 == 0
        else ""
    )
    return title, summary, description


def _title(rng: random.Random, offer: tuple, district: District, number: int) -> tuple[str, str]:
    title_de, title_en = offer[0], offer[1]
    # The first offers keep their plain titles, so the catalogue starts with
    # the examples people search for.
    if number < len(OFFERS):
        return title_de, title_en
    level = rng.choice(LEVELS) if offer[3] == "course" and "Deutsch" in title_de else ""
    if level and "A1" not in title_de:
        title_de, title_en = f"{title_de} {level}", f"{title_en} {level}"
    return f"{title_de} in {district.name}", f"{title_en} in {district.name}"


def build_measure(rng: random.Random, number: int, taxonomy: dict, partners: list) -> tuple:
    """Measure `number` and the keys of its relations; the same on every run."""
    offer = OFFERS[number % len(OFFERS)]
    today = timezone.localdate()
    district = rng.choice(taxonomy["districts"])
    title_de, title_en = _title(rng, offer, district, number)
    turkish_arabic = offer[7] if offer[7] and rng.random() < 0.5 else ("", "")
    ukrainian = _ukrainian(offer, district, number)
    status = rng.choices([s for s, _w in STATUS_WEIGHTS], [w for _s, w in STATUS_WEIGHTS])[0]
    valid_until = today + timedelta(days=rng.randint(60, 400))
    if status == "expired":
        status, valid_until = Measure.Status.PUBLISHED, today - timedelta(days=rng.randint(1, 90))
    dated = offer[3] in ("course", "event") or rng.random() < 0.3
    start = today + timedelta(days=rng.randint(-30, 150)) if dated else None
    end = start + timedelta(days=rng.choice([0, 0, 28, 56, 84])) if start else None
    is_online = offer[3] == "online" or rng.random() < 0.08
    is_free = rng.random() < 0.7
    childcare = "mothers-young-children" in offer[4] or rng.random() < 0.2
    is_course = offer[3] == "course"
    capacity = rng.choice([12, 15, 16, 20, 25]) if is_course or offer[3] == "event" else None
    places_free = rng.randint(0, capacity // 2) if capacity else None
    german = is_course and "Deutsch" in title_de
    level = next((level for level in LEVELS[1:] if level in title_de), "")
    times_text = rng.choice(
        [times_in_words(*times) for times in session_times_for(offer)]
        + (["nach Vereinbarung"] if offer[3] == "counselling" else [])
    )
    measure = Measure(
        slug=f"{slugify(title_de)[:180]}-{number + 1}",
        title_de=title_de,
        title_en=title_en,
        title_tr=turkish_arabic[0],
        title_ar=turkish_arabic[1],
        title_uk=ukrainian[0],
        summary_de=offer[5],
        summary_en=offer[6],
        summary_uk=ukrainian[1],
        description_de=(
            f"{offer[5]}\n\n"
            + ("" if dated else f"Das Angebot findet {times_text} statt. ")
            + "Bei Fragen rufen Sie uns gerne an oder schreiben Sie uns eine E-Mail."
        ),
        description_en=f"{offer[6]}\n\nPlease call or email us if you have any questions.",
        description_uk=ukrainian[2],
        format=offer[3],
        provider=rng.choice(partners),
        is_online=is_online,
        venue_name="" if is_online else f"Stadtteilhaus {district.name}",
        venue_street="" if is_online else f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
        venue_postal_code="" if is_online else rng.choice(POSTAL_CODES[district.slug]),
        venue_city="Stuttgart",
        is_free=is_free,
        cost_amount=None if is_free else Decimal(rng.choice([5, 10, 25, 49, 90, 120])),
        cost_note="" if is_free else "Ermäßigung mit der Bonuscard",
        childcare=childcare,
        childcare_age_from=rng.choice([0, 1]) if childcare else None,
        childcare_age_to=rng.choice([3, 3, 6]) if childcare else None,
        childcare_on_site=childcare and rng.random() < 0.7,
        capacity=capacity,
        places_free=places_free,
        places_updated_at=timezone.now() - timedelta(days=rng.randint(0, 30)) if capacity else None,
        registration_status=(
            ("full" if places_free == 0 else rng.choice(["open", "open", "waiting_list"]))
            if capacity
            else ("any_time" if offer[3] == "group" else "")
        ),
        german_level_needed=level if german else "",
        german_level_reached=LEVEL_REACHED[level] if german else "",
        course_type=rng.choice(
            [
                "integration_general",
                "integration_parents" if childcare else "integration_women",
                "job_related" if level in ("B1", "B2") else "literacy",
            ]
        )
        if german
        else "",
        wheelchair_accessible=rng.random() < 0.6,
        registration_required=offer[3] in ("course", "counselling"),
        registration_info="Anmeldung telefonisch oder per E-Mail." if offer[3] != "group" else "",
        contact_email=f"kontakt-{number % 50}@example.org",
        contact_phone=f"0711 {rng.randint(200000, 999999)}",
        start_date=start,
        end_date=end,
        schedule_text="" if dated else times_text,
        registration_deadline=start - timedelta(days=7) if start and rng.random() < 0.5 else None,
        status=status,
        valid_until=valid_until,
    )
    if dated:
        weekdays, start_time, end_time = rng.choice(session_times_for(offer))
        single = end == start
        measure.demo_schedule = Schedule(
            kind=Schedule.Kind.SINGLE if single else Schedule.Kind.WEEKLY,
            weekdays=[] if single else weekdays,
            start_time=start_time,
            end_time=end_time,
            valid_from=start,
            valid_until=end,
        )
        measure.summarise_sessions([measure.demo_schedule])
        measure.refresh_next_session([measure.demo_schedule])
    relations = {
        "life_domains": [taxonomy["domains"][slug] for slug in offer[2]],
        "target_groups": [taxonomy["target_groups"][slug] for slug in offer[4]],
        "districts": [] if is_online else [district],
        "languages": [
            taxonomy["languages"]["de"],
            *rng.sample(taxonomy["other_languages"], rng.randint(0, 3)),
        ],
    }
    return measure, relations


def seed(options: dict, stdout) -> None:
    count = options.get("measures", 240)
    partners = ensure_partners()
    taxonomy = taxonomy_for_generation()
    # Demo data, not security: a fixed seed makes every run produce the same measures.
    rng = random.Random(SEED)  # noqa: S311 -- generated demo data
    built = [build_measure(rng, number, taxonomy, partners) for number in range(count)]
    existing = set(Measure.objects.values_list("slug", flat=True))
    new = [(measure, relations) for measure, relations in built if measure.slug not in existing]
    insert_measures(new)
    # Submitted measures wait for review; some published ones wait with changes.
    changed = {measure.pk for measure, _relations in new[7::40]}
    revisions = [
        MeasureRevision(
            measure=measure,
            number=1,
            values={"summary_de": f"{measure.summary_de} Neu: auch online."}
            if measure.status == Measure.Status.PUBLISHED
            else {},
            submitted_at=timezone.now(),
        )
        for measure, _relations in new
        if measure.status == Measure.Status.SUBMITTED
        or (measure.status == Measure.Status.PUBLISHED and measure.pk in changed)
    ]
    MeasureRevision.objects.bulk_create(revisions)
    stdout.write(f"Demo measures: {len(new)} created, {count - len(new)} already there")


def taxonomy_for_generation() -> dict:
    taxonomy = {
        "domains": {domain.slug: domain for domain in LifeDomain.objects.all()},
        "target_groups": {group.slug: group for group in TargetGroup.objects.all()},
        "districts": list(District.objects.order_by("slug")),
        "languages": {language.code: language for language in Language.objects.all()},
    }
    taxonomy["other_languages"] = [
        language for code, language in sorted(taxonomy["languages"].items()) if code != "de"
    ]
    return taxonomy


def insert_measures(new: list[tuple[Measure, dict]]) -> None:
    """Bulk-insert measures with their relations (keys as in `build_measure`)."""
    prepare_for_bulk_insert(measure for measure, _relations in new)
    Measure.objects.bulk_create([measure for measure, _relations in new], batch_size=1000)
    schedules = []
    for measure, _relations in new:
        schedule = getattr(measure, "demo_schedule", None)
        if schedule is not None:
            schedule.measure = measure
            # bulk_create skips save(), which writes the rule.
            schedule.rrule = schedule.build_rrule()
            schedules.append(schedule)
    Schedule.objects.bulk_create(schedules, batch_size=1000)
    tables = [Measure._meta.db_table, Schedule._meta.db_table]
    for name in ("life_domains", "target_groups", "districts", "languages"):
        field = Measure._meta.get_field(name)
        through = field.remote_field.through
        target_column = f"{field.m2m_reverse_field_name()}_id"
        rows = [
            through(measure_id=measure.pk, **{target_column: related.pk})
            for measure, relations in new
            for related in relations[name]
        ]
        through.objects.bulk_create(rows, batch_size=5000)
        tables.append(through._meta.db_table)
    # Fresh statistics: without them the planner takes thousands of new rows
    # for a handful and picks nested loops that make facet counts crawl.
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    # Bulk inserts send no signals; tell the page cache ourselves.
    invalidate_catalogue()
