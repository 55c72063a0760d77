"""Logos uploaded in the admin: limited in size and dimensions with a clear
message, and files that no partner shows any more are deleted after the commit."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from partners.models import Partner

from .conftest import store_file

pytestmark = pytest.mark.django_db


def png(width: int, height: int, noise: bool = False) -> bytes:
    """A PNG; with noise it does not compress (about 3 bytes per pixel)."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), "white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def admin_form(partner: Partner, **changes) -> dict:
    """The admin's change form of `partner` as the browser sends it."""
    data = {
        "name": partner.name,
        "slug": partner.slug,
        "sector": partner.sector,
        "city": partner.city,
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def upload_logo(client, partner: Partner, content: bytes, name: str = "logo.png", **extra):
    url = reverse("admin:partners_partner_change", args=[partner.pk])
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    return client.post(url, admin_form(partner, logo=logo, **extra))


def test_a_logo_over_two_megabytes_is_refused_with_its_size(staff_client, partner_a, media):
    content = png(1000, 1000, noise=True)
    assert len(content) > 2 * 1024 * 1024
    response = upload_logo(staff_client, partner_a, content)
    assert response.status_code == 200
    assert "höchstens 2,0" in response.content.decode()
    partner_a.refresh_from_db()
    assert not partner_a.logo
    assert not list(media.rglob("*.png"))


@pytest.mark.parametrize(("width", "height"), [(2001, 10), (10, 4000)])
def test_a_logo_larger_than_2000_pixels_is_refused(staff_client, partner_a, media, width, height):
    response = upload_logo(staff_client, partner_a, png(width, height))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{width} × {height} Pixel" in page
    partner_a.refresh_from_db()
    assert not partner_a.logo


def test_a_replaced_logo_is_deleted_after_the_commit(
    staff_client, partner_a, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_logo(staff_client, partner_a, png(200, 100), "alt.png").status_code == 302
    partner_a.refresh_from_db()
    old = media / partner_a.logo.name
    assert old.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert upload_logo(staff_client, partner_a, png(200, 100), "neu.png").status_code == 302
    partner_a.refresh_from_db()
    assert (media / partner_a.logo.name).exists()
    assert not old.exists()


def test_a_cleared_logo_and_the_logo_of_a_deleted_partner_are_deleted(
    staff_client, partner_a, partner_b, media, django_capture_on_commit_callbacks
):
    for partner in (partner_a, partner_b):
        store_file(media, f"partners/logos/{partner.slug}.png")
        partner.logo = f"partners/logos/{partner.slug}.png"
        partner.save()
    url = reverse("admin:partners_partner_change", args=[partner_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, admin_form(partner_a, **{"logo-clear": "on"}))
    assert not (media / "partners/logos/partner-a.png").exists()
    with django_capture_on_commit_callbacks(execute=True):
        partner_b.delete()
    assert not (media / "partners/logos/partner-b.png").exists()


def test_a_logo_still_shown_by_another_partner_is_kept(
    partner_a, partner_b, media, django_capture_on_commit_callbacks
):
    store_file(media, "partners/logos/gemeinsam.png")
    Partner.objects.update(logo="partners/logos/gemeinsam.png")
    with django_capture_on_commit_callbacks(execute=True):
        Partner.objects.get(pk=partner_a.pk).delete()
    assert (media / "partners/logos/gemeinsam.png").exists()


def test_a_change_that_is_rolled_back_keeps_the_old_logo(
    partner_a, media, django_capture_on_commit_callbacks
):
    store_file(media, "partners/logos/alt.png")
    Partner.objects.filter(pk=partner_a.pk).update(logo="partners/logos/alt.png")
    partner = Partner.objects.get(pk=partner_a.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        partner.logo = ""
        partner.save()
    assert len(callbacks) == 1
    assert (media / "partners/logos/alt.png").exists()
