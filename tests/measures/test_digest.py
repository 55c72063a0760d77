"""The monthly digest: once a month, only to that partner's editors."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from measures.digest import send_digests
from measures.models import Measure

pytestmark = pytest.mark.django_db


def _checked(measure: Measure, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    Measure.objects.filter(pk=measure.pk).update(checked_at=moment, created_at=moment)


@pytest.fixture
def needs_a_look(make_measure, partner_a, partner_b, editor_a, editor_b):
    today = timezone.localdate()
    _checked(make_measure("Alter Kurs", provider=partner_a), 100)
    _checked(make_measure("Frisch geprüft", provider=partner_a), 10)
    make_measure(
        "Vorbei",
        provider=partner_a,
        start_date=today - timedelta(60),
        end_date=today - timedelta(3),
    )
    make_measure(
        "Frist vorbei",
        provider=partner_a,
        registration_deadline=today - timedelta(2),
        registration_status=Measure.RegistrationStatus.OPEN,
    )
    make_measure(
        "Voll",
        provider=partner_a,
        registration_deadline=today - timedelta(2),
        registration_status=Measure.RegistrationStatus.FULL,
    )
    _checked(make_measure("Kurs von B", provider=partner_b), 120)


def test_each_partners_editors_get_only_their_own_digest(needs_a_look, editor_a, editor_b):
    assert send_digests() == 2
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    body_a = by_recipient[(editor_a.email,)].body
    body_b = by_recipient[(editor_b.email,)].body
    for title in ("Alter Kurs", "Vorbei", "Frist vorbei"):
        assert title in body_a
    for title in ("Frisch geprüft", "Voll", "Kurs von B"):
        assert f"- {title} (" not in body_a
    assert "Kurs von B" in body_b
    assert "Alter Kurs" not in body_b
    assert "Nicht seit mehr als 90 Tagen geprüft" in body_a


def test_the_digest_goes_out_once_a_month(needs_a_look):
    call_command("send_partner_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    call_command("send_partner_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    assert send_digests(today=next_month) == 2
    assert len(mail.outbox) == 4


def test_a_partner_with_nothing_to_check_gets_no_mail(make_measure, partner_a, editor_a):
    make_measure("Frisch", provider=partner_a)
    assert send_digests() == 0
    assert mail.outbox == []
