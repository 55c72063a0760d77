"""Demo accounts, one per role, for trying the portal locally."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from integration_portal.models import User
from integration_portal.permissions import requires_mfa
from integration_portal.roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, PARTNER_EDITOR

# Printed by `make run`; these accounts exist only in local demo databases.
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105

DEMO_USERS = [
    # email, first name, last name, role, is_staff, is_superuser
    ("admin@example.org", "Alex", "Admin", None, True, True),
    ("staff@example.org", "Sabine", "Steuerung", DEPARTMENT_STAFF, True, False),
    ("lead@example.org", "Leyla", "Leitung", COUNSELLING_LEAD, False, False),
    ("counsellor@example.org", "Olena", "Beraterin", COUNSELLOR, False, False),
    ("editor@example.org", "Emre", "Redaktion", PARTNER_EDITOR, False, False),
]


def seed(options: dict, stdout) -> None:
    for email, first_name, last_name, role, is_staff, is_superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if role:
            user.groups.add(Group.objects.get(name=role))
        if requires_mfa(user) and not user.has_mfa():
            # Locally, `make run` accepts a fixed code for these accounts.
            TOTP.activate(user, generate_totp_secret())
    stdout.write(f"Demo accounts: {len(DEMO_USERS)} (password for all: {DEMO_PASSWORD})")
