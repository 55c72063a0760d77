"""The roles of people with an account, kept as Django groups.

The groups are created by a data migration; the names are stable identifiers
that code and fixtures refer to.
"""

PARTNER_EDITOR = "partner editor"
COUNSELLOR = "counsellor"
COUNSELLING_LEAD = "counselling lead"
DEPARTMENT_STAFF = "department staff"

# Roles that must sign in with a second factor (TOTP).
MFA_ROLES = [COUNSELLOR, COUNSELLING_LEAD, DEPARTMENT_STAFF]


def grant_permissions(
    app_config, role: str, models: list[str], actions: list[str], using: str
) -> None:
    """Give `role` the `actions` (add, change, delete, view) on `models` of `app_config`.

    Called after every migrate by the app that owns the models, so that the
    groups keep up with new models without a data migration each time.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Our post_migrate handler may run before auth's own; make sure the
    # permissions exist.
    create_permissions(app_config, verbosity=0, using=using)
    group, _created = Group.objects.using(using).get_or_create(name=role)
    codenames = [f"{action}_{model}" for model in models for action in actions]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=app_config.label, codename__in=codenames
    )
    group.permissions.add(*permissions)


def role_name(group_name: str) -> str:
    """The role's name for people, in the active language: the group's own
    name is the identifier above and stays English."""
    from django.utils.translation import gettext

    names = {
        PARTNER_EDITOR: gettext("Partner editor"),
        COUNSELLOR: gettext("Counsellor"),
        COUNSELLING_LEAD: gettext("Counselling lead"),
        DEPARTMENT_STAFF: gettext("Department staff"),
    }
    return names.get(group_name, group_name)
