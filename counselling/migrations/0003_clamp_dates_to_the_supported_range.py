"""Absences and availability rules entered before dates were checked may lie
outside 2000–2100 (an absence from 0001-01-01 was stored in 1 BC, which the
database driver cannot read back). Those wholly outside the range never
matter and are deleted; the others are cut to the range. Nothing is read into
Python: the statements compare and update in the database."""

from datetime import UTC, date, datetime

from django.db import migrations

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)
# Within the range in every time zone the portal shows.
EARLIEST_MOMENT = datetime(2000, 1, 1, 12, 0, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 12, 31, 12, 0, tzinfo=UTC)


def clamp_dates_to_the_supported_range(apps, schema_editor) -> None:
    Absence = apps.get_model("counselling", "Absence")
    Absence.objects.filter(end__lte=EARLIEST_MOMENT).delete()
    Absence.objects.filter(start__gte=LATEST_MOMENT).delete()
    Absence.objects.filter(start__lt=EARLIEST_MOMENT).update(start=EARLIEST_MOMENT)
    Absence.objects.filter(end__gt=LATEST_MOMENT).update(end=LATEST_MOMENT)

    Rule = apps.get_model("counselling", "AvailabilityRule")
    Rule.objects.filter(valid_until__lt=EARLIEST_DAY).delete()
    Rule.objects.filter(valid_from__gt=LATEST_DAY).delete()
    Rule.objects.filter(valid_from__lt=EARLIEST_DAY).update(valid_from=EARLIEST_DAY)
    Rule.objects.filter(valid_until__gt=LATEST_DAY).update(valid_until=LATEST_DAY)


class Migration(migrations.Migration):
    dependencies = [("counselling", "0002_client_contact_lookups_and_date_range")]

    operations = [
        # Nothing to restore: the dates cut off were never valid.
        migrations.RunPython(clamp_dates_to_the_supported_range, migrations.RunPython.noop)
    ]
