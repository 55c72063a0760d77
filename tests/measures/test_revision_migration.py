"""The pending changes stored on measures before revisions existed move into
revisions, and back again when the migration is reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("measures", "0005_measure_revisions")]
AFTER = [("measures", "0007_remove_measure_pending_changes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_pending_changes_become_revisions_and_come_back_when_reversed():
    old = migrate(BEFORE)
    try:
        Measure = old.get_model("measures", "Measure")
        Partner = old.get_model("partners", "Partner")
        provider = Partner.objects.create(name="Verein", slug="verein", sector="culture")
        now = timezone.now()

        def measure(slug: str, status: str, **fields):
            return Measure.objects.create(
                slug=slug,
                title_de=slug,
                summary_de="s",
                description_de="d",
                format="course",
                provider=provider,
                status=status,
                **fields,
            )

        measure("submitted", "submitted")
        measure(
            "waiting", "published", pending_changes={"title_de": "Neu"}, pending_submitted_at=now
        )
        measure("refused", "published", pending_changes={"title_de": "X"}, review_comment="Nein")
        measure("sent-back-draft", "draft", review_comment="Bitte ergänzen")
        measure("plain", "published")

        new = migrate(AFTER)
        revisions = {
            revision.measure.slug: (
                revision.number,
                revision.status,
                revision.values,
                revision.comment,
            )
            for revision in new.get_model("measures", "MeasureRevision").objects.select_related(
                "measure"
            )
        }
        assert revisions == {
            "submitted": (1, "submitted", {}, ""),
            "waiting": (1, "submitted", {"title_de": "Neu"}, ""),
            "refused": (1, "sent_back", {"title_de": "X"}, "Nein"),
            "sent-back-draft": (1, "sent_back", {}, "Bitte ergänzen"),
        }

        old = migrate(BEFORE)
        fields = {
            row["slug"]: (
                row["pending_changes"],
                row["pending_submitted_at"] is not None,
                row["review_comment"],
            )
            for row in old.get_model("measures", "Measure").objects.values(
                "slug", "pending_changes", "pending_submitted_at", "review_comment"
            )
        }
        assert fields == {
            "submitted": ({}, False, ""),
            "waiting": ({"title_de": "Neu"}, True, ""),
            "refused": ({"title_de": "X"}, False, "Nein"),
            "sent-back-draft": ({}, False, "Bitte ergänzen"),
            "plain": ({}, False, ""),
        }
    finally:
        migrate(latest())
