"""Who reaches what: every URL pattern of the portal × every role → the expected answer.

The list of patterns comes from the URL resolver, so a new URL without a row
in the table below fails `test_the_table_covers_every_url_pattern`, and so does
a row whose URL is gone. Each pattern is requested with GET as the real site
sees each role: partner editors signed in with their password, staff,
counsellors, leads and the superuser with password and TOTP code.

Where an object's existence is nobody's business (another partner's draft,
another counsellor's client), the answer is 404, never 403; a whole area that a
role has no part in (desk, review, dashboard) answers 403; a page that needs an
account sends anonymous visitors to the login.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from counselling.models import Absence, Appointment, AvailabilityRule, Counsellor, Location, Mode
from counselling.models import Client as CounsellingClient
from counselling.slots import BERLIN
from integration_portal.models import (
    District,
    Feedback,
    Language,
    LifeDomain,
    LogEntry,
    TargetGroup,
    User,
)
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, PARTNER_EDITOR
from measures.models import Measure, MeasureRevision
from partners.models import Partner, PartnerMembership, PartnerRevision
from tests.conftest import PASSWORD, TOTP_SECRET, current_totp_code, make_user

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "editor_a", "editor_b", "counsellor", "lead", "staff", "superuser")


# Expectations ---------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 to `to`: its Location starts with it, or equals it if `exact`."""

    to: str
    exact: bool = False

    def __str__(self) -> str:
        return f"302 → {self.to}"

    def matches(self, location: str) -> bool:
        return location == self.to if self.exact else location.startswith(self.to)


Expected = int | Redirect

LOGIN = Redirect("/de/accounts/login/?next=")
ADMIN_LOGIN = Redirect("/admin/login/?next=")
ADMIN_INDEX = Redirect("/admin/", exact=True)
HOME = Redirect("/de/", exact=True)
REAUTHENTICATE = Redirect("/de/accounts/reauthenticate/?next=")
BOOKING_START = Redirect("/de/counselling/")


def roles(default: Expected, **overrides: Expected) -> dict[str, Expected]:
    """One expectation per role: `default`, except where named."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


def everyone(expected: Expected) -> dict[str, Expected]:
    return roles(expected)


def signed_in(expected: Expected, **overrides: Expected) -> dict[str, Expected]:
    """Accounts only: anonymous visitors are sent to the login."""
    return roles(expected, anonymous=LOGIN, **overrides)


PUBLIC = everyone(200)


# The partner area: only editors of the partner; everyone else finds nothing.
PARTNER_A_ONLY = signed_in(404, editor_a=200)
# The review queue and the steering dashboard: department staff and the superuser.
DEPARTMENT = signed_in(403, staff=200, superuser=200)
# The counselling desk: counsellors, their leads and the superuser.
DESK = signed_in(403, counsellor=200, lead=200, superuser=200)
# The counsellor's own profile: a colleague's does not exist for her.
DESK_COLLEAGUE = {**DESK, "counsellor": 404}
LEAD = signed_in(403, lead=200, superuser=200)
# Django's admin sends everyone without staff status to its own login page,
# which passes them on to the portal's login (with the second factor).
ADMIN_STAFF = roles(ADMIN_LOGIN, staff=200, superuser=200)


# The objects the URLs need ---------------------------------------------------


@dataclass
class World:
    """One object of each kind the URLs take, shared by the whole module."""

    users: dict[str, User]
    partner_a: Partner
    partner_b: Partner
    hidden_partner: Partner
    published: Measure
    draft: Measure
    submitted: Measure
    counsellor: Counsellor
    other_counsellor: Counsellor
    rule: AvailabilityRule
    other_rule: AvailabilityRule
    absence: Absence
    other_absence: Absence
    location: Location
    appointment: Appointment
    other_appointment: Appointment
    feedback: Feedback
    email_address: EmailAddress
    authenticator: Authenticator


def _measure(partner: Partner, slug: str, status: str, **fields) -> Measure:
    measure = Measure.objects.create(
        slug=slug,
        title_de=f"Kurs {slug}",
        summary_de="Kurzbeschreibung",
        description_de="Beschreibung",
        format=Measure.Format.COURSE,
        provider=partner,
        status=status,
        **fields,
    )
    measure.life_domains.set(LifeDomain.objects.filter(slug="language"))
    measure.districts.set(District.objects.filter(slug="mitte"))
    return measure


def _submitted(partner: Partner, slug: str) -> Measure:
    """A measure its editors submitted: it waits for review as revision 1."""
    measure = _measure(partner, slug, Measure.Status.SUBMITTED)
    MeasureRevision.objects.create(measure=measure, number=1, submitted_at=timezone.now())
    return measure


def _counsellor(user: User, german: Language) -> Counsellor:
    counsellor = Counsellor.objects.create(
        user=user, modes=[Mode.PHONE], topics=["career", "recognition"]
    )
    counsellor.languages.add(german)
    return counsellor


def _appointment(
    counsellor: Counsellor, german: Language, start: datetime, email: str
) -> Appointment:
    client = CounsellingClient.objects.create(
        name="Mutter", email=email, child_birth_month=timezone.localdate().replace(day=1)
    )
    return Appointment.objects.create(
        counsellor=counsellor,
        client=client,
        timespan=DateTimeTZRange(start, start + timedelta(hours=1)),
        topic="career",
        mode=Mode.PHONE,
        language=german,
    )


def _build_world() -> World:
    """The role users as tests/conftest.py makes them, and what their pages show."""
    partner_a = Partner.objects.create(
        name="Partner A e. V.", slug="partner-a", sector=Partner.Sector.CIVIL_SOCIETY
    )
    # Changes of partner A's editors to its profile wait for review.
    PartnerRevision.objects.create(
        partner=partner_a, number=1, values={"phone": "0711 1"}, submitted_at=timezone.now()
    )
    partner_b = Partner.objects.create(
        name="Partner B gGmbH", slug="partner-b", sector=Partner.Sector.WELFARE
    )
    hidden_partner = Partner.objects.create(
        name="Verborgen e. V.", slug="hidden", sector=Partner.Sector.CULTURE, is_public=False
    )
    editor_a = make_user("editor-a@example.org", PARTNER_EDITOR)
    PartnerMembership.objects.create(partner=partner_a, user=editor_a)
    editor_b = make_user("editor-b@example.org", PARTNER_EDITOR)
    PartnerMembership.objects.create(partner=partner_b, user=editor_b)
    superuser = make_user("root@example.org", is_staff=True, is_superuser=True)
    users = {
        "editor_a": editor_a,
        "editor_b": editor_b,
        "counsellor": make_user("counsellor@example.org", COUNSELLOR),
        "lead": make_user("lead@example.org", COUNSELLING_LEAD),
        "staff": make_user("staff@example.org", DEPARTMENT_STAFF, is_staff=True),
        "superuser": superuser,
    }
    colleague = make_user("counsellor-other@example.org", COUNSELLOR)

    german = Language.objects.get(code="de")
    counsellor = _counsellor(users["counsellor"], german)
    other_counsellor = _counsellor(colleague, german)
    # Far enough ahead that the personal link still allows cancelling and moving.
    start = datetime.combine(timezone.localdate() + timedelta(days=10), datetime.min.time())
    start = start.replace(hour=10, tzinfo=BERLIN)

    def rule(owner: Counsellor) -> AvailabilityRule:
        return AvailabilityRule.objects.create(
            counsellor=owner,
            weekday=0,
            start_time="09:00",
            end_time="12:00",
            slot_minutes=60,
            mode=Mode.PHONE,
            valid_from=date(2026, 1, 1),
        )

    def absence(owner: Counsellor) -> Absence:
        return Absence.objects.create(
            counsellor=owner, start=start + timedelta(days=20), end=start + timedelta(days=21)
        )

    return World(
        users=users,
        partner_a=partner_a,
        partner_b=partner_b,
        hidden_partner=hidden_partner,
        published=_measure(
            partner_a, "published-a", Measure.Status.PUBLISHED, start_date=date(2030, 3, 1)
        ),
        draft=_measure(partner_a, "draft-a", Measure.Status.DRAFT),
        submitted=_submitted(partner_a, "submitted-a"),
        counsellor=counsellor,
        other_counsellor=other_counsellor,
        rule=rule(counsellor),
        other_rule=rule(other_counsellor),
        absence=absence(counsellor),
        other_absence=absence(other_counsellor),
        location=Location.objects.create(
            name="Welcome Center",
            address="Charlottenplatz 17, 70173 Stuttgart",
            district=District.objects.get(slug="mitte"),
        ),
        appointment=_appointment(counsellor, german, start, "mutter@example.net"),
        other_appointment=_appointment(other_counsellor, german, start, "andere@example.net"),
        feedback=Feedback.objects.create(message="Der Kontrast ist zu schwach.", language="de"),
        email_address=EmailAddress.objects.create(
            user=editor_a, email=editor_a.email, primary=True, verified=True
        ),
        authenticator=Authenticator.objects.get(user=users["staff"]),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back after it;
    each test runs in a savepoint of its own on top."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# Signing in as the real site sees it -----------------------------------------


def sign_in(client: Client, user: User) -> None:
    """Password, then (for the roles that need one) the TOTP code, through allauth."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    if user.has_mfa():
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(
            reverse("mfa_authenticate"), {"code": current_totp_code(TOTP_SECRET)}
        )
        assert response.status_code == 302, response.content
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    """One browser per role for the whole module: the sign-in is paid once."""
    with django_db_blocker.unblock():
        browsers = {"anonymous": Client()}
        for role, user in world.users.items():
            browsers[role] = Client()
            sign_in(browsers[role], user)
    return browsers


# The table -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One URL of a pattern, with the answer each role should get."""

    key: str
    expected: dict[str, Expected]
    url: Callable[[World], str] = field(compare=False)
    variant: str = ""

    @property
    def id(self) -> str:
        return f"{self.key}[{self.variant}]" if self.variant else self.key


def named(
    pattern: str, expected: dict, variant: str = "", /, **kwargs: Callable[[World], object]
) -> Case:
    """A named pattern, reversed with keyword arguments taken from the world."""

    def url(world: World) -> str:
        return reverse(pattern, kwargs={name: value(world) for name, value in kwargs.items()})

    return Case(pattern, expected, url, variant)


def route(key: str, expected: dict, path: Callable[[World], str], variant: str = "") -> Case:
    """An unnamed pattern, keyed by its route."""
    return Case(key, expected, path, variant)


def pk(attribute: str) -> Callable[[World], int]:
    return lambda world: getattr(world, attribute).pk


def slug(attribute: str) -> Callable[[World], str]:
    return lambda world: getattr(world, attribute).slug


def token(world: World) -> str:
    return world.appointment.token


CASES = [
    # Operations and open data: for machines and everyone.
    named("healthz", PUBLIC),
    named("readyz", PUBLIC),
    named("robots_txt", PUBLIC),
    named("sitemap", PUBLIC),
    named("measures_api:json", PUBLIC),
    named("measures_api:csv", PUBLIC),
    named("partners_api:partners_json", PUBLIC),
    # Public pages.
    named("home", PUBLIC),
    named("page", PUBLIC, slug=lambda world: "accessibility"),
    named("page", everyone(404), "unknown", slug=lambda world: "nothing-here"),
    named("feedback", PUBLIC),
    named("feedback_thanks", PUBLIC),
    named("measures:catalogue", PUBLIC),
    named("measures:detail", PUBLIC, slug=slug("published")),
    # A draft does not exist for the public, not even for its own editors.
    named("measures:detail", everyone(404), "draft", slug=slug("draft")),
    named("measures:calendar", PUBLIC, slug=slug("published")),
    named("measures:calendar", everyone(404), "draft", slug=slug("draft")),
    named("partners:directory", PUBLIC),
    named("partners:detail", PUBLIC, slug=slug("partner_a")),
    named("partners:detail", everyone(404), "hidden", slug=slug("hidden_partner")),
    # Counselling booking: one question per page; a later step without the
    # earlier answers starts again.
    named("counselling:start", PUBLIC),
    named("counselling:topic", PUBLIC),
    named("counselling:language", everyone(BOOKING_START)),
    named("counselling:mode", everyone(BOOKING_START)),
    named("counselling:location", everyone(BOOKING_START)),
    named("counselling:slots", everyone(BOOKING_START)),
    named("counselling:details", everyone(BOOKING_START)),
    named("counselling:check", everyone(BOOKING_START)),
    named("counselling:done", everyone(BOOKING_START)),
    named("counselling:not_eligible", PUBLIC),
    # The personal link is the key: whoever holds it sees the appointment.
    named("counselling:appointment", PUBLIC, token=token),
    named("counselling:appointment", everyone(404), "wrong token", token=lambda w: "x" * 43),
    named("counselling:cancel", PUBLIC, token=token),
    named("counselling:cancel", everyone(404), "wrong token", token=lambda w: "x" * 43),
    named("counselling:move", PUBLIC, token=token),
    named("counselling:move", everyone(404), "wrong token", token=lambda w: "x" * 43),
    # Partner area: an editor's own partners only. Any account may open its
    # start page, which lists the partners she edits (none for the other roles).
    named("measures:partner_area", signed_in(200)),
    named("partner_profiles:edit", PARTNER_A_ONLY, slug=slug("partner_a")),
    named("measures:partner_measure_create", PARTNER_A_ONLY, slug=slug("partner_a")),
    named("measures:partner_measure", PARTNER_A_ONLY, pk=pk("draft")),
    named("measures:partner_measure_edit", PARTNER_A_ONLY, pk=pk("draft")),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POSTs.
    named("measures:partner_measure_submit", everyone(405), pk=pk("draft")),
    named("measures:partner_measure_archive", everyone(405), pk=pk("published")),
    named("measures:partner_measure_withdraw_changes", everyone(405), pk=pk("published")),
    named("measures:partner_measure_confirm", everyone(405), pk=pk("published")),
    named("partner_profiles:withdraw", everyone(405), slug=slug("partner_a")),
    # Review queue and steering dashboard: the department.
    named("review:queue", DEPARTMENT),
    named("review:detail", DEPARTMENT, pk=pk("submitted")),
    # A draft has not been submitted: nothing to review.
    named("review:detail", signed_in(403, staff=404, superuser=404), "draft", pk=pk("draft")),
    named("review:publish", everyone(405), pk=pk("submitted")),
    named("review:send_back", everyone(405), pk=pk("submitted")),
    # Partner A's profile changes wait for review; partner B has none.
    named("review:partner", DEPARTMENT, pk=pk("partner_a")),
    named("review:partner", signed_in(403, staff=404, superuser=404), "none", pk=pk("partner_b")),
    named("review:partner_publish", everyone(405), pk=pk("partner_a")),
    named("review:partner_send_back", everyone(405), pk=pk("partner_a")),
    named("dashboard:matrix", DEPARTMENT),
    named("dashboard:matrix_csv", DEPARTMENT),
    # Counselling desk.
    named("desk:agenda", DESK),
    named("desk:appointment", DESK, pk=pk("appointment")),
    named("desk:appointment", DESK_COLLEAGUE, "colleague's", pk=pk("other_appointment")),
    named("desk:book", DESK, counsellor_pk=pk("counsellor")),
    named("desk:book", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:availability", DESK, counsellor_pk=pk("counsellor")),
    named("desk:availability", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:rule_add", DESK, counsellor_pk=pk("counsellor")),
    named("desk:rule_add", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:rule_edit", DESK, counsellor_pk=pk("counsellor"), pk=pk("rule")),
    named(
        "desk:rule_edit",
        DESK_COLLEAGUE,
        "colleague's",
        counsellor_pk=pk("other_counsellor"),
        pk=pk("other_rule"),
    ),
    # Someone else's rule under one's own profile is not found either.
    named(
        "desk:rule_edit",
        {**DESK, "counsellor": 404, "lead": 404, "superuser": 404},
        "mismatched",
        counsellor_pk=pk("counsellor"),
        pk=pk("other_rule"),
    ),
    named("desk:rule_delete", everyone(405), counsellor_pk=pk("counsellor"), pk=pk("rule")),
    named("desk:absence_add", DESK, counsellor_pk=pk("counsellor")),
    named("desk:absence_add", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:absence_edit", DESK, counsellor_pk=pk("counsellor"), pk=pk("absence")),
    named(
        "desk:absence_edit",
        DESK_COLLEAGUE,
        "colleague's",
        counsellor_pk=pk("other_counsellor"),
        pk=pk("other_absence"),
    ),
    named("desk:absence_delete", everyone(405), counsellor_pk=pk("counsellor"), pk=pk("absence")),
    named("desk:statistics", LEAD),
    named("desk:client_export", LEAD, pk=lambda world: world.appointment.client_id),
    named("desk:client_erase", LEAD, pk=lambda world: world.appointment.client_id),
]

# Accounts (allauth): signing in, out, passwords, the second factor. Pages
# that change the second factor ask for the password again first, however
# fresh the login.
CASES += [
    named("account_login", roles(HOME, anonymous=200)),
    named("account_logout", roles(200, anonymous=Redirect("/", exact=True))),
    named("account_inactive", PUBLIC),
    # Nobody signs up on their own: the page says so.
    named("account_signup", roles(HOME, anonymous=200)),
    named("account_reauthenticate", signed_in(200)),
    # The sign-in address, read-only (POST: 405, see test_accounts.py).
    named("account_email", signed_in(200)),
    named("account_email_verification_sent", PUBLIC),
    named("account_change_password", signed_in(200)),
    named("account_set_password", signed_in(Redirect("/de/accounts/password/change/"))),
    named("account_reset_password", PUBLIC),
    named("account_reset_password_done", PUBLIC),
    named("account_reset_password_from_key", PUBLIC, uidb36=lambda w: "1", key=lambda w: "x-y"),
    named("account_reset_password_from_key_done", PUBLIC),
    named("account_confirm_email", PUBLIC, key=lambda w: "unknown-key"),
    # Login by emailed code is off: there is no code to confirm.
    named(
        "account_confirm_login_code",
        roles(HOME, anonymous=Redirect("/de/accounts/login/", exact=True)),
    ),
    # Without a password step in progress there is no second factor to ask for.
    named("mfa_authenticate", roles(HOME, anonymous=Redirect("/de/accounts/login/", exact=True))),
    named("mfa_index", signed_in(200)),
    # Editors have no second factor to confirm, so their password is asked for.
    named(
        "mfa_reauthenticate",
        signed_in(
            200,
            editor_a=Redirect("/de/accounts/reauthenticate/", exact=True),
            editor_b=Redirect("/de/accounts/reauthenticate/", exact=True),
        ),
    ),
    named("mfa_activate_totp", signed_in(REAUTHENTICATE)),
    named("mfa_deactivate_totp", signed_in(REAUTHENTICATE, editor_a=404, editor_b=404)),
    named("mfa_generate_recovery_codes", signed_in(REAUTHENTICATE)),
    # The role users have a TOTP device but no recovery codes yet.
    named("mfa_view_recovery_codes", signed_in(404)),
    named("mfa_download_recovery_codes", signed_in(404)),
]


# Django's admin.
@dataclass(frozen=True)
class AdminModel:
    """A model in the admin: which object its object pages open, and what the
    department staff and the superuser may do with it (add, change, delete, view)."""

    instance: Callable[[World], object]
    staff: str
    superuser: str = "acdv"


ADMIN_MODELS = {
    "auth.group": AdminModel(lambda w: Group.objects.get(name=PARTNER_EDITOR), staff=""),
    # Staff invite editors: they create and look up accounts, never delete them.
    "integration_portal.user": AdminModel(lambda w: w.users["editor_a"], staff="acv"),
    "integration_portal.lifedomain": AdminModel(lambda w: LifeDomain.objects.first(), staff="acdv"),
    "integration_portal.district": AdminModel(lambda w: District.objects.first(), staff="acdv"),
    "integration_portal.language": AdminModel(lambda w: Language.objects.first(), staff="acdv"),
    "integration_portal.targetgroup": AdminModel(
        lambda w: TargetGroup.objects.first(), staff="acdv"
    ),
    # Feedback arrives through the public form only.
    "integration_portal.feedback": AdminModel(lambda w: w.feedback, staff="cv", superuser="cdv"),
    "partners.partner": AdminModel(lambda w: w.partner_a, staff="acdv"),
    "measures.measure": AdminModel(lambda w: w.draft, staff="acv"),
    # Counsellors and their availability are set up by the superuser; the
    # department does not see into counselling.
    "counselling.counsellor": AdminModel(lambda w: w.counsellor, staff=""),
    "counselling.location": AdminModel(lambda w: w.location, staff=""),
    "counselling.absence": AdminModel(lambda w: w.absence, staff=""),
    # An account's address follows its sign-in address: shown, never added or edited.
    "account.emailaddress": AdminModel(lambda w: w.email_address, staff="", superuser="dv"),
    "mfa.authenticator": AdminModel(lambda w: w.authenticator, staff=""),
}


def _admin_page(staff_may: bool, superuser_may: bool) -> dict[str, Expected]:
    return roles(
        ADMIN_LOGIN, staff=200 if staff_may else 403, superuser=200 if superuser_may else 403
    )


def admin_model_cases(label: str, model: AdminModel) -> list[Case]:
    """The five pages Django's admin gives every registered model, and the
    redirect from a bare object URL to its change page."""
    app, name = label.split(".")
    prefix = f"admin:{app}_{name}"
    instance = model.instance

    def can(perms: str, *actions: str) -> bool:
        return any(action in perms for action in actions)

    def page(actions: str) -> dict[str, Expected]:
        return _admin_page(can(model.staff, *actions), can(model.superuser, *actions))

    object_id = {"object_id": lambda w: instance(w).pk}
    change_page = Redirect(f"/admin/{app}/{name}/")
    return [
        named(f"{prefix}_changelist", page("vc")),
        named(f"{prefix}_add", page("a")),
        named(f"{prefix}_change", page("vc"), **object_id),
        named(f"{prefix}_delete", page("d"), **object_id),
        named(f"{prefix}_history", page("vc"), **object_id),
        route(
            f"admin/{app}/{name}/<path:object_id>/",
            roles(ADMIN_LOGIN, staff=change_page, superuser=change_page),
            lambda w: f"/admin/{app}/{name}/{instance(w).pk}/",
        ),
    ]


for _label, _model in ADMIN_MODELS.items():
    CASES += admin_model_cases(_label, _model)

PARTNER_A_PAGE = Redirect("http://testserver/de/partners/partner-a/", exact=True)

# The admin's index per app lists only what the role may see; an app with
# nothing for the role does not exist for it.
ADMIN_APPS_FOR_STAFF = {
    "auth": 404,
    "integration_portal": 200,
    "partners": 200,
    "measures": 200,
    "counselling": 404,
    "account": 404,
    "mfa": 404,
}
CASES += [
    named(
        "admin:app_list",
        roles(ADMIN_LOGIN, staff=status, superuser=200),
        app,
        app_label=lambda w, app=app: app,
    )
    for app, status in ADMIN_APPS_FOR_STAFF.items()
]
CASES += [
    named("admin:index", ADMIN_STAFF),
    # The admin's login form would skip the second factor: it hands over to
    # the portal's login, and only staff get past it.
    named("admin:login", roles(403, anonymous=LOGIN, staff=ADMIN_INDEX, superuser=ADMIN_INDEX)),
    # Signing out is a POST; without staff status the admin sends people to its index.
    named("admin:logout", roles(ADMIN_INDEX, staff=405, superuser=405)),
    named("admin:password_change", ADMIN_STAFF),
    named("admin:password_change_done", ADMIN_STAFF),
    # The admin's forms ask with a model and field; a bare request is refused.
    named("admin:autocomplete", roles(ADMIN_LOGIN, staff=403, superuser=403)),
    named("admin:jsi18n", ADMIN_STAFF),
    named(
        "admin:view_on_site",
        roles(ADMIN_LOGIN, staff=PARTNER_A_PAGE, superuser=PARTNER_A_PAGE),
        content_type_id=lambda w: ContentType.objects.get_for_model(Partner).pk,
        object_id=pk("partner_a"),
    ),
    route(
        "admin/(?P<url>.*)$",
        roles(ADMIN_LOGIN, staff=404, superuser=404),
        lambda w: "/admin/nothing-here/",
    ),
    named("admin:partners_partner_import", ADMIN_STAFF),
    named("admin:partners_partner_export", ADMIN_STAFF),
    named("admin:partners_partner_invite", ADMIN_STAFF, object_id=pk("partner_a")),
    named("admin:auth_user_password_change", ADMIN_STAFF, id=lambda w: w.users["editor_a"].pk),
    # The department keeps editors' accounts; those of staff, counselling and the
    # superuser it may look at but not change.
    named(
        "admin:auth_user_password_change",
        roles(ADMIN_LOGIN, staff=403, superuser=200),
        "superuser's",
        id=lambda w: w.users["superuser"].pk,
    ),
    named(
        "admin:auth_user_password_change",
        roles(ADMIN_LOGIN, staff=403, superuser=200),
        "counsellor's",
        id=lambda w: w.users["counsellor"].pk,
    ),
    named(
        "admin:integration_portal_user_change",
        ADMIN_STAFF,
        "superuser's",
        object_id=lambda w: w.users["superuser"].pk,
    ),
]


# The tests -------------------------------------------------------------------


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespaces: tuple = ()
) -> dict[str, tuple[str, ...]]:
    """Every pattern of the project, keyed "namespace:name" where named, else by
    its route, with the namespaces it lives in."""
    resolver = resolver or get_resolver()
    found = {}
    for pattern in resolver.url_patterns:
        route_so_far = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            found |= url_patterns(pattern, route_so_far, inner)
        elif isinstance(pattern, URLPattern):
            key = ":".join((*namespaces, pattern.name)) if pattern.name else route_so_far
            found[key] = namespaces
    return found


def test_the_table_covers_every_url_pattern():
    """A new URL needs its row here; a row for a URL that is gone must go."""
    table = {case.key for case in CASES}
    patterns = set(url_patterns())
    assert patterns - table == set(), "URL patterns without an expected answer per role"
    assert table - patterns == set(), "rows for URL patterns that no longer exist"


def test_every_case_names_every_role_once():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert all(set(case.expected) == set(ROLES) for case in CASES)


def describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def matches(expected: Expected, response) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and expected.matches(response["Location"])
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_the_expected_answer(case, role, world, clients):
    url = case.url(world)
    response = clients[role].get(url)
    expected = case.expected[role]
    assert matches(expected, response), (
        f"{case.id} as {role}: GET {url} expected {expected}, got {describe(response)}"
    )


# Writes: what a GET cannot show ----------------------------------------------


@dataclass(frozen=True)
class Post:
    """A POST that the wrong role must not get through, and how to see it did not."""

    key: str
    kwargs: dict[str, Callable[[World], object]]
    expected: dict[str, Expected]
    intact: Callable[[World], bool]
    data: dict = field(default_factory=dict)

    def url(self, world: World) -> str:
        return reverse(self.key, kwargs={name: value(world) for name, value in self.kwargs.items()})


def _status(model, attribute: str, status: str) -> Callable[[World], bool]:
    return lambda world: model.objects.get(pk=getattr(world, attribute).pk).status == status


def _exists(model, attribute: str) -> Callable[[World], bool]:
    return lambda world: model.objects.filter(pk=getattr(world, attribute).pk).exists()


POSTS = [
    Post(
        "measures:partner_measure_submit",
        {"pk": pk("draft")},
        {"anonymous": LOGIN, "editor_b": 404, "counsellor": 404, "staff": 404},
        _status(Measure, "draft", Measure.Status.DRAFT),
    ),
    Post(
        "measures:partner_measure_archive",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "lead": 404},
        _status(Measure, "published", Measure.Status.PUBLISHED),
    ),
    Post(
        "measures:partner_measure_edit",
        {"pk": pk("draft")},
        {"anonymous": LOGIN, "editor_b": 404},
        lambda w: Measure.objects.get(pk=w.draft.pk).title_de == w.draft.title_de,
        {"title_de": "Übernommen", "summary_de": "x", "description_de": "x", "format": "course"},
    ),
    # An editor must not publish her own measure past the department.
    Post(
        "review:publish",
        {"pk": pk("submitted")},
        {"anonymous": LOGIN, "editor_a": 403, "lead": 403},
        _status(Measure, "submitted", Measure.Status.SUBMITTED),
    ),
    Post(
        "review:send_back",
        {"pk": pk("submitted")},
        {"anonymous": LOGIN, "editor_a": 403, "counsellor": 403},
        _status(Measure, "submitted", Measure.Status.SUBMITTED),
        {"comment": "Bitte ergänzen"},
    ),
    Post(
        "measures:partner_measure_withdraw_changes",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        _status(Measure, "published", Measure.Status.PUBLISHED),
    ),
    Post(
        "measures:partner_measure_confirm",
        {"pk": pk("published")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        lambda w: not Measure.objects.filter(checked_at__isnull=False).exists(),
    ),
    Post(
        "partner_profiles:edit",
        {"slug": slug("partner_a")},
        {"anonymous": LOGIN, "editor_b": 404, "staff": 404},
        lambda w: PartnerRevision.objects.filter(partner=w.partner_a).count() == 1,
        {"description_de": "Übernommen", "city": "Stuttgart"},
    ),
    Post(
        "partner_profiles:withdraw",
        {"slug": slug("partner_a")},
        {"anonymous": LOGIN, "editor_b": 404, "counsellor": 404},
        lambda w: PartnerRevision.objects.get(partner=w.partner_a).status == "submitted",
    ),
    # An editor must not publish her own profile past the department.
    Post(
        "review:partner_publish",
        {"pk": pk("partner_a")},
        {"anonymous": LOGIN, "editor_a": 403, "lead": 403},
        lambda w: Partner.objects.get(pk=w.partner_a.pk).phone == "",
        {"revision": "1"},
    ),
    Post(
        "review:partner_send_back",
        {"pk": pk("partner_a")},
        {"anonymous": LOGIN, "editor_a": 403},
        lambda w: PartnerRevision.objects.get(partner=w.partner_a).status == "submitted",
        {"revision": "1", "comment": "Bitte ergänzen"},
    ),
    Post(
        "desk:rule_delete",
        {"counsellor_pk": pk("other_counsellor"), "pk": pk("other_rule")},
        {"anonymous": LOGIN, "editor_a": 403, "staff": 403, "counsellor": 404},
        _exists(AvailabilityRule, "other_rule"),
    ),
    Post(
        "desk:absence_delete",
        {"counsellor_pk": pk("other_counsellor"), "pk": pk("other_absence")},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 404},
        _exists(Absence, "other_absence"),
    ),
    Post(
        "desk:client_erase",
        {"pk": lambda w: w.other_appointment.client_id},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 403},
        lambda w: CounsellingClient.objects.get(pk=w.other_appointment.client_id).email != "",
    ),
    # Exporting a person's data is recorded: the wrong roles get neither data nor a record.
    Post(
        "desk:client_export",
        {"pk": lambda w: w.other_appointment.client_id},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 403},
        lambda w: not LogEntry.objects.filter(action="client.exported").exists(),
    ),
    Post(
        "admin:measures_measure_delete",
        {"object_id": pk("published")},
        {"anonymous": ADMIN_LOGIN, "editor_a": ADMIN_LOGIN, "staff": 403},
        _exists(Measure, "published"),
        {"post": "yes"},
    ),
]
POST_CASES = [(post, role) for post in POSTS for role in post.expected]


@pytest.mark.parametrize(
    ("post", "role"), POST_CASES, ids=[f"{post.key}-{role}" for post, role in POST_CASES]
)
def test_post_only_endpoints_refuse_the_wrong_role(post, role, world, clients):
    url = post.url(world)
    response = clients[role].post(url, post.data)
    expected = post.expected[role]
    assert matches(expected, response), (
        f"{post.key} as {role}: POST {url} expected {expected}, got {describe(response)}"
    )
    assert post.intact(world), f"{post.key} as {role}: the POST changed the data"


# The second factor -----------------------------------------------------------

# test_mfa.py shows staff without a TOTP device sent from the admin index to
# set one up; here every URL of every area behind the second factor, for
# every role that needs one.
SECOND_FACTOR_AREAS = {"admin", "desk", "review", "dashboard"}
NO_SECOND_FACTOR = {
    "counsellor": (COUNSELLOR, {}),
    "lead": (COUNSELLING_LEAD, {}),
    "staff": (DEPARTMENT_STAFF, {"is_staff": True}),
    "superuser": (None, {"is_staff": True, "is_superuser": True}),
}


@pytest.fixture(scope="module")
def clients_without_second_factor(world, django_db_blocker) -> dict[str, Client]:
    """People of the MFA roles who signed in with their password but have no device yet."""
    with django_db_blocker.unblock():
        browsers = {}
        for role, (group, flags) in NO_SECOND_FACTOR.items():
            user = make_user(f"{role}-without-totp@example.org", group, **flags)
            Authenticator.objects.filter(user=user).delete()
            browsers[role] = Client()
            sign_in(browsers[role], user)
    return browsers


def protected_cases() -> list[Case]:
    """One URL of each pattern in the areas that need the second factor."""
    protected = {
        key for key, namespaces in url_patterns().items() if SECOND_FACTOR_AREAS & set(namespaces)
    }
    first_of_each = {}
    for case in CASES:
        if case.key in protected:
            first_of_each.setdefault(case.key, case)
    assert set(first_of_each) == protected
    return list(first_of_each.values())


@pytest.mark.parametrize("role", NO_SECOND_FACTOR)
def test_mfa_roles_without_a_device_are_sent_to_set_one_up(
    role, world, clients_without_second_factor
):
    client = clients_without_second_factor[role]
    set_up = Redirect(reverse("mfa_activate_totp"), exact=True)
    let_through = []
    for case in protected_cases():
        url = case.url(world)
        response = client.get(url)
        if not matches(set_up, response):
            let_through.append(f"{case.id}: GET {url} → {describe(response)}")
    assert let_through == [], f"{role} without a second factor got past: {let_through}"


def test_the_admin_login_form_cannot_skip_the_second_factor(world, client):
    """The password alone, typed into the admin's own form, opens nothing."""
    staff = world.users["staff"]
    response = client.post(
        reverse("admin:login"), {"username": staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert matches(LOGIN, response)
    assert "_auth_user_id" not in client.session
    assert matches(ADMIN_LOGIN, client.get(reverse("admin:index")))


def test_department_staff_cannot_give_themselves_more_rights(world, clients):
    """Roles and the accounts of staff, counselling and the superuser are the superuser's."""
    staff, superuser = world.users["staff"], world.users["superuser"]
    own_page = reverse("admin:integration_portal_user_change", args=[staff.pk])
    response = clients["staff"].post(
        own_page,
        {
            "email": staff.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [group.pk for group in Group.objects.all()],
        },
    )
    assert response.status_code == 403
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert not staff.groups.filter(name=COUNSELLING_LEAD).exists()

    password_page = reverse("admin:auth_user_password_change", args=[superuser.pk])
    response = clients["staff"].post(
        password_page,
        {"password1": "ein-neues-Passwort-42", "password2": "ein-neues-Passwort-42"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_department_staff_keep_editors_accounts_but_hand_out_no_roles(world, clients):
    editor = world.users["editor_b"]
    response = clients["staff"].post(
        reverse("admin:integration_portal_user_change", args=[editor.pk]),
        {
            "email": editor.email,
            "first_name": "Bea",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=DEPARTMENT_STAFF).pk],
        },
    )
    assert matches(Redirect("/admin/integration_portal/user/"), response)
    editor.refresh_from_db()
    assert editor.first_name == "Bea"
    assert not editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == [PARTNER_EDITOR]
