"""The machinery of the access table: roles, expected answers, the objects the
URLs need, signed-in browsers per role, and the checks.

The table is split by app (`tests/<app>/test_access_<app>.py`, each with the
rows of its URL patterns); `tests/integration_portal/test_access_table.py`
gathers them and fails when a URL pattern of the resolver has no row. The
fixtures `world` (built by `build_world`, once per module) and `clients` (one
signed-in browser per role) are in tests/conftest.py.

Each pattern is requested as the real site sees each role: partner editors
signed in with their password, staff, counsellors, leads and the superuser
with password and TOTP code. Where an object's existence is nobody's business
(another partner's draft, another counsellor's client), the answer is 404,
never 403; a whole area that a role has no part in (desk, review, dashboard)
answers 403; a page that needs an account sends anonymous visitors to the
login.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from counselling.models import Absence, Appointment, AvailabilityRule, Counsellor, Location, Mode
from counselling.slots import BERLIN
from integration_portal.models import Feedback, Language, User
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF
from measures.models import Measure
from partners.models import Partner, PartnerRevision
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    add_absence,
    add_rule,
    current_totp_code,
    make_appointment,
    make_client,
    make_counsellor,
    make_editor,
    make_location,
    make_measure,
    make_partner,
    make_user,
)

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
    return make_measure(
        partner,
        f"Kurs {slug}",
        slug=slug,
        status=status,
        format=Measure.Format.COURSE,
        languages=(),
        **fields,
    )


def build_world() -> World:
    """The role users as tests/conftest.py makes them, and what their pages show."""
    partner_a = make_partner(name="Partner A e. V.", slug="partner-a")
    # Changes of partner A's editors to its profile wait for review.
    PartnerRevision.objects.create(
        partner=partner_a, number=1, values={"phone": "0711 1"}, submitted_at=timezone.now()
    )
    partner_b = make_partner(
        name="Partner B gGmbH", slug="partner-b", sector=Partner.Sector.WELFARE
    )
    hidden_partner = make_partner(
        name="Verborgen e. V.", slug="hidden", sector=Partner.Sector.CULTURE, is_public=False
    )
    editor_a = make_editor(partner_a, "editor-a@example.org")
    users = {
        "editor_a": editor_a,
        "editor_b": make_editor(partner_b, "editor-b@example.org"),
        "counsellor": make_user("counsellor@example.org", COUNSELLOR),
        "lead": make_user("lead@example.org", COUNSELLING_LEAD),
        "staff": make_user("staff@example.org", DEPARTMENT_STAFF, is_staff=True),
        "superuser": make_user("root@example.org", is_staff=True, is_superuser=True),
    }
    colleague = make_user("counsellor-other@example.org", COUNSELLOR)

    german = Language.objects.get(code="de")
    narrow = {"modes": [Mode.PHONE], "topics": ["career", "recognition"]}
    counsellor = make_counsellor(users["counsellor"], german, **narrow)
    other_counsellor = make_counsellor(colleague, german, **narrow)
    # Far enough ahead that the personal link still allows cancelling and moving.
    start = datetime.combine(timezone.localdate() + timedelta(days=10), datetime.min.time())
    start = start.replace(hour=10, tzinfo=BERLIN)
    birth_month = timezone.localdate().replace(day=1)

    def appointment(owner: Counsellor, email: str) -> Appointment:
        client = make_client(name="Mutter", email=email, child_birth_month=birth_month)
        return make_appointment(owner, start, client, language=german)

    return World(
        users=users,
        partner_a=partner_a,
        partner_b=partner_b,
        hidden_partner=hidden_partner,
        published=_measure(
            partner_a,
            "published-a",
            Measure.Status.PUBLISHED,
            start_date=date(2030, 3, 1),
            # its English text waits to be checked against a changed German one
            description_en="A course",
            translations_to_check=["en"],
        ),
        draft=_measure(partner_a, "draft-a", Measure.Status.DRAFT),
        # Its editors submitted it: it waits for review as revision 1.
        submitted=_measure(partner_a, "submitted-a", Measure.Status.SUBMITTED),
        counsellor=counsellor,
        other_counsellor=other_counsellor,
        rule=add_rule(counsellor),
        other_rule=add_rule(other_counsellor),
        absence=add_absence(counsellor, start + timedelta(days=20)),
        other_absence=add_absence(other_counsellor, start + timedelta(days=20)),
        location=make_location(wheelchair_accessible=False),
        appointment=appointment(counsellor, "mutter@example.net"),
        other_appointment=appointment(other_counsellor, "andere@example.net"),
        feedback=Feedback.objects.create(message="Der Kontrast ist zu schwach.", language="de"),
        email_address=EmailAddress.objects.create(
            user=editor_a, email=editor_a.email, primary=True, verified=True
        ),
        authenticator=Authenticator.objects.get(user=users["staff"]),
    )


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


# Django's admin ---------------------------------------------------------------


@dataclass(frozen=True)
class AdminModel:
    """A model in the admin: which object its object pages open, and what the
    department staff and the superuser may do with it (add, change, delete, view)."""

    instance: Callable[[World], object]
    staff: str
    superuser: str = "acdv"


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


def describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response['Location']}"
    return str(response.status_code)


def matches(expected: Expected, response) -> bool:
    if isinstance(expected, Redirect):
        return response.status_code == 302 and expected.matches(response["Location"])
    return response.status_code == expected


def check_get(case: Case, role: str, world: World, clients: dict[str, Client]) -> None:
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


def status_is(model, attribute: str, status: str) -> Callable[[World], bool]:
    return lambda world: model.objects.get(pk=getattr(world, attribute).pk).status == status


def still_exists(model, attribute: str) -> Callable[[World], bool]:
    return lambda world: model.objects.filter(pk=getattr(world, attribute).pk).exists()


def post_cases(posts: list[Post]) -> list[tuple[Post, str]]:
    return [(post, role) for post in posts for role in post.expected]


def post_id(post: Post, role: str) -> str:
    return f"{post.key}-{role}"


def check_post(post: Post, role: str, world: World, clients: dict[str, Client]) -> None:
    url = post.url(world)
    response = clients[role].post(url, post.data)
    expected = post.expected[role]
    assert matches(expected, response), (
        f"{post.key} as {role}: POST {url} expected {expected}, got {describe(response)}"
    )
    assert post.intact(world), f"{post.key} as {role}: the POST changed the data"
