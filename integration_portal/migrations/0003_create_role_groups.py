"""The four roles of people with an account, as groups. Their permissions are
granted after every migrate by the apps that own the models (see
`integration_portal.roles.grant_permissions`)."""

from django.db import migrations

ROLES = ["partner editor", "counsellor", "counselling lead", "department staff"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integration_portal", "0002_seed_taxonomy"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
