"""Runs the queued tasks as django-tasks' database worker (`manage.py db_worker`)
does, at a chosen time, inside the test's transaction."""

from contextlib import nullcontext
from datetime import datetime
from unittest import mock

from django.db import transaction
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from counselling.outbox import deliver_message


def run_due(*, now: datetime | None = None) -> tuple[int, int]:
    """Run every task due at `now`, as the worker would then; (sent, failed)
    counts the outbox's attempts."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    sent = failed = 0
    with mock.patch.object(timezone, "now", return_value=now) if now else nullcontext():
        while True:
            with transaction.atomic():
                row = DBTaskResult.objects.ready().get_locked()
                if row is None:
                    return sent, failed
                row.claim(worker.worker_id)
            worker.run_task(row)
            row.refresh_from_db()
            assert row.status == "SUCCESSFUL", row.traceback
            if row.task_path == deliver_message.module_path:
                sent += row.return_value is True
                failed += row.return_value is False
