import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_login_page_is_in_the_portals_look(client):
    response = client.get("/de/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-footer"' in html
    assert 'type="email"' in html


def test_people_sign_in_with_their_email(client, editor_a):
    from tests.conftest import PASSWORD

    response = client.post(
        "/en/accounts/login/", {"login": "editor-a@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/en/").context["user"] == editor_a


def test_nobody_can_sign_up_on_their_own(client):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
        },
    )
    assert response.status_code == 200
    from integration_portal.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_password_reset_mails_a_link(client, editor_a):
    response = client.post("/de/accounts/password/reset/", {"email": "editor-a@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/de/accounts/password/reset/key/" in mail.outbox[0].body
