"""Pages for one person are never stored by browsers or proxies; privileged
sessions end after a while without activity."""

import logging
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse

from measures.models import Measure

pytestmark = pytest.mark.django_db

LAST_SEEN = "portal_last_seen"


def never_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("counsellor_user", "/de/desk/"),
        ("lead_user", "/de/desk/statistics/"),
        ("staff_user", "/de/review/"),
        ("staff_user", "/admin/"),
        ("editor_a", "/de/partner-area/"),
        ("editor_a", "/de/accounts/password/change/"),
        ("editor_a", "/de/accounts/email/"),
        ("editor_a", "/de/"),
        ("staff_user", "/de/measures/"),
    ],
)
def test_pages_for_a_signed_in_person_are_never_stored(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    assert response.status_code == 200
    assert never_stored(response)


def test_the_dashboard_is_never_stored(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("dashboard:matrix"))
    assert response.status_code == 200
    assert never_stored(response)


@pytest.mark.parametrize(
    "url",
    [
        "/de/accounts/login/",
        "/de/accounts/password/reset/",
        "/de/accounts/password/reset/key/1-set-password/",
        "/admin/login/",
        "/de/desk/",
        "/de/counselling/appointment/x/",
    ],
)
def test_account_and_personal_pages_are_never_stored_for_anyone(client, url):
    assert never_stored(client.get(url))


@pytest.mark.parametrize(
    "url", ["/de/", "/en/measures/", "/de/partners/", "/de/info/privacy/", "/api/measures.json"]
)
def test_public_pages_stay_cacheable_for_anonymous_visitors(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not never_stored(response)


def _idle_for(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - minutes * 60
    session.save()


@pytest.mark.parametrize("role", ["counsellor_user", "lead_user", "staff_user", "superuser"])
def test_a_privileged_session_ends_after_half_an_hour_without_activity(client, request, role):
    client.force_login(request.getfixturevalue(role))
    _idle_for(client, 31)
    response = client.get("/de/desk/")
    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")
    assert "_auth_user_id" not in client.session
    login = client.get(response["Location"])
    assert "nach 30 Minuten ohne Aktivität abgemeldet" in login.content.decode()


def test_a_privileged_session_in_use_stays_open(client, counsellor_user):
    client.force_login(counsellor_user)
    _idle_for(client, 29)
    assert client.get("/de/desk/").status_code == 200
    # Each request counts as activity.
    assert time.time() - client.session[LAST_SEEN] < 5


def test_the_idle_timeout_is_configurable(client, settings, staff_user):
    settings.PRIVILEGED_SESSION_IDLE_MINUTES = 5
    client.force_login(staff_user)
    _idle_for(client, 6)
    client.get("/de/")
    assert "_auth_user_id" not in client.session


def test_partner_editors_keep_the_ordinary_session(client, editor_a):
    client.force_login(editor_a)
    _idle_for(client, 120)
    assert client.get("/de/partner-area/").status_code == 200
    assert client.session["_auth_user_id"] == str(editor_a.pk)


def test_a_measure_page_for_an_anonymous_visitor_is_cacheable(client, partner_a):
    measure = Measure.objects.create(
        slug="kurs",
        title_de="Kurs",
        summary_de="Kurz",
        description_de="Lang",
        format=Measure.Format.COURSE,
        provider=partner_a,
        status=Measure.Status.PUBLISHED,
    )
    response = client.get(f"/de/measures/{measure.slug}/")
    assert response.status_code == 200
    assert not never_stored(response)


@pytest.mark.parametrize("url", ["/de/", "/de/desk/"])
def test_while_the_database_is_away_the_session_checks_log_no_traceback(
    client, counsellor_user, monkeypatch, caplog, url
):
    client.force_login(counsellor_user)

    def database_away(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(SessionStore, "load", database_away)
    with caplog.at_level(logging.WARNING):
        response = client.get(url)
    assert response.status_code == 503
    assert [record.exc_info for record in caplog.records if record.exc_info] == []
