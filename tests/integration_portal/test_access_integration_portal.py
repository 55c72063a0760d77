"""Who reaches the portal's own pages, the accounts and Django's admin: each URL
pattern × each role (see tests/access.py), and what department staff may not
do to accounts in the admin."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.roles import COUNSELLING_LEAD, DEPARTMENT_STAFF, PARTNER_EDITOR
from partners.models import Partner
from tests.access import (
    ADMIN_INDEX,
    ADMIN_LOGIN,
    ADMIN_STAFF,
    LOGIN,
    PUBLIC,
    ROLES,
    AdminModel,
    Redirect,
    admin_model_cases,
    check_get,
    everyone,
    matches,
    named,
    pk,
    roles,
    route,
    signed_in,
)
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOME = Redirect("/de/", exact=True)
REAUTHENTICATE = Redirect("/de/accounts/reauthenticate/?next=")

CASES = [
    # Operations: for machines and everyone.
    named("healthz", PUBLIC),
    named("readyz", PUBLIC),
    named("robots_txt", PUBLIC),
    named("sitemap", PUBLIC),
    # Public pages.
    named("home", PUBLIC),
    named("page", PUBLIC, slug=lambda world: "accessibility"),
    named("page", everyone(404), "unknown", slug=lambda world: "nothing-here"),
    named("feedback", PUBLIC),
    named("feedback_thanks", PUBLIC),
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


# Django's admin: the models of this app, of Django's auth and of allauth.
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
    # An account's address follows its sign-in address: shown, never added or edited.
    "account.emailaddress": AdminModel(lambda w: w.email_address, staff="", superuser="dv"),
    "mfa.authenticator": AdminModel(lambda w: w.authenticator, staff=""),
}


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_the_expected_answer(case, role, world, clients):
    check_get(case, role, world, clients)


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
