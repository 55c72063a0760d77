"""Shared fixtures: one user per role, and the browser set-up.

Roles (SPEC): anonymous, editor of partner A, editor of partner B, counsellor,
counselling lead, department staff, superuser.
"""

import os
import time
from importlib import import_module
from types import SimpleNamespace

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from django.test.client import ClientMixin
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

from integration_portal.models import User
from integration_portal.permissions import requires_mfa
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, PARTNER_EDITOR
from partners.models import Partner, PartnerMembership

PASSWORD = "correct-horse-battery-staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Playwright's synchronous API runs an event loop in the test thread; the
# test's own ORM calls there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in German, the portal's default: a request in another
    language leaves that language active in the thread, and `reverse()` follows it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _taxonomy_in_transactional_tests(request) -> None:
    """Tests that commit (browser, race, outage) run on a database that the test
    before them emptied. The taxonomy and the role groups come from data
    migrations; put them back. (Django's serialized rollback cannot be relied on
    here: once Playwright runs its event loop in the test thread, Django hands out
    a different connection object, without the serialized contents.)"""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    for migration in ("0002_seed_taxonomy", "0003_create_role_groups"):
        module = import_module(f"integration_portal.migrations.{migration}")
        forward = module.Migration.operations[0].code
        forward(django_apps, None)
    # The groups' permissions are granted after each migrate, as in production.
    ContentType.objects.clear_cache()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)


def current_totp_code(secret: str) -> str:
    """The code an authenticator app shows now. The portal accepts the current
    time step only, so a code about to expire is not typed: wait for the next."""
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < 3:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


@pytest.fixture(autouse=True)
def _test_logins_record_how_they_signed_in(monkeypatch) -> None:
    """`client.login()` and `client.force_login()` stand for a completed sign-in:
    recorded in the session as allauth records it, with the second factor for
    those who have one. (Signing in itself is tested through the login pages,
    in test_mfa and the access table.)"""
    original = ClientMixin._login

    def login(self, user, backend=None) -> None:
        original(self, user, backend)
        request = SimpleNamespace(session=self.session)
        record_authentication(request, user, "password", email=user.email)
        totp = user.authenticator_set.filter(type=Authenticator.Type.TOTP).first()
        if totp is not None:
            record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
        request.session.save()

    monkeypatch.setattr(ClientMixin, "_login", login)


def make_user(email: str, role: str | None = None, **extra) -> User:
    """A user in `role`; staff and counsellors get a second factor as they must."""
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if requires_mfa(user):
        TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def partner_a(db) -> Partner:
    return Partner.objects.create(
        name="Partner A e. V.", slug="partner-a", sector=Partner.Sector.CIVIL_SOCIETY
    )


@pytest.fixture
def partner_b(db) -> Partner:
    return Partner.objects.create(
        name="Partner B gGmbH", slug="partner-b", sector=Partner.Sector.WELFARE
    )


@pytest.fixture
def editor_a(partner_a) -> User:
    user = make_user("editor-a@example.org", PARTNER_EDITOR)
    PartnerMembership.objects.create(partner=partner_a, user=user)
    return user


@pytest.fixture
def editor_b(partner_b) -> User:
    user = make_user("editor-b@example.org", PARTNER_EDITOR)
    PartnerMembership.objects.create(partner=partner_b, user=user)
    return user


@pytest.fixture
def counsellor_user(db) -> User:
    return make_user("counsellor@example.org", COUNSELLOR)


@pytest.fixture
def lead_user(db) -> User:
    return make_user("lead@example.org", COUNSELLING_LEAD)


@pytest.fixture
def staff_user(db) -> User:
    return make_user("staff@example.org", DEPARTMENT_STAFF, is_staff=True)


@pytest.fixture
def superuser(db) -> User:
    user = User.objects.create_superuser(email="root@example.org", password=PASSWORD)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def role_users(editor_a, editor_b, counsellor_user, lead_user, staff_user, superuser) -> dict:
    """Every role by name, `None` standing for the anonymous visitor."""
    return {
        "anonymous": None,
        "editor_a": editor_a,
        "editor_b": editor_b,
        "counsellor": counsellor_user,
        "lead": lead_user,
        "staff": staff_user,
        "superuser": superuser,
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Drive the system's Chromium: Playwright's own download is not available."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def static_through_the_app(application):
    """Leave /static/ to the application, where WhiteNoise answers it from the
    collected, hashed files as in production. (The test servers' own static
    handler looks the hashed names up in the source folders, finds nothing, and
    pages come out unstyled: colour contrast and focus could not be judged.)"""
    return application


@pytest.fixture(scope="session")
def live_server() -> LiveServer:
    """pytest-django's live server, serving the styled pages production serves."""
    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
    server.thread.static_handler = static_through_the_app
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url() -> None:
    """Browser tests open `live_server.url` themselves; no --base-url option is used.

    Defined here because pytest-playwright's own version of this fixture is a
    method, which pytest 9 deprecates (and warnings are errors here)."""
    return None
