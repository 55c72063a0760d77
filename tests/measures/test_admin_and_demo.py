import importlib
import io
import re

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import Command as SeedDemo
from demo.measures import POSTAL_CODES
from integration_portal.audit import trail
from measures import services
from measures.models import Measure, MeasureRevision, Schedule
from partners.models import Partner
from tests.factories import PASSWORD, with_changes

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


def test_department_staff_may_add_and_change_measures_in_the_admin(staff_user):
    assert staff_user.has_perms(
        ["measures.add_measure", "measures.change_measure", "measures.view_measure"]
    )
    assert not staff_user.has_perm("measures.delete_measure")


def test_editors_hold_no_measure_permission_yet_reach_the_partner_area(client, editor_a):
    assert not editor_a.get_all_permissions()
    client.force_login(editor_a)
    page = client.get("/en/").content.decode()
    assert 'href="/en/partner-area/"' in page


def publish_in_the_admin(client, *measures: Measure, revisions: dict | None = None):
    """The publish action as staff use it: the confirmation page, then "Publish"
    with the revision numbers that page shows (or `revisions`, pk → number)."""
    selected = [measure.pk for measure in measures]
    page = client.post(CHANGELIST, {"action": "publish", "_selected_action": selected})
    assert page.status_code == 200
    shown = dict(re.findall(r'name="revision-(\d+)" value="(\d+)"', page.content.decode()))
    data = {"action": "publish", "_selected_action": selected, "apply": "1"}
    for pk, number in (revisions or {int(pk): number for pk, number in shown.items()}).items():
        data[f"revision-{pk}"] = number
    return client.post(CHANGELIST, data, follow=True)


def send_back_in_the_admin(client, *measures: Measure, comment: str):
    selected = [measure.pk for measure in measures]
    page = client.post(CHANGELIST, {"action": "send_back", "_selected_action": selected})
    shown = re.findall(r'name="revision-(\d+)" value="(\d+)"', page.content.decode())
    data = {"action": "send_back", "_selected_action": selected, "apply": "1", "comment": comment}
    data |= {f"revision-{pk}": number for pk, number in shown}
    return client.post(CHANGELIST, data, follow=True)


def test_staff_publish_a_submitted_measure_after_seeing_what_they_publish(
    client, staff_user, make_measure
):
    measure = make_measure("Bewerbungstraining", status=Measure.Status.SUBMITTED)
    client.login(username=staff_user.email, password=PASSWORD)
    page = client.post(CHANGELIST, {"action": "publish", "_selected_action": [measure.pk]})
    assert "Bewerbungstraining" in page.content.decode()
    assert Measure.objects.get().status == "submitted"
    publish_in_the_admin(client, measure)
    assert Measure.objects.get().status == "published"
    [entry] = trail(measure)
    assert (entry.action, entry.user, entry.data) == (
        "measure.published",
        staff_user,
        {"revision": 1},
    )


def test_publishing_in_the_admin_applies_the_editors_submitted_changes(
    client, staff_user, make_measure
):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé am Abend")
    client.login(username=staff_user.email, password=PASSWORD)
    page = client.post(CHANGELIST, {"action": "publish", "_selected_action": [measure.pk]})
    assert "<ins>Elterncafé am Abend</ins>" in page.content.decode()
    publish_in_the_admin(client, measure)
    measure.refresh_from_db()
    assert (measure.status, measure.title_de) == ("published", "Elterncafé am Abend")
    assert measure.waiting_revision is None
    assert measure.revisions.get().status == "approved"


def test_the_admin_publishes_only_the_revision_it_showed(client, staff_user, make_measure):
    """Review cannot be bypassed: changes made after the confirmation page stay unpublished."""
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé am Abend")
    client.login(username=staff_user.email, password=PASSWORD)
    shown = {measure.pk: 1}
    # Meanwhile, the editor changes the title again: revision 2 replaces 1.
    MeasureRevision.objects.filter(measure=measure).update(status="withdrawn")
    with_changes(measure, title_de="Elterncafé mit Werbung")
    response = publish_in_the_admin(client, measure, revisions=shown)
    measure.refresh_from_db()
    assert measure.title_de == "Elterncafé"
    assert "Jetzt wartet Fassung 2" in response.content.decode()
    assert measure.waiting_revision.number == 2


def test_the_admin_does_not_publish_a_draft_and_says_why(client, staff_user, make_measure):
    measure = make_measure("Entwurf", status=Measure.Status.DRAFT)
    client.login(username=staff_user.email, password=PASSWORD)
    response = publish_in_the_admin(client, measure)
    assert Measure.objects.get().status == "draft"
    assert "Entwurf: Hier wartet nichts auf Prüfung." in response.content.decode()


def test_staff_submit_their_own_draft_for_review_in_the_admin(client, staff_user, make_measure):
    measure = make_measure("Entwurf", status=Measure.Status.DRAFT)
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "submit", "_selected_action": [measure.pk]})
    measure.refresh_from_db()
    assert measure.status == "submitted"
    assert measure.waiting_revision.number == 1


def test_sending_changes_back_in_the_admin_keeps_the_published_version(
    client, staff_user, make_measure
):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé XXL")
    client.login(username=staff_user.email, password=PASSWORD)
    send_back_in_the_admin(client, measure, comment="Der Titel bleibt.")
    measure.refresh_from_db()
    assert (measure.status, measure.title_de) == ("published", "Elterncafé")
    revision = measure.sent_back_revision
    assert (revision.values, revision.comment) == (
        {"title_de": "Elterncafé XXL"},
        "Der Titel bleibt.",
    )
    assert revision.decided_by == staff_user


def test_archiving_in_the_admin_withdraws_open_changes(client, staff_user, make_measure):
    measure = make_measure("Elterncafé")
    with_changes(measure, title_de="Elterncafé XXL")
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "archive", "_selected_action": [measure.pk]})
    measure.refresh_from_db()
    assert measure.status == "archived"
    assert measure.revisions.get().status == "withdrawn"
    assert not Measure.objects.awaiting_review().exists()


def test_sending_back_asks_for_a_comment_first(client, staff_user, make_measure):
    measure = make_measure(status=Measure.Status.SUBMITTED)
    client.login(username=staff_user.email, password=PASSWORD)
    form = client.post(CHANGELIST, {"action": "send_back", "_selected_action": [measure.pk]})
    assert form.status_code == 200
    assert "Was die Redaktion ändern soll" in form.content.decode()
    assert Measure.objects.get().status == "submitted"
    empty = client.post(
        CHANGELIST,
        {
            "action": "send_back",
            "_selected_action": [measure.pk],
            "apply": "1",
            "comment": "",
            f"revision-{measure.pk}": "1",
        },
    )
    assert empty.status_code == 200
    assert Measure.objects.get().status == "submitted"
    send_back_in_the_admin(client, measure, comment="Bitte Termine ergänzen")
    measure.refresh_from_db()
    assert measure.status == "draft"
    assert measure.sent_back_revision.comment == "Bitte Termine ergänzen"


def test_staff_archive_measures(client, staff_user, make_measure):
    measure = make_measure()
    client.login(username=staff_user.email, password=PASSWORD)
    client.post(CHANGELIST, {"action": "archive", "_selected_action": [measure.pk]})
    assert Measure.objects.get().status == "archived"
    assert [entry.action for entry in trail(measure)] == ["measure.archived"]


def test_the_status_cannot_be_changed_in_the_admin_form(client, staff_user, make_measure):
    measure = make_measure("Entwurf", status=Measure.Status.DRAFT)
    client.login(username=staff_user.email, password=PASSWORD)
    page = client.get(f"{CHANGELIST}{measure.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert "Entwurf" in page


def test_the_admin_change_page_shows_who_changed_the_state_and_when(
    client, staff_user, editor_a, make_measure
):
    measure = make_measure("Elterncafé", status=Measure.Status.DRAFT)
    services.submit_for_review(measure, editor_a)
    services.send_back(measure, 1, "Bitte Uhrzeiten ergänzen", staff_user)
    client.login(username=staff_user.email, password=PASSWORD)
    page = client.get(f"{CHANGELIST}{measure.pk}/change/").content.decode()
    trail_html = page[page.index('id="trail"') :]
    assert "Bitte Uhrzeiten ergänzen" in trail_html
    assert "editor-a@example.org" in trail_html
    assert "staff@example.org" in trail_html
    assert trail_html.index("staff@example.org") < trail_html.index("editor-a@example.org")


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
    assert any(measure.has_changes_in_review() for measure in waiting)


def test_the_migration_takes_measure_permissions_from_editors_who_held_them(editor_a):
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    migration = importlib.import_module(
        "measures.migrations.0009_partner_editors_without_measure_permissions"
    )
    group = Group.objects.get(name="partner editor")
    group.permissions.add(*Permission.objects.filter(codename__in=migration.CODENAMES))
    assert editor_a.has_perm("measures.change_measure")
    migration.revoke(apps, None)
    editor_a = type(editor_a).objects.get(pk=editor_a.pk)
    assert not editor_a.has_perm("measures.change_measure")
    assert not group.permissions.exists()


def test_demo_times_places_childcare_and_venues_are_consistent():
    call_command(SeedDemo(), measures=120, stdout=io.StringIO())
    schedules = list(Schedule.objects.select_related("measure"))
    assert len(schedules) > 30
    for schedule in schedules:
        schedule.full_clean()
        assert schedule.rrule == schedule.build_rrule()
        assert schedule.occurrences(), schedule
    measures = Measure.objects.prefetch_related("districts")
    for measure in measures:
        measure.full_clean(exclude=["slug"])
        for district in measure.districts.all():
            if measure.venue_postal_code:
                assert measure.venue_postal_code in POSTAL_CODES[district.slug]
    assert measures.filter(has_childcare_under_3=True).exists()
    assert measures.filter(has_places_free=True).exists()
    assert measures.exclude(german_level_needed="").exists()
    assert measures.exclude(course_type="").exists()
    for schedule in schedules:
        assert schedule.measure.session_days == sorted(
            set(schedule.weekdays) or {schedule.valid_from.weekday()}
        )
    # What an offer says of its times agrees with its times.
    for schedule in schedules:
        text = f"{schedule.measure.title_de} {schedule.measure.summary_de}"
        if "Vormittag" in text:
            assert schedule.start_time.hour < 12, schedule.measure
        if "am Abend" in text or "nach der Arbeit" in text:
            assert schedule.start_time.hour >= 17, schedule.measure
        if "zweimal pro Woche" in text and schedule.kind == Schedule.Kind.WEEKLY:
            assert len(schedule.weekdays) == 2, schedule.measure
        if "montags bis donnerstags" in text and schedule.kind == Schedule.Kind.WEEKLY:
            assert schedule.weekdays == [0, 1, 2, 3], schedule.measure


def test_the_admin_list_finds_what_waits_for_review_new_and_changed(
    client, staff_user, make_measure
):
    make_measure("Neu eingereicht", status=Measure.Status.SUBMITTED)
    changed = make_measure("Geändert")
    with_changes(changed, title_de="Geändert und eingereicht")
    make_measure("Unverändert veröffentlicht")
    client.force_login(staff_user)
    for value, expected in [("new", ["Neu eingereicht"]), ("changes", ["Geändert"])]:
        response = client.get(f"{CHANGELIST}?waiting={value}")
        assert [m.title_de for m in response.context["cl"].result_list] == expected


def test_the_admin_list_finds_a_measure_by_its_contact_address(client, staff_user, make_measure):
    make_measure("Sprachcafé", contact_email="cafe@verein.example")
    make_measure("Mieterberatung")
    client.force_login(staff_user)
    response = client.get(f"{CHANGELIST}?q=cafe@verein")
    assert [m.title_de for m in response.context["cl"].result_list] == ["Sprachcafé"]
