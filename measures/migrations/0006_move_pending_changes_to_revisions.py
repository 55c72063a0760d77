"""Pending changes, their submission time and the review comment move from
the measure into numbered revisions.

Forward: a submitted measure gets revision 1, waiting; a published measure's
pending changes become a revision, waiting when they were submitted and sent
back (with the review comment) when they were not; a draft sent back keeps its
comment in a sent-back revision. Backward: the newest revision of each measure
fills the three fields again, and the revisions are removed.
"""

from django.db import migrations
from django.utils import timezone


def to_revisions(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    MeasureRevision = apps.get_model("measures", "MeasureRevision")
    revisions = []
    for measure in Measure.objects.all().iterator():
        values, status, submitted_at = None, None, measure.pending_submitted_at
        if measure.status == "submitted":
            values, status = {}, "submitted"
        elif measure.status == "published" and measure.pending_changes:
            values = measure.pending_changes
            status = "submitted" if measure.pending_submitted_at else "sent_back"
        elif measure.review_comment:
            values, status = {}, "sent_back"
        if status is None:
            continue
        revisions.append(
            MeasureRevision(
                measure=measure,
                number=1,
                status=status,
                values=values,
                submitted_at=submitted_at or measure.updated_at or timezone.now(),
                decided_at=None if status == "submitted" else measure.updated_at,
                comment=measure.review_comment if status == "sent_back" else "",
            )
        )
    MeasureRevision.objects.bulk_create(revisions, batch_size=1000)


def to_fields(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    MeasureRevision = apps.get_model("measures", "MeasureRevision")
    latest = {}
    for revision in MeasureRevision.objects.order_by("measure_id", "number").iterator():
        latest[revision.measure_id] = revision
    for measure_id, revision in latest.items():
        fields = {}
        if revision.status in ("submitted", "sent_back") and revision.values:
            fields["pending_changes"] = revision.values
            if revision.status == "submitted":
                fields["pending_submitted_at"] = revision.submitted_at
        if revision.status == "sent_back":
            fields["review_comment"] = revision.comment
        if fields:
            Measure.objects.filter(pk=measure_id).update(**fields)
    MeasureRevision.objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("measures", "0005_measure_revisions"),
    ]

    operations = [
        migrations.RunPython(to_revisions, to_fields),
    ]
