"""The partner area's profile pages: editors propose changes to their
partners' public profiles, which the department reviews before they go live.

Every view reaches a partner only through `get_partner_for_editor`, which
answers 404 for any partner outside the editor's memberships.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integration_portal.audit import trail

from . import services
from .forms import PartnerProfileForm
from .models import Partner
from .revisions import TransitionNotAllowed


def get_partner_for_editor(user, slug: str) -> Partner:
    """A partner `user` edits, else 404 (other partners do not exist for her)."""
    return get_object_or_404(Partner.objects.editable_by(user), slug=slug)


@login_required
def profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_editor(request.user, slug)
    open_changes = partner.open_changes()
    # Changes waiting or sent back are the starting point of the next edit.
    initial = open_changes.values if open_changes else None
    form = PartnerProfileForm(request.POST or None, instance=partner, initial=initial)
    if form.is_valid():
        try:
            revision = services.submit_profile_changes(form, request.user)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Your changes have been submitted for review. "
                    "The published profile stays visible until they are approved."
                )
                if revision
                else _("The profile is as published; nothing waits for review."),
            )
        return redirect("partner_profiles:edit", slug=partner.slug)
    context = {
        "partner": partner,
        "form": form,
        "waiting": partner.waiting_revision,
        "sent_back": partner.sent_back_revision,
        "trail": trail(partner),
    }
    return render(request, "partners/partner_area/profile_form.html", context)


@require_POST
@login_required
def profile_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_editor(request.user, slug)
    try:
        services.withdraw_profile_changes(partner, request.user)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your changes have been withdrawn."))
    return redirect("partner_profiles:edit", slug=partner.slug)
