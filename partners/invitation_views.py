"""An invited editor's way in: the link of her invitation sets her password,
an expired link asks for a new one, the welcome page says what to do first,
and the help page explains review, good entries and translations."""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from integration_portal.net import client_ip
from integration_portal.permissions import can_use_partner_area, user_passes

from . import services
from .forms import NewInvitationLinkForm
from .invitations import LIFETIME, InvitationExpired, InvitationInvalid, user_for_token
from .models import Partner


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = user_for_token(token)
    except (InvitationExpired, InvitationInvalid) as error:
        context = {"expired": isinstance(error, InvitationExpired), "form": NewInvitationLinkForm()}
        return render(request, "partners/invitation/link_unusable.html", context, status=410)
    form = SetPasswordForm(user, request.POST or None)
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("Your password is set. Please sign in with your email address and the new password."),
        )
        login = reverse("account_login")
        return redirect(f"{login}?{urlencode({'next': reverse('partner_invitation:welcome')})}")
    context = {"form": form, "invited": user, "partners": Partner.objects.editable_by(user)}
    return render(request, "partners/invitation/set_password.html", context)


def new_link(request: HttpRequest) -> HttpResponse:
    """Ask for a new invitation link. The answer is the same whether or not the
    address belongs to an invited account, so the page tells nobody who has one."""
    form = NewInvitationLinkForm(request.POST or None)
    if form.is_valid():
        if not services.request_new_invitation_link(
            form.cleaned_data["email"], client_ip(request) or "unknown", request.LANGUAGE_CODE
        ):
            form.add_error(None, _("Too many requests from here. Please try again in an hour."))
        else:
            return render(
                request, "partners/invitation/new_link_sent.html", {"days": LIFETIME.days}
            )
    return render(request, "partners/invitation/new_link.html", {"form": form})


@user_passes(can_use_partner_area)
def welcome(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.editable_by(request.user).order_by("name")
    return render(request, "partners/invitation/welcome.html", {"partners": partners})


@user_passes(can_use_partner_area)
def editor_help(request: HttpRequest) -> HttpResponse:
    """How review works, what makes a good entry, how to translate."""
    return render(request, "partners/editor_help.html")
