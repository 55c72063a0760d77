import io

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import Command as SeedDemo
from integration_portal.models import User
from partners.models import ContactPerson, Partner, PartnerMembership

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_sector_and_running_it_twice_creates_nothing_twice():
    call_command(SeedDemo(), stdout=io.StringIO())
    counts = (
        Partner.objects.count(),
        ContactPerson.objects.count(),
        PartnerMembership.objects.count(),
    )
    call_command(SeedDemo(), stdout=io.StringIO())
    assert counts == (
        Partner.objects.count(),
        ContactPerson.objects.count(),
        PartnerMembership.objects.count(),
    )
    assert Partner.objects.count() >= 40
    assert set(Partner.objects.values_list("sector", flat=True)) == set(Partner.Sector.values)
    editor = User.objects.get(email="editor@example.org")
    assert Partner.objects.editable_by(editor).count() == 2
    assert (
        User.objects.filter(email__in=["editor2@example.org", "editor3@example.org"]).count() == 2
    )
