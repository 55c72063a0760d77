"""Who reaches the booking pages, the personal link and the counselling desk:
each URL pattern × each role (see tests/access.py)."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from counselling import outbox
from counselling.models import Absence, AvailabilityRule, OutboxMessage, WaitingListEntry
from counselling.models import Client as CounsellingClient
from integration_portal.models import LogEntry
from tests.access import (
    DESK,
    DESK_COLLEAGUE,
    LEAD,
    LOGIN,
    PUBLIC,
    ROLES,
    AdminModel,
    Post,
    Redirect,
    admin_model_cases,
    check_get,
    check_post,
    everyone,
    named,
    pk,
    post_cases,
    post_id,
    still_exists,
    token,
)

pytestmark = pytest.mark.django_db

BOOKING_START = Redirect("/de/counselling/")


def failed_message(world) -> OutboxMessage:
    """A message about the world's appointment that the outbox gave up."""
    message, _created = OutboxMessage.objects.get_or_create(
        appointment=world.appointment,
        kind="confirmation",
        defaults={"attempts": 10, "failed_at": timezone.now()},
    )
    return message


def queued_task(world) -> DBTaskResult:
    """A task of django-tasks' database backend: the sending of a message."""
    return DBTaskResult.objects.order_by("enqueued_at").first() or DBTaskResult.objects.get(
        id=outbox.deliver_message.enqueue(failed_message(world).pk).id
    )


# Counsellors and their availability are set up by the superuser; the
# department does not see into counselling.
ADMIN_MODELS = {
    "counselling.counsellor": AdminModel(lambda w: w.counsellor, staff=""),
    "counselling.location": AdminModel(lambda w: w.location, staff=""),
    "counselling.absence": AdminModel(lambda w: w.absence, staff=""),
    # The outbox is read only: its rows are written by the changes they report.
    "counselling.outboxmessage": AdminModel(
        lambda w: OutboxMessage.objects.get_or_create(appointment=w.appointment, kind="moved")[0],
        staff="",
        superuser="vd",
    ),
    # The queued tasks are read only too (django-tasks' own admin), for the superuser.
    "django_tasks_database.dbtaskresult": AdminModel(queued_task, staff="", superuser="v"),
}


def waiting_token(world) -> str:
    """The personal link of someone on the waiting list for the world's topic and language."""
    entry, _created = WaitingListEntry.objects.get_or_create(
        email="wartet@example.net",
        defaults={
            "topic": world.appointment.topic,
            "language": world.appointment.language,
            "mode": world.appointment.mode,
            "child_birth_month": world.appointment.client.child_birth_month,
        },
    )
    return entry.token


CASES = [
    # Counselling booking: one question per page; a later step without the
    # earlier answers starts again.
    named("counselling:start", PUBLIC),
    named("counselling:child", PUBLIC),
    named("counselling:topic", everyone(BOOKING_START)),
    named("counselling:language", everyone(BOOKING_START)),
    named("counselling:mode", everyone(BOOKING_START)),
    named("counselling:location", everyone(BOOKING_START)),
    named("counselling:slots", everyone(BOOKING_START)),
    named("counselling:details", everyone(BOOKING_START)),
    named("counselling:check", everyone(BOOKING_START)),
    named("counselling:done", everyone(BOOKING_START)),
    named("counselling:not_eligible", PUBLIC),
    # The personal link is the key: whoever holds it sees the appointment.
    named("counselling:appointment", PUBLIC, token=token),
    named("counselling:appointment", everyone(404), "wrong token", token=lambda w: "x" * 43),
    named("counselling:cancel", PUBLIC, token=token),
    named("counselling:cancel", everyone(404), "wrong token", token=lambda w: "x" * 43),
    named("counselling:move", PUBLIC, token=token),
    named("counselling:move", everyone(404), "wrong token", token=lambda w: "x" * 43),
    # The waiting list: joined from the choice of times; her personal link is the key.
    named("counselling:waiting_list", everyone(BOOKING_START)),
    named("counselling:waiting", PUBLIC, token=waiting_token),
    named("counselling:waiting", everyone(404), "wrong token", token=lambda w: "x" * 43),
    named("counselling:waiting_leave", PUBLIC, token=waiting_token),
    named("counselling:waiting_leave", everyone(404), "wrong token", token=lambda w: "x" * 43),
    # Counselling desk.
    named("desk:agenda", DESK),
    named("desk:appointment", DESK, pk=pk("appointment")),
    named("desk:appointment", DESK_COLLEAGUE, "colleague's", pk=pk("other_appointment")),
    named("desk:book", DESK, counsellor_pk=pk("counsellor")),
    named("desk:book", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:availability", DESK, counsellor_pk=pk("counsellor")),
    named("desk:availability", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:rule_add", DESK, counsellor_pk=pk("counsellor")),
    named("desk:rule_add", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:rule_edit", DESK, counsellor_pk=pk("counsellor"), pk=pk("rule")),
    named(
        "desk:rule_edit",
        DESK_COLLEAGUE,
        "colleague's",
        counsellor_pk=pk("other_counsellor"),
        pk=pk("other_rule"),
    ),
    # Someone else's rule under one's own profile is not found either.
    named(
        "desk:rule_edit",
        {**DESK, "counsellor": 404, "lead": 404, "superuser": 404},
        "mismatched",
        counsellor_pk=pk("counsellor"),
        pk=pk("other_rule"),
    ),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POSTs.
    # Deleting a rule asks first on its own page; its POST is tested below.
    named("desk:rule_delete", DESK, counsellor_pk=pk("counsellor"), pk=pk("rule")),
    named(
        "desk:rule_delete",
        DESK_COLLEAGUE,
        "colleague's",
        counsellor_pk=pk("other_counsellor"),
        pk=pk("other_rule"),
    ),
    named("desk:absence_add", DESK, counsellor_pk=pk("counsellor")),
    named("desk:absence_add", DESK_COLLEAGUE, "colleague's", counsellor_pk=pk("other_counsellor")),
    named("desk:absence_edit", DESK, counsellor_pk=pk("counsellor"), pk=pk("absence")),
    named(
        "desk:absence_edit",
        DESK_COLLEAGUE,
        "colleague's",
        counsellor_pk=pk("other_counsellor"),
        pk=pk("other_absence"),
    ),
    named("desk:absence_delete", everyone(405), counsellor_pk=pk("counsellor"), pk=pk("absence")),
    named("desk:statistics", LEAD),
    named("desk:waiting_list", LEAD),
    named("desk:client_export", LEAD, pk=lambda world: world.appointment.client_id),
    named("desk:client_erase", LEAD, pk=lambda world: world.appointment.client_id),
    named("desk:failed_messages", LEAD),
    # POST only: see test_post_only_endpoints_refuse_the_wrong_role for the POST.
    named("desk:message_send_again", everyone(405), pk=lambda w: failed_message(w).pk),
]
for _label, _model in ADMIN_MODELS.items():
    CASES += admin_model_cases(_label, _model)

POSTS = [
    Post(
        "desk:rule_delete",
        {"counsellor_pk": pk("other_counsellor"), "pk": pk("other_rule")},
        {"anonymous": LOGIN, "editor_a": 403, "staff": 403, "counsellor": 404},
        still_exists(AvailabilityRule, "other_rule"),
    ),
    Post(
        "desk:absence_delete",
        {"counsellor_pk": pk("other_counsellor"), "pk": pk("other_absence")},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 404},
        still_exists(Absence, "other_absence"),
    ),
    Post(
        "desk:message_send_again",
        {"pk": lambda w: failed_message(w).pk},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 403, "editor_a": 403},
        lambda w: OutboxMessage.objects.failed().filter(appointment=w.appointment).exists(),
    ),
    Post(
        "desk:client_erase",
        {"pk": lambda w: w.other_appointment.client_id},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 403},
        lambda w: CounsellingClient.objects.get(pk=w.other_appointment.client_id).email != "",
    ),
    # Exporting a person's data is recorded: the wrong roles get neither data nor a record.
    Post(
        "desk:client_export",
        {"pk": lambda w: w.other_appointment.client_id},
        {"anonymous": LOGIN, "staff": 403, "counsellor": 403},
        lambda w: not LogEntry.objects.filter(action="client.exported").exists(),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_each_role_gets_the_expected_answer(case, role, world, clients):
    check_get(case, role, world, clients)


@pytest.mark.parametrize(
    ("post", "role"), post_cases(POSTS), ids=[post_id(*pair) for pair in post_cases(POSTS)]
)
def test_post_only_endpoints_refuse_the_wrong_role(post, role, world, clients):
    check_post(post, role, world, clients)
