"""Department staff invite partner editors from the partner's admin page."""

import re
import smtplib
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
    fields = {"email": "neu@example.org", "first_name": "Nina", "last_name": "Neu", **data}
    return client.post(
        f"/admin/partners/partner/{partner.pk}/invite/",
        fields,
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_invitation_creates_an_editor_without_password_and_mails_a_reset_link(
    client, staff_user, partner_a
):
    client.force_login(staff_user)
    response = invite(client, partner_a)

    user = User.objects.get(email="neu@example.org")
    assert not user.has_usable_password()
    assert user.first_name == "Nina"
    assert has_any_role(user, PARTNER_EDITOR)
    assert PartnerMembership.objects.filter(user=user, partner=partner_a).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["neu@example.org"]
    assert re.search(r"/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert "has been invited as editor" in response.content.decode()


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
