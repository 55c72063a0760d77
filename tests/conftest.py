"""Shared fixtures: one user per role, and the browser set-up. The objects
themselves are made by the builders in tests/factories.py.

Roles (SPEC): anonymous, editor of partner A, editor of partner B, counsellor,
counselling lead, department staff, superuser.
"""

import os
from collections.abc import Iterator
from importlib import import_module
from types import SimpleNamespace

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import Client
from django.test.client import ClientMixin
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

from integration_portal.models import User
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF
from measures.filters import choice_objects, choice_phrases
from partners.models import Partner
from tests.access import World, build_world, sign_in
from tests.factories import (
    make_editor,
    make_partner,
    make_user,
)

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
def _catalogue_choices_read_anew() -> None:
    """Each test reads the catalogue's choices from its own database: a
    process keeps them while the catalogue's version stays the same, and the
    changes of a test rolled back can give the next one the same version."""
    choice_objects.forget()
    choice_phrases.forget()


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


@pytest.fixture
def partner_a(db) -> Partner:
    return make_partner(name="Partner A e. V.", slug="partner-a")


@pytest.fixture
def partner_b(db) -> Partner:
    return make_partner(name="Partner B gGmbH", slug="partner-b", sector=Partner.Sector.WELFARE)


@pytest.fixture
def editor_a(partner_a) -> User:
    return make_editor(partner_a, "editor-a@example.org")


@pytest.fixture
def editor_b(partner_b) -> User:
    return make_editor(partner_b, "editor-b@example.org")


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
    return make_user("root@example.org", is_staff=True, is_superuser=True)


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


# The access table (tests/access.py, tests/<app>/test_access_<app>.py) --------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """Built once per module inside a transaction that is rolled back after it;
    each test runs in a savepoint of its own on top."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker) -> dict[str, Client]:
    """One browser per role for the whole module: the sign-in is paid once."""
    with django_db_blocker.unblock():
        browsers = {"anonymous": Client()}
        for role, user in world.users.items():
            browsers[role] = Client()
            sign_in(browsers[role], user)
    return browsers
