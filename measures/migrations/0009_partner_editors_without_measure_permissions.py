"""Partner editors held add/change/view on measures only so that the partner
area's link appeared; the link now asks `can_use_partner_area`, and the
partner area checks memberships, so the group loses these admin permissions."""

from django.db import migrations

PARTNER_EDITOR = "partner editor"
CODENAMES = ["add_measure", "change_measure", "view_measure"]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="measures", codename__in=CODENAMES)


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=PARTNER_EDITOR).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


def grant(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=PARTNER_EDITOR).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0008_clamp_dates_to_the_portal_range"),
        ("integration_portal", "0003_create_role_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(revoke, grant)]
