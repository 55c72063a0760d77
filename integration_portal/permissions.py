"""Who may do what: the questions the portal asks about a person's role.

Every role check lives here. Views protect themselves with the decorators
below, querysets and models ask the same functions, and templates ask them
through `{% load permissions %}` (`{% if user|can_review %}`), so a link
appears exactly for the people whom the page behind it lets in.

The roles are Django groups (`integration_portal.roles`); a superuser passes
every question. Model permissions (`change_measure`, ...) are for the Django
admin only and are never asked here.

Dependency rule: this module imports no app above `integration_portal`. A
question about another app's object takes the object and reads its fields
(`can_see_notes(user, appointment)`); which objects a person may reach at all
is the job of that app's one access helper, a queryset that filters by these
answers (`Appointment.objects.visible_to`, `Partner.objects.editable_by`,
which needs the partners' memberships and so lives in `partners`).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .roles import COUNSELLING_LEAD, COUNSELLOR, DEPARTMENT_STAFF, MFA_ROLES, PARTNER_EDITOR


def role_names(user) -> frozenset[str]:
    """The groups of `user`, read once per user object: a page that asks
    several questions (the navigation, a row per appointment) costs one query."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_portal_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._portal_role_names = names
    return names


def has_any_role(user, *roles: str) -> bool:
    """An active account in at least one of the groups `roles`."""
    return bool(user.is_authenticated and user.is_active and role_names(user) & set(roles))


def _is_active_superuser(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def requires_mfa(user) -> bool:
    """Staff and counsellors hold personal data and partners' work: a password
    alone is not enough for them (SPEC: MFA for staff and counsellors)."""
    return bool(user.is_staff or user.is_superuser or role_names(user) & set(MFA_ROLES))


def can_review(user) -> bool:
    """Department staff: the review queue and the steering dashboard."""
    return _is_active_superuser(user) or has_any_role(user, DEPARTMENT_STAFF)


def can_use_admin(user) -> bool:
    """The Django admin, which then asks the model permissions of each page."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_use_partner_area(user) -> bool:
    """The partner area, where editors keep their partners' profiles and
    measures. It lists only the partners the account is a member of, so
    department staff and superusers may open it too (and see theirs)."""
    return _is_active_superuser(user) or has_any_role(user, PARTNER_EDITOR, DEPARTMENT_STAFF)


def works_at_desk(user) -> bool:
    """Counsellors and their leads: the counselling desk."""
    return _is_active_superuser(user) or has_any_role(user, COUNSELLOR, COUNSELLING_LEAD)


def can_manage_counselling(user) -> bool:
    """Counselling leads: every counsellor's appointments and notes, the
    counsellors' profiles, statistics, and a person's data export and erasure."""
    return _is_active_superuser(user) or has_any_role(user, COUNSELLING_LEAD)


def can_see_notes(user, appointment) -> bool:
    """An appointment with its confidential notes: the counsellor's own, or
    any for a lead."""
    if not works_at_desk(user):
        return False
    return can_manage_counselling(user) or appointment.counsellor.user_id == user.pk


def user_passes(question: Callable[..., bool]) -> Callable:
    """A view decorator: anonymous visitors are sent to the login, accounts
    that `question` refuses get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not question(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


review_required = user_passes(can_review)
desk_required = user_passes(works_at_desk)
lead_required = user_passes(can_manage_counselling)
