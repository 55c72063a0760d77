"""Department staff invite partner editors from the partner's admin page."""

import re
import smtplib
import time
from unittest import mock

import pytest
from django.core import mail

from integration_portal.models import User
from integration_portal.permissions import has_any_role
from integration_portal.roles import PARTNER_EDITOR
from partners.models import PartnerMembership

# Real commits, so that the email goes out after the commit as it does in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def invite(client, partner, **data):
    fields = {
        "email": "neu@example.org",
        "first_name": "Nina",
        "last_name": "Neu",
        "language": "de",
        **data,
    }
    return client.post(
        f"/admin/partners/partner/{partner.pk}/invite/",
        fields,
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_invitation_creates_an_editor_without_password_and_mails_the_invitation(
    client, staff_user, partner_a
):
    client.force_login(staff_user)
    response = invite(client, partner_a, email="Neu@Example.org")

    user = User.objects.get(email__iexact="neu@example.org")
    assert not user.has_usable_password()
    assert user.first_name == "Nina"
    assert has_any_role(user, PARTNER_EDITOR)
    assert PartnerMembership.objects.filter(user=user, partner=partner_a).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["Neu@example.org"]
    assert re.search(r"http://\S+/de/partner-area/invitation/\S+/", mail.outbox[0].body)
    # The success message keeps the address as it was typed.
    assert "Invitation sent to Neu@Example.org: a new account" in response.content.decode()


def test_inviting_an_existing_account_reuses_it(client, staff_user, editor_a, partner_b):
    client.force_login(staff_user)
    invite(client, partner_b, email="EDITOR-A@example.org")
    assert User.objects.filter(email__iexact="editor-a@example.org").count() == 1
    assert set(editor_a.partner_memberships.values_list("partner__slug", flat=True)) == {
        "partner-a",
        "partner-b",
    }
    editor_a.refresh_from_db()
    assert editor_a.has_usable_password()


def test_a_mail_failure_keeps_the_membership_and_warns_staff(client, staff_user, partner_a):
    client.force_login(staff_user)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=smtplib.SMTPException("down"),
    ):
        response = invite(client, partner_a)
    assert PartnerMembership.objects.filter(user__email="neu@example.org").exists()
    assert "the invitation email could not be sent" in response.content.decode()


def test_invalid_invitation_keeps_what_was_typed(client, staff_user, partner_a):
    client.force_login(staff_user)
    response = invite(client, partner_a, email="kein-at-zeichen")
    html = response.content.decode()
    assert 'value="kein-at-zeichen"' in html
    assert "<title>Error:" in html
    assert not User.objects.filter(first_name="Nina").exists()


def test_partner_change_page_links_to_the_invitation(client, staff_user, partner_a):
    client.force_login(staff_user)
    html = client.get(f"/admin/partners/partner/{partner_a.pk}/change/").content.decode()
    assert f'href="/admin/partners/partner/{partner_a.pk}/invite/"' in html


def invitation_link(message) -> str:
    return re.search(r"http://[^/\s]+(/\S+/partner-area/invitation/\S+/)", message.body)[1]


def test_the_invitation_speaks_the_portal_voice_in_german(client, staff_user, partner_a):
    staff_user.first_name, staff_user.last_name = "Sabine", "Stab"
    staff_user.save()
    client.force_login(staff_user)
    invite(client, partner_a)

    message = mail.outbox[0]
    assert message.subject == "Ihre Einladung in den Partnerbereich des Bündnisses für Integration"
    assert "Sabine Stab hat Sie eingeladen" in message.body
    assert partner_a.name in message.body
    assert "gültig bis" in message.body
    for informal in ("Du ", " du ", " dich", " dein", "Zurücksetzung"):
        assert informal not in message.body
    assert message.extra_headers["Content-Language"] == "de"


def test_the_invitation_comes_in_the_language_chosen_for_her(client, staff_user, partner_a):
    client.force_login(staff_user)
    invite(client, partner_a, language="tr")
    message = mail.outbox[0]
    assert "/tr/partner-area/invitation/" in message.body
    assert "Bündnis" not in message.subject
    assert message.extra_headers["Content-Language"] == "tr"


def test_an_existing_account_is_told_to_sign_in_not_to_set_a_password(
    client, staff_user, editor_a, partner_b
):
    client.force_login(staff_user)
    invite(client, partner_b, email="editor-a@example.org")
    body = mail.outbox[0].body
    assert "/partner-area/invitation/" not in body
    assert "/de/partner-area/welcome/" in body


def test_the_link_sets_the_password_once_then_leads_to_the_welcome_page(
    client, staff_user, partner_a
):
    client.force_login(staff_user)
    invite(client, partner_a)
    link = invitation_link(mail.outbox[0])
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    assert "Passwort" in page.content.decode()
    password = "Lange-Geheime-Wörter-42"
    response = client.post(link, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/login/?next=%2Fde%2Fpartner-area%2Fwelcome%2F"
    user = User.objects.get(email="neu@example.org")
    assert user.check_password(password)

    # Used once, the link opens no second time.
    again = client.get(link)
    assert again.status_code == 410
    assert "bereits verwendet" in again.content.decode()

    client.force_login(user)
    welcome = client.get("/de/partner-area/welcome/").content.decode()
    assert "Was Sie zuerst tun" in welcome
    assert f"/de/partner-area/partners/{partner_a.slug}/" in welcome


def test_a_password_that_is_refused_keeps_the_link_usable(client, staff_user, partner_a):
    client.force_login(staff_user)
    invite(client, partner_a)
    link = invitation_link(mail.outbox[0])
    client.logout()
    response = client.post(link, {"new_password1": "kurz", "new_password2": "kurz"})
    assert response.status_code == 200
    assert "<title>Fehler:" in response.content.decode()
    assert client.get(link).status_code == 200


def test_the_link_is_valid_for_seven_days(client, staff_user, partner_a):
    client.force_login(staff_user)
    invite(client, partner_a)
    link = invitation_link(mail.outbox[0])
    client.logout()
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 7 * 86400 - 60):
        assert client.get(link).status_code == 200
    with mock.patch("django.core.signing.time.time", return_value=time.time() + 7 * 86400 + 60):
        expired = client.get(link)
    assert expired.status_code == 410
    html = expired.content.decode()
    assert "abgelaufen" in html
    assert 'action="/de/partner-area/invitation/new-link/"' in html


def test_an_altered_link_is_refused(client, staff_user, partner_a):
    client.force_login(staff_user)
    invite(client, partner_a)
    link = invitation_link(mail.outbox[0])
    client.logout()
    assert client.get(link.replace(":", "x:", 1)).status_code == 410


def test_a_new_link_goes_only_to_an_open_invitation_and_the_answer_is_the_same(
    client, staff_user, partner_a, editor_a
):
    client.force_login(staff_user)
    invite(client, partner_a)
    client.logout()
    mail.outbox.clear()

    answers = [
        client.post("/de/partner-area/invitation/new-link/", {"email": email}).content.decode()
        for email in ("NEU@example.org", "niemand@example.org", editor_a.email)
    ]
    strip = [re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", answer) for answer in answers]
    assert strip[0] == strip[1] == strip[2]
    assert "Bitte sehen Sie in Ihr E-Mail-Postfach" in answers[0]
    # Only the open invitation gets a mail: editor A has her password already.
    assert [message.to for message in mail.outbox] == [["neu@example.org"]]
    assert "/de/partner-area/invitation/" in mail.outbox[0].body


def test_asking_for_new_links_is_limited(client):
    for _ in range(3):
        client.post("/de/partner-area/invitation/new-link/", {"email": "a@example.org"})
    response = client.post("/de/partner-area/invitation/new-link/", {"email": "a@example.org"})
    html = response.content.decode()
    assert "Zu viele Anfragen" in html
    assert 'value="a@example.org"' in html
    assert (
        "Zu viele Anfragen"
        not in client.post(
            "/de/partner-area/invitation/new-link/", {"email": "b@example.org"}
        ).content.decode()
    )


def test_a_new_link_request_without_an_address_keeps_the_form(client):
    response = client.post("/de/partner-area/invitation/new-link/", {"email": "kein-at"})
    assert response.status_code == 200
    assert 'value="kein-at"' in response.content.decode()
