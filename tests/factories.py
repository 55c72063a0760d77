"""Builders for the objects tests need, one per kind, shared by the access
table, the accessibility sweep and the app tests.

Plain functions: each makes a valid object with German texts and sensible
defaults, and keyword arguments override any field. Fixtures in the
conftest files build on these; tests that need an object of their own call
them directly.
"""

import itertools
import time as clock
from datetime import date, datetime, time, timedelta

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
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
from integration_portal.models import District, Language, LifeDomain, TargetGroup, User
from integration_portal.permissions import requires_mfa
from integration_portal.roles import PARTNER_EDITOR
from measures.models import Measure, MeasureRevision
from partners.models import Partner, PartnerMembership

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# A Monday in term time, far from holidays.
MONDAY = date(2027, 2, 1)

_numbers = itertools.count(1)
# Partners in the order they were made sort by name as well.
_partner_numbers = itertools.count(1)


# People ----------------------------------------------------------------------


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now. The portal accepts the current
    time step only, so a code about to expire is not typed: wait for the next."""
    period = mfa_settings.TOTP_PERIOD
    left = period - clock.time() % period
    if left < 3:
        clock.sleep(left)
    return format_hotp_value(hotp_value(secret, int(clock.time()) // period))


def make_user(email: str, role: str | None = None, **extra) -> User:
    """A user in `role` with PASSWORD; staff and counsellors get a second factor
    (TOTP_SECRET) as they must."""
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if requires_mfa(user):
        TOTP.activate(user, TOTP_SECRET)
    return user


def make_editor(partner: Partner, email: str) -> User:
    """A partner editor, member of `partner`."""
    user = make_user(email, PARTNER_EDITOR)
    PartnerMembership.objects.create(partner=partner, user=user)
    return user


# Partners and measures -------------------------------------------------------


def make_partner(life_domains: tuple[str, ...] = (), **fields) -> Partner:
    """A public, active partner of civil society."""
    number = next(_partner_numbers)
    values = {
        "name": f"Verein {number:06d}",
        "slug": f"verein-{number:06d}",
        "sector": Partner.Sector.CIVIL_SOCIETY,
        **fields,
    }
    partner = Partner.objects.create(**values)
    partner.life_domains.set(LifeDomain.objects.filter(slug__in=life_domains))
    return partner


def make_measure(
    provider: Partner,
    title: str = "Sprachcafé",
    *,
    domains: tuple[str, ...] = ("language",),
    districts: tuple[str, ...] = ("mitte",),
    languages: tuple[str, ...] = ("de",),
    target_groups: tuple[str, ...] = (),
    **fields,
) -> Measure:
    """A published measure of `provider`; lists set its relations. A submitted
    one waits for review as revision 1, as if its editors had submitted it."""
    values = {
        "slug": f"measure-{next(_numbers)}",
        "title_de": title,
        "summary_de": f"Kurzbeschreibung von {title}",
        "description_de": f"Beschreibung von {title}",
        "format": Measure.Format.GROUP,
        "provider": provider,
        "status": Measure.Status.PUBLISHED,
        **fields,
    }
    measure = Measure.objects.create(**values)
    measure.life_domains.set(LifeDomain.objects.filter(slug__in=domains))
    measure.districts.set(District.objects.filter(slug__in=districts))
    measure.languages.set(Language.objects.filter(code__in=languages))
    measure.target_groups.set(TargetGroup.objects.filter(slug__in=target_groups))
    if measure.status == Measure.Status.SUBMITTED:
        MeasureRevision.objects.create(measure=measure, number=1, submitted_at=timezone.now())
    return measure


def with_changes(measure: Measure, **values) -> MeasureRevision:
    """Changes to the published `measure` waiting for review, as the partner
    area stores them (values in their JSON form)."""
    last = measure.revisions.order_by("-number").first()
    return MeasureRevision.objects.create(
        measure=measure,
        number=last.number + 1 if last else 1,
        values=values,
        submitted_at=timezone.now(),
    )


# Counselling -----------------------------------------------------------------


def berlin(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def span(start: datetime, minutes: int = 60) -> DateTimeTZRange:
    return DateTimeTZRange(start, start + timedelta(minutes=minutes))


def make_location(**fields) -> Location:
    values = {
        "name": "Welcome Center",
        "address": "Charlottenplatz 17, 70173 Stuttgart",
        "district": District.objects.get(slug="mitte"),
        "wheelchair_accessible": True,
        **fields,
    }
    return Location.objects.create(**values)


def make_counsellor(
    user: User,
    *languages: Language,
    modes: list[str] | None = None,
    topics: list[str] | None = None,
) -> Counsellor:
    """A counsellor profile for `user`: every mode and topic unless narrowed,
    advising in `languages` (German when none are given)."""
    counsellor = Counsellor.objects.create(
        user=user,
        modes=list(Mode.values) if modes is None else modes,
        topics=list(Topic.values) if topics is None else topics,
    )
    counsellor.languages.add(*(languages or [Language.objects.get(code="de")]))
    return counsellor


def add_rule(
    counsellor: Counsellor, weekday: int = 0, start: int = 9, end: int = 12, **extra
) -> AvailabilityRule:
    """A weekly availability of `counsellor`, by phone, hours `start` to `end`."""
    values = {"slot_minutes": 60, "mode": Mode.PHONE, "valid_from": date(2026, 1, 1)}
    values.update(extra)
    return AvailabilityRule.objects.create(
        counsellor=counsellor, weekday=weekday, start_time=time(start), end_time=time(end), **values
    )


def add_absence(counsellor: Counsellor, start: datetime, days: int = 1) -> Absence:
    return Absence.objects.create(
        counsellor=counsellor, start=start, end=start + timedelta(days=days)
    )


def make_client(**extra) -> Client:
    values = {
        "name": "Test Mutter",
        "email": "mutter@example.net",
        "child_birth_month": date(2026, 1, 1),
    }
    values.update(extra)
    return Client.objects.create(**values)


def make_appointment(
    counsellor: Counsellor, start: datetime, client: Client | None = None, **fields
) -> Appointment:
    """An hour booked with `counsellor` by phone on a career question, in German."""
    values = {
        "topic": Topic.CAREER,
        "mode": Mode.PHONE,
        "language": Language.objects.get(code="de"),
        **fields,
    }
    return Appointment.objects.create(
        counsellor=counsellor, client=client or make_client(), timespan=span(start), **values
    )
