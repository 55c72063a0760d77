import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils import timezone

from demo.management.commands.seed_demo import Command as SeedDemo
from measures.models import Measure
from partners.models import Partner

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/measures/measure/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", 200),
        ("superuser", 200),
        ("editor_a", 302),
        ("counsellor", 302),
        ("anonymous", 302),
    ],
)
def test_only_staff_reach_the_measure_admin(client, role_users, make_measure, role, expected):
    make_measure()
    if role_users[role]:
        client.login(username=role_users[role].email, password=PASSWORD)
    assert client.get(CHANGELIST).status_code == expected


def test_department_staff_and_editors_may_add_and_change_measures(staff_user, editor_a):
    for user in (staff_user, editor_a):
        assert user.has_perms(
            ["measures.add_measure", "measures.change_measure", "measures.view_measure"]
        )
        assert not user.has_perm("measures.delete_measure")


def test_staff_publish_a_submitted_measure(client, staff_user, make_measure):
    measure = make_measure(status=Measure.Status.SUBMITTED)
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [measure.pk]})
    assert Measure.objects.get().status == "published"
    assert LogEntry.objects.filter(object_id=str(measure.pk)).exists()


def _with_submitted_changes(measure: Measure, **changes) -> Measure:
    measure.pending_changes = changes
    measure.pending_submitted_at = timezone.now()
    measure.save()
    return measure


def test_publishing_in_the_admin_applies_the_editors_submitted_changes(
    client, staff_user, make_measure
):
    measure = _with_submitted_changes(make_measure("Elterncafé"), title_de="Elterncafé am Abend")
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "publish", "_selected_action": [measure.pk]})
    measure.refresh_from_db()
    assert (measure.status, measure.title_de) == ("published", "Elterncafé am Abend")
    assert (measure.pending_changes, measure.pending_submitted_at) == ({}, None)


def test_sending_changes_back_in_the_admin_keeps_the_published_version(
    client, staff_user, make_measure
):
    measure = _with_submitted_changes(make_measure("Elterncafé"), title_de="Elterncafé XXL")
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(
        CHANGELIST,
        {
            "action": "send_back",
            "_selected_action": [measure.pk],
            "apply": "1",
            "comment": "Der Titel bleibt.",
        },
    )
    measure.refresh_from_db()
    assert (measure.status, measure.title_de) == ("published", "Elterncafé")
    assert measure.pending_changes == {"title_de": "Elterncafé XXL"}
    assert (measure.pending_submitted_at, measure.review_comment) == (None, "Der Titel bleibt.")


def test_archiving_in_the_admin_drops_pending_changes(client, staff_user, make_measure):
    measure = _with_submitted_changes(make_measure("Elterncafé"), title_de="Elterncafé XXL")
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "archive", "_selected_action": [measure.pk]})
    measure.refresh_from_db()
    assert (measure.status, measure.pending_changes) == ("archived", {})


def test_sending_back_asks_for_a_comment_first(client, staff_user, make_measure):
    measure = make_measure(status=Measure.Status.SUBMITTED)
    client.login(username=staff_user.email, password=PASSWORD)
    form = client.post(CHANGELIST, {"action": "send_back", "_selected_action": [measure.pk]})
    assert form.status_code == 200
    assert "Was die Redaktion ändern soll" in form.content.decode()
    assert Measure.objects.get().status == "submitted"
    empty = client.post(
        CHANGELIST,
        {"action": "send_back", "_selected_action": [measure.pk], "apply": "1", "comment": ""},
    )
    assert empty.status_code == 200
    assert Measure.objects.get().status == "submitted"
    client.post(
        CHANGELIST,
        {
            "action": "send_back",
            "_selected_action": [measure.pk],
            "apply": "1",
            "comment": "Bitte Termine ergänzen",
        },
    )
    measure.refresh_from_db()
    assert (measure.status, measure.review_comment) == ("draft", "Bitte Termine ergänzen")


def test_staff_archive_measures(client, staff_user, make_measure):
    measure = make_measure()
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "archive", "_selected_action": [measure.pk]})
    assert Measure.objects.get().status == "archived"


def test_the_admin_list_searches_and_filters(client, staff_user, make_measure):
    make_measure("Sprachcafé", districts=("west",))
    make_measure("Mieterberatung", districts=("mitte",))
    client.login(username=staff_user.email, password=PASSWORD)
    response = client.get(f"{CHANGELIST}?q=Sprach")
    assert [m.title_de for m in response.context["cl"].result_list] == ["Sprachcafé"]
    response = client.get(
        f"{CHANGELIST}?districts__id__exact="
        + str(Measure.objects.get(title_de="Mieterberatung").districts.get().pk)
    )
    assert [m.title_de for m in response.context["cl"].result_list] == ["Mieterberatung"]


def test_demo_data_is_realistic_and_seeding_twice_creates_nothing_twice():
    call_command(SeedDemo(), measures=120, stdout=io.StringIO())
    count = Measure.objects.count()
    call_command(SeedDemo(), measures=120, stdout=io.StringIO())
    assert Measure.objects.count() == count == 120
    assert Partner.objects.count() >= 12
    assert Measure.objects.filter(title_de__startswith="Deutschkurse").exists()
    assert Measure.objects.filter(title_de__contains="Mütter").exists()
    assert set(Measure.objects.values_list("format", flat=True)) == set(Measure.Format.values)
    assert set(Measure.objects.values_list("status", flat=True)) == set(Measure.Status.values)
    visible = Measure.objects.visible()
    assert 0 < visible.count() < count
    assert visible.filter(life_domains__slug="housing").exists()
    # The review queue has both kinds of work: new measures and changes.
    waiting = Measure.objects.awaiting_review()
    assert waiting.filter(status=Measure.Status.SUBMITTED).exists()
    assert any(measure.has_submitted_changes() for measure in waiting)
