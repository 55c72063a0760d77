"""Who reaches what: every URL pattern of the portal × every role → the expected answer.

The rows live with their app (`tests/<app>/test_access_<app>.py`, run there;
the machinery is `tests/access.py`). This module gathers them: the list of
patterns comes from the URL resolver, so a new URL without a row in one of
the tables fails `test_the_table_covers_every_url_pattern`, and so does a row
whose URL is gone. It also sends every role that needs a second factor, signed
in without one, against every URL of the areas behind it.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF
from tests.access import (
    ROLES,
    Case,
    Redirect,
    describe,
    matches,
    sign_in,
    url_patterns,
)
from tests.counselling import test_access_counselling
from tests.factories import make_user
from tests.integration_portal import test_access_integration_portal
from tests.measures import test_access_measures
from tests.partners import test_access_partners
from tests.recommendations import test_access_recommendations

pytestmark = pytest.mark.django_db

TABLES = [
    test_access_integration_portal,
    test_access_partners,
    test_access_measures,
    test_access_counselling,
    test_access_recommendations,
]
CASES = [case for table in TABLES for case in table.CASES]


def test_the_table_covers_every_url_pattern():
    """A new URL needs its row in its app's table; a row for a URL that is gone must go."""
    table = {case.key for case in CASES}
    patterns = set(url_patterns())
    assert patterns - table == set(), "URL patterns without an expected answer per role"
    assert table - patterns == set(), "rows for URL patterns that no longer exist"


def test_every_case_names_every_role_once():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert all(set(case.expected) == set(ROLES) for case in CASES)


# The second factor -----------------------------------------------------------

# test_mfa.py shows staff without a TOTP device sent from the admin index to
# set one up; here every URL of every area behind the second factor, for
# every role that needs one.
SECOND_FACTOR_AREAS = {"admin", "desk", "desk_recommendations", "review", "dashboard"}
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
