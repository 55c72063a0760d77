"""Links built from the request point into this site and carry no keys.

A personal link's token or an account key leaves the page in no link, no
stored feedback, no Referer and no log line; a path or parameter such as
``//evil.example/`` never becomes a link to another site.
"""

import html
import io
import logging
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone

from counselling.models import Appointment, Mode
from integration_portal.models import Feedback
from integration_portal.roles import COUNSELLOR
from integration_portal.translation import ui_languages
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    current_totp_code,
    make_appointment,
    make_client,
    make_counsellor,
    make_user,
)
from tests.servers import fetch, free_port, portal_env

pytestmark = pytest.mark.django_db

# A key as the portal makes them (secrets.token_urlsafe(32)), and allauth's.
TOKEN = "Xq3vB7nK2mP9rT4wY6zA1cD5eF8gH0jL2nQ4sU6wY8a"
RESET_KEY = "1-cm5u2k-5f8c0a9e6d7b4c3a2f1e0d9c8b7a6f5e"


@pytest.fixture
def appointment(db) -> Appointment:
    counsellor = make_counsellor(
        make_user("counsellor@example.org", COUNSELLOR), modes=[Mode.PHONE], topics=["career"]
    )
    client = make_client(
        name="Mutter", email="mutter@example.net", child_birth_month=timezone.localdate()
    )
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    return make_appointment(counsellor, start, client, token=TOKEN)


def links(response) -> list[str]:
    """Every address the page points to, as a browser reads it."""
    values = re.findall(r'(?:href|action|src)="([^"]*)"', response.content.decode())
    if response.has_header("Location"):
        values.append(response["Location"])
    return [html.unescape(value) for value in values]


def footer(response) -> str:
    return response.content.decode().split('<footer class="site-footer">')[1]


# Keys stay on the page --------------------------------------------------------


def test_a_personal_link_page_keeps_its_token_to_itself(client, appointment):
    response = client.get(f"/de/counselling/appointment/{TOKEN}/")
    assert response.status_code == 200
    assert TOKEN not in footer(response)
    feedback_link = next(link for link in links(response) if link.startswith("/de/feedback/"))
    assert parse_qs(urlsplit(feedback_link).query)["from"] == ["/de/counselling/appointment/***/"]
    # The language switcher keeps the page (it stays on this site); no Referer
    # takes the token along to the next page.
    others = {f"/{code}/counselling/appointment/{TOKEN}/" for code in ui_languages()[1:]}
    assert others <= set(links(response))
    assert response["Referrer-Policy"] == "no-referrer"


CONFIRMATION_KEY = "MTQ:1vAbCd:someconfirmationkey"


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (f"/de/counselling/appointment/{TOKEN}/", TOKEN),  # unknown token: the 404 page
        (f"/de/counselling/appointment/{TOKEN}/cancel/", TOKEN),
        (f"/de/accounts/password/reset/key/{RESET_KEY}/", RESET_KEY),
        (f"/de/accounts/confirm-email/{CONFIRMATION_KEY}/", CONFIRMATION_KEY),
    ],
)
def test_pages_whose_address_holds_a_key_send_no_referrer_and_no_key_in_their_footer(
    client, path, key
):
    response = client.get(path)
    assert response["Referrer-Policy"] == "no-referrer"
    assert key not in footer(response)
    assert "/***/" in footer(response)


def test_feedback_never_stores_a_token(client):
    page = f"/de/counselling/appointment/{TOKEN}/"
    form = client.get("/de/feedback/", {"from": page})
    assert form.context["form"].initial["page_url"] == "/de/counselling/appointment/***/"
    assert TOKEN not in form.content.decode(), "not in the form, nor in the language switcher"

    client.post(
        "/de/feedback/",
        {
            "message": f"Der Link https://portal.example{page} geht nicht.",
            "page_url": f"https://portal.example{page}",
        },
    )
    feedback = Feedback.objects.get()
    assert TOKEN not in feedback.message + feedback.page_url
    assert feedback.page_url == "https://portal.example/de/counselling/appointment/***/"
    client.post(
        "/de/feedback/",
        {"message": "Reset", "page_url": f"/de/accounts/password/reset/key/{RESET_KEY}/"},
    )
    assert Feedback.objects.filter(page_url="/de/accounts/password/reset/key/***/").exists()


def test_djangos_log_lines_mask_tokens_and_keys():
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        request_logger = logging.getLogger("django.request")
        request_logger.error("Internal Server Error: %s", f"/de/counselling/appointment/{TOKEN}/")
        try:
            raise ValueError(f"no page at /en/accounts/password/reset/key/{RESET_KEY}/")
        except ValueError:
            request_logger.exception("Bad request")
    finally:
        handler.setStream(previous)
    written = stream.getvalue()
    assert "/de/counselling/appointment/***/" in written
    assert "/en/accounts/password/reset/key/***/" in written
    assert TOKEN not in written and RESET_KEY not in written


def _answers(url: str) -> bool:
    try:
        return fetch(url, timeout=1)[0] == 200
    except OSError:
        return False


def test_the_access_log_of_gunicorn_masks_tokens_and_keys(tmp_path):
    """As `make serve` and production run it: with the portal's gunicorn settings."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(  # noqa: S603 -- fixed arguments
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "python:integration_portal.gunicorn_config",
                "integration_portal.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=1",
            ],
            cwd=settings.BASE_DIR,
            env=portal_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while not _answers(f"{base_url}/healthz"):
                assert time.monotonic() < deadline and process.poll() is None, log_path.read_text()
                time.sleep(0.2)
            appointment_page = f"/de/counselling/appointment/{TOKEN}/"
            fetch(f"{base_url}{appointment_page}")
            fetch(
                f"{base_url}/static/css/portal.css",
                headers={"Referer": f"http://127.0.0.1:{port}{appointment_page}"},
            )
            fetch(f"{base_url}/de/feedback/?from=%2Fde%2Fcounselling%2Fappointment%2F{TOKEN}%2F")
            fetch(f"{base_url}/de/accounts/password/reset/key/{RESET_KEY}/")
        finally:
            process.terminate()
            process.wait(timeout=10)
    written = log_path.read_text()
    assert "GET /de/counselling/appointment/***/ HTTP/1.1" in written
    assert "/de/accounts/password/reset/key/***/" in written
    assert TOKEN not in written and RESET_KEY.split("-", 1)[1] not in written


# Links lead into this site -----------------------------------------------------

ELSEWHERE = ["//evil.example/", "/\\evil.example", "https://evil.example", "/\t/evil.example"]


def leads_elsewhere(link: str) -> bool:
    """Whether a browser following `link` (from http://testserver/) leaves the site."""
    read = re.sub(r"[\x00-\x20]", "", link).replace("\\", "/")
    parts = urlsplit(read)
    return (
        read.startswith("//")
        or parts.netloc not in ("", "testserver")
        or (parts.scheme not in ("", "http", "https", "mailto", "tel"))
    )


def assert_stays_on_site(response) -> None:
    elsewhere = [
        link for link in links(response) if "evil.example" in link and leads_elsewhere(link)
    ]
    assert elsewhere == []


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example", "/de//evil.example/"])
def test_an_address_that_names_another_site_gets_no_link_to_it(client, path):
    response = client.get("/", PATH_INFO=path)
    assert response.status_code in (301, 302, 404)
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_feedback_form_takes_no_page_from_another_site(client, target):
    response = client.get("/de/feedback/", {"from": target})
    assert response.context["form"].initial["page_url"] == ""
    assert_stays_on_site(response)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_never_leads_to_another_site(client, editor_a, target):
    page = client.get("/de/accounts/login/", {"next": target})
    assert_stays_on_site(page)
    response = client.post(
        "/de/accounts/login/", {"login": editor_a.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert not leads_elsewhere(response["Location"])


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_second_factor_never_leads_to_another_site(client, staff_user, target):
    response = client.post(
        "/de/accounts/login/", {"login": staff_user.email, "password": PASSWORD, "next": target}
    )
    assert_stays_on_site(client.get(response["Location"]))
    response = client.post(response["Location"], {"code": current_totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert not leads_elsewhere(response["Location"])

    page = client.get("/de/accounts/2fa/reauthenticate/", {"next": target})
    assert_stays_on_site(page)


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_out_never_leads_to_another_site(client, editor_a, target):
    client.force_login(editor_a)
    response = client.post("/de/accounts/logout/", {"next": target})
    assert response.status_code == 302
    assert not leads_elsewhere(response["Location"])


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_language_switcher_of_a_page_with_a_query_stays_on_this_site(client, target):
    response = client.get("/de/measures/", {"q": "Kurs", "next": target})
    assert_stays_on_site(response)
