"""Each role against each question of `integration_portal.permissions`, and the
template filters that ask the same functions."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from integration_portal import permissions
from integration_portal.roles import COUNSELLOR, DEPARTMENT_STAFF
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "counsellor", "lead", "staff", "superuser", "inactive staff"]

# question → the roles it answers with yes; everyone else gets no.
YES = {
    "can_review": {"staff", "superuser"},
    "can_use_admin": {"staff", "superuser"},
    "can_use_partner_area": {"editor", "staff", "superuser"},
    "works_at_desk": {"counsellor", "lead", "superuser"},
    "can_manage_counselling": {"lead", "superuser"},
    "requires_mfa": {"counsellor", "lead", "staff", "superuser", "inactive staff"},
}


@pytest.fixture
def people(editor_a, counsellor_user, lead_user, staff_user, superuser) -> dict:
    inactive = make_user("gone@example.org", DEPARTMENT_STAFF, is_staff=True, is_active=False)
    return {
        "anonymous": AnonymousUser(),
        "editor": editor_a,
        "counsellor": counsellor_user,
        "lead": lead_user,
        "staff": staff_user,
        "superuser": superuser,
        "inactive staff": inactive,
    }


@pytest.mark.parametrize("question", list(YES))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_answer(people, role, question):
    if role == "anonymous" and question == "requires_mfa":
        pytest.skip("only accounts sign in with a second factor")
    answer = getattr(permissions, question)(people[role])
    assert answer is (role in YES[question])


def appointment_of(user) -> SimpleNamespace:
    return SimpleNamespace(counsellor=SimpleNamespace(user_id=user.pk))


@pytest.mark.parametrize(
    ("role", "own", "others"),
    [
        ("anonymous", False, False),
        ("editor", False, False),
        ("counsellor", True, False),
        ("lead", True, True),
        ("staff", False, False),
        ("superuser", True, True),
        ("inactive staff", False, False),
    ],
)
def test_notes_are_for_the_appointments_counsellor_and_the_leads(people, role, own, others):
    user = people[role]
    colleague = make_user("colleague@example.org", COUNSELLOR)
    assert permissions.can_see_notes(user, appointment_of(user)) is own
    assert permissions.can_see_notes(user, appointment_of(colleague)) is others


@pytest.mark.parametrize("role", ROLES)
def test_templates_ask_the_same_questions(people, role):
    template = Template(
        "{% load permissions %}"
        "{{ user|can_review }} {{ user|can_use_admin }} {{ user|can_use_partner_area }} "
        "{{ user|works_at_desk }} {{ user|can_manage_counselling }} "
        "{{ user|can_see_notes:appointment }}"
    )
    user = people[role]
    rendered = template.render(Context({"user": user, "appointment": appointment_of(user)}))
    questions = [
        "can_review",
        "can_use_admin",
        "can_use_partner_area",
        "works_at_desk",
        "can_manage_counselling",
    ]
    expected = [str(role in YES[question]) for question in questions]
    expected.append(str(permissions.can_see_notes(user, appointment_of(user))))
    assert rendered.split() == expected


def test_a_view_behind_a_question_sends_visitors_to_the_login_and_refuses_others(rf, people):
    from django.core.exceptions import PermissionDenied

    @permissions.user_passes(permissions.can_review)
    def view(request):
        return "page"

    request = rf.get("/review/")
    request.user = people["anonymous"]
    assert view(request).status_code == 302
    request.user = people["editor"]
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = people["staff"]
    assert view(request) == "page"
