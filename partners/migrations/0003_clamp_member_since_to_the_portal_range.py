"""Membership dates outside 2000-01-01 … 2100-12-31, stored before the admin and
the import checked the range, are moved to its nearest end. Backward: nothing
to do; the original dates are not kept.
"""

from datetime import date

from django.db import migrations

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def clamp(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    Partner.objects.filter(member_since__gt=LATEST).update(member_since=LATEST)
    Partner.objects.filter(member_since__lt=EARLIEST).update(member_since=EARLIEST)


class Migration(migrations.Migration):

    dependencies = [
        ("partners", "0002_partner_revisions_and_date_range"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
