"""Dates outside 2000-01-01 … 2100-12-31, stored before the forms, the admin and
the import checked the range, are moved to its nearest end (9999-12-31 becomes
2100-12-31). Both ends of a measure move the same way, so an end date stays on
or after its start. Backward: nothing to do; the original dates are not kept.
"""

from datetime import date

from django.db import migrations
from django.db.models import Case, F, Q, Value, When

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
DATE_FIELDS = ["start_date", "end_date", "registration_deadline", "valid_until"]


def clamp(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    outside = Q()
    for name in DATE_FIELDS:
        outside |= Q(**{f"{name}__lt": EARLIEST}) | Q(**{f"{name}__gt": LATEST})
    # All dates of a row in one statement: the check that the end is not before
    # the start holds after it, whichever end is moved first.
    Measure.objects.filter(outside).update(
        **{
            name: Case(
                When(**{f"{name}__lt": EARLIEST}, then=Value(EARLIEST)),
                When(**{f"{name}__gt": LATEST}, then=Value(LATEST)),
                default=F(name),
            )
            for name in DATE_FIELDS
        }
    )


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0007_remove_measure_pending_changes"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
