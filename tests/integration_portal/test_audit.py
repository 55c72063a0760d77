import pytest
from django.utils.translation import gettext_lazy as _

from integration_portal.audit import log_action, register_actions, trail
from integration_portal.models import District, LogEntry

register_actions({"district.tested": _("tested")})


@pytest.mark.django_db
def test_each_state_change_is_one_entry_with_who_and_when(staff_user):
    district = District.objects.get(slug="mitte")
    log_action(district, "district.tested", staff_user, comment="first")
    log_action(district, "district.tested", None)
    entries = list(trail(district))
    assert [entry.user for entry in entries] == [None, staff_user]
    assert entries[1].data == {"comment": "first"}
    assert entries[0].label == "tested"
    assert trail(District.objects.get(slug="ost")).count() == 0


@pytest.mark.django_db
def test_an_unnamed_action_is_refused():
    with pytest.raises(ValueError, match="unknown audit action"):
        log_action(District.objects.get(slug="mitte"), "district.renamed")
    assert LogEntry.objects.count() == 0
