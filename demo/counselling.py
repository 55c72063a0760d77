"""Demo counsellors, places, weekly availability and a few fictional appointments."""

from datetime import date, datetime, time, timedelta

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone

from counselling.models import (
    Absence,
    Appointment,
    AvailabilityRule,
    Client,
    Counsellor,
    Location,
    Mode,
    Topic,
)
from counselling.slots import BERLIN
from integration_portal.models import District, Language, User
from integration_portal.permissions import requires_mfa
from integration_portal.roles import COUNSELLOR

from .integration_portal import DEMO_PASSWORD

LOCATIONS = [
    # name, address, district slug, accessibility note, wheelchair accessible
    (
        "Welcome Center Stuttgart",
        "Charlottenplatz 17, 70173 Stuttgart",
        "mitte",
        "Aufzug am Eingang, barrierefreies WC im Erdgeschoss.",
        True,
    ),
    (
        "Bürgerbüro Bad Cannstatt",
        "Marktplatz 10, 70372 Stuttgart",
        "bad-cannstatt",
        "Zwei Stufen am Eingang, eine mobile Rampe auf Nachfrage.",
        False,
    ),
]

COUNSELLORS = [
    # email, first name, last name, languages,
    # weekly rules as (weekday, from hour, to hour, mode, index into LOCATIONS)
    (
        "counsellor@example.org",
        "Olena",
        "Beraterin",
        ["de", "uk", "ru"],
        [(0, 9, 12, Mode.IN_PERSON, 0), (2, 13, 16, Mode.PHONE, None)],
    ),
    (
        "lead@example.org",
        "Leyla",
        "Leitung",
        ["de", "tr", "en"],
        [(1, 9, 12, Mode.IN_PERSON, 1), (3, 9, 11, Mode.VIDEO, None)],
    ),
    (
        "counsellor2@example.org",
        "Samira",
        "Haddad",
        ["de", "ar", "en"],
        [(1, 13, 16, Mode.IN_PERSON, 0), (4, 9, 12, Mode.PHONE, None)],
    ),
    (
        "counsellor3@example.org",
        "Ayşe",
        "Demir",
        ["de", "tr"],
        [(2, 9, 12, Mode.IN_PERSON, 1), (3, 13, 15, Mode.VIDEO, None)],
    ),
]

CLIENTS = [
    # name, email, days from today, hour, topic, status
    ("Maria K.", "maria.k@example.net", -20, 9, Topic.RECOGNITION, Appointment.Status.ATTENDED),
    ("Demo Mutter", "demo.mutter@example.net", -13, 10, Topic.GERMAN, Appointment.Status.NO_SHOW),
    ("Fatma", "fatma@example.net", 3, 9, Topic.CHILDCARE, Appointment.Status.BOOKED),
    ("Oksana P.", "", 8, 10, Topic.CAREER, Appointment.Status.BOOKED),
]


def _counsellor(
    email: str, first: str, last: str, codes: list[str], places: list[Location]
) -> Counsellor:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=COUNSELLOR))
    if requires_mfa(user) and not user.has_mfa():
        # Like the portal's own demo accounts: locally a fixed code is accepted.
        TOTP.activate(user, generate_totp_secret())
    counsellor, _created = Counsellor.objects.get_or_create(
        user=user,
        defaults={
            "modes": list(Mode.values),
            "topics": list(Topic.values),
            # A made-up room: clients of video appointments see where to join.
            "video_link": f"https://video.example.org/beratung-{user.pk}",
        },
    )
    counsellor.languages.add(*Language.objects.filter(code__in=codes))
    counsellor.locations.add(*places)
    return counsellor


def seed(options: dict, stdout) -> None:
    places = []
    for name, address, district, note, accessible in LOCATIONS:
        place, _created = Location.objects.get_or_create(
            name=name,
            defaults={
                "address": address,
                "district": District.objects.get(slug=district),
                "accessibility_note": note,
                "wheelchair_accessible": accessible,
            },
        )
        places.append(place)

    today = timezone.localdate()
    since = today - timedelta(days=60)
    counsellors = []
    for email, first, last, codes, rules in COUNSELLORS:
        counsellor = _counsellor(email, first, last, codes, places)
        counsellors.append(counsellor)
        for weekday, start, end, mode, place in rules:
            AvailabilityRule.objects.get_or_create(
                counsellor=counsellor,
                weekday=weekday,
                start_time=time(start),
                defaults={
                    "end_time": time(end),
                    "slot_minutes": 45,
                    "mode": mode,
                    "location": places[place] if place is not None else None,
                    "valid_from": since,
                },
            )

    holiday_start = datetime.combine(today + timedelta(days=21), time(0), tzinfo=BERLIN)
    if not Absence.objects.filter(counsellor=counsellors[1]).exists():
        Absence.objects.create(
            counsellor=counsellors[1],
            start=holiday_start,
            end=holiday_start + timedelta(days=5),
            reason="Urlaub",
        )

    german = Language.objects.get(code="de")
    for name, email, days, hour, topic, status in CLIENTS:
        if Client.objects.filter(name=name).exists():
            continue
        day = today + timedelta(days=days)
        client = Client.objects.create(
            name=name,
            email=email,
            phone="" if email else "0711 555 0101",
            child_birth_month=date(today.year - 1, 3, 1),
            preferred_language=german,
            consent_at=timezone.now(),
        )
        start = datetime.combine(day, time(hour), tzinfo=BERLIN)
        Appointment.objects.create(
            counsellor=counsellors[0],
            client=client,
            timespan=DateTimeTZRange(start, start + timedelta(minutes=45)),
            topic=topic,
            mode=Mode.PHONE,
            language=german,
            status=status,
        )
    stdout.write(f"Counselling: {len(counsellors)} counsellors, {len(places)} places")
