"""The editors hear of the department's decision: a mail each, in the
language they work in, with the comment and a link to the measure."""

import pytest
from django.core import mail
from django.urls import reverse

from measures.models import Measure
from tests.factories import make_editor, with_changes

from .test_review import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(partner_a):
    """A second editor of partner A, who never submitted anything."""
    return make_editor(partner_a, "colleague-a@example.org")


def submit_in(client, editor, measure: Measure, language: str) -> None:
    client.force_login(editor)
    response = client.post(f"/{language}/partner-area/{measure.pk}/submit/")
    assert response.status_code == 302
    client.logout()


def by_address(outbox) -> dict:
    return {message.to[0]: message for message in outbox}


def test_sending_back_mails_each_editor_of_the_partner_with_the_comment(
    client,
    make_measure,
    editor_a,
    colleague,
    editor_b,
    staff_user,
    django_capture_on_commit_callbacks,
):
    draft = make_measure("Elterncafé Ost", status=Measure.Status.DRAFT)
    submit_in(client, editor_a, draft, "tr")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, draft, "send_back", comment="Bitte die Uhrzeit ergänzen.")
    assert response.status_code == 302
    mails = by_address(mail.outbox)
    # Only partner A's editors, one mail each: no one sees the others' addresses.
    assert set(mails) == {"editor-a@example.org", "colleague-a@example.org"}
    assert all(len(message.to) == 1 and not message.cc for message in mail.outbox)
    # She submitted from the Turkish pages: her mail is in Turkish.
    turkish = mails["editor-a@example.org"]
    assert turkish.subject == "Lütfen düzeltin: Elterncafé Ost"
    assert "size geri gönderdi" in turkish.body
    assert "Birimin yorumu:\nBitte die Uhrzeit ergänzen." in turkish.body
    assert f"http://127.0.0.1:8000/tr/partner-area/{draft.pk}/" in turkish.body
    # Her colleague never submitted: German.
    german = mails["colleague-a@example.org"]
    assert german.subject == "Bitte überarbeiten: Elterncafé Ost"
    assert "Das Angebot ist wieder ein Entwurf" in german.body
    assert "Kommentar der Abteilung:\nBitte die Uhrzeit ergänzen." in german.body
    assert f"/de/partner-area/{draft.pk}/" in german.body


def test_publishing_changes_mails_the_editors_without_a_comment(
    client, make_measure, editor_a, editor_b, staff_user, django_capture_on_commit_callbacks
):
    measure = make_measure("Sprachcafé West")
    with_changes(measure, summary_de="Neu: jeden Dienstag")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, measure, "publish")
    [message] = mail.outbox
    assert message.to == ["editor-a@example.org"]
    assert message.subject == "Veröffentlicht: Sprachcafé West"
    assert "Ihre Änderungen an „Sprachcafé West“ veröffentlicht" in message.body
    assert "Kommentar" not in message.body


def test_no_mail_goes_out_when_the_decision_fails(
    client, make_measure, editor_a, staff_user, django_capture_on_commit_callbacks
):
    submitted = make_measure("Bewerbungstraining", status=Measure.Status.SUBMITTED)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        # The reviewer read an older revision than the one waiting.
        client.post(reverse("review:publish", args=[submitted.pk]), {"revision": "7"})
    assert mail.outbox == []
    submitted.refresh_from_db()
    assert submitted.status == Measure.Status.SUBMITTED


def test_an_inactive_editor_gets_no_mail(
    client, make_measure, editor_a, colleague, staff_user, django_capture_on_commit_callbacks
):
    colleague.is_active = False
    colleague.save()
    submitted = make_measure("Bewerbungstraining", status=Measure.Status.SUBMITTED)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, submitted, "publish")
    assert [message.to for message in mail.outbox] == [["editor-a@example.org"]]
    assert "hat „Bewerbungstraining“ veröffentlicht" in mail.outbox[0].body
