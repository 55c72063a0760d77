"""The partner area: editors keep their partners' profiles and measures.

Every view reaches partners and measures only through the two access helpers
below, which answer 404 for anything outside the editor's memberships.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partners.models import Partner

from . import services
from .forms import MeasureForm, PartnerProfileForm
from .models import Measure


def get_partner_for_editor(user, slug: str) -> Partner:
    return get_object_or_404(Partner.objects.editable_by(user), slug=slug)


def get_measure_for_editor(user, pk: int) -> Measure:
    partners = Partner.objects.editable_by(user)
    queryset = Measure.objects.select_related("provider").filter(provider__in=partners)
    return get_object_or_404(queryset, pk=pk)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    measures = Measure.objects.order_by("status", "title_de")
    partners = Partner.objects.editable_by(request.user).prefetch_related(
        Prefetch("measures", queryset=measures)
    )
    return render(request, "measures/partner_area/index.html", {"partners": partners})


@login_required
def partner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_editor(request.user, slug)
    form = PartnerProfileForm(request.POST or None, instance=partner)
    if form.is_valid():
        form.save()
        messages.success(request, _("The profile has been saved."))
        return redirect("measures:partner_area")
    return render(
        request, "measures/partner_area/partner_form.html", {"partner": partner, "form": form}
    )


@login_required
def measure_create(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_partner_for_editor(request.user, slug)
    form = MeasureForm(request.POST or None)
    if form.is_valid():
        measure = services.create_measure(form, partner)
        messages.success(
            request,
            _("The draft has been saved. Submit it for review when it is complete."),
        )
        return redirect("measures:partner_measure", pk=measure.pk)
    return render(
        request,
        "measures/partner_area/measure_form.html",
        {"partner": partner, "form": form, "measure": None},
    )


@login_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The measure's state, the department's comment and what the editor can do next."""
    measure = get_measure_for_editor(request.user, pk)
    return render(request, "measures/partner_area/measure.html", {"measure": measure})


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_editor(request.user, pk)
    if not measure.is_editable_by_editors():
        messages.error(request, _("This measure cannot be changed in its current state."))
        return redirect("measures:partner_measure", pk=measure.pk)
    # Changes sent back by the department are the starting point for the rework.
    form = MeasureForm(request.POST or None, instance=measure, initial=measure.pending_changes)
    if form.is_valid():
        measure = services.save_editor_changes(form)
        if measure.pending_submitted_at:
            messages.success(
                request,
                _(
                    "Your changes have been submitted for review. "
                    "The published version stays visible until they are approved."
                ),
            )
        else:
            messages.success(request, _("The measure has been saved."))
        return redirect("measures:partner_measure", pk=measure.pk)
    return render(
        request,
        "measures/partner_area/measure_form.html",
        {"partner": measure.provider, "form": form, "measure": measure},
    )


@require_POST
@login_required
def measure_submit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_editor(request.user, pk)
    if measure.can_be_submitted():
        services.submit_for_review(measure)
        messages.success(request, _("The measure has been submitted for review."))
    return redirect("measures:partner_measure", pk=measure.pk)


@require_POST
@login_required
def measure_archive(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_editor(request.user, pk)
    if measure.can_be_archived():
        services.archive(measure)
        messages.success(request, _("The measure has been archived."))
    return redirect("measures:partner_measure", pk=measure.pk)
