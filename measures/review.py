"""The department's review queue: new measures, changes to published measures
and changes to partner profiles, each approved or sent back to the partner's
editors with a comment.

The queue lives in `measures`, the app that depends on `partners`, so that one
page holds both kinds of work. Every decision names the revision the reviewer
read; the services refuse it when the editors have changed something since.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integration_portal.audit import trail
from integration_portal.permissions import review_required
from partners import services as partner_services
from partners.models import Partner
from partners.revisions import Revision, RevisionOutdated, TransitionNotAllowed, diff, listing

from . import services
from .forms import ApproveForm, MeasureForm, SendBackForm
from .models import Measure


def get_measure_for_review(pk: int) -> Measure:
    """A measure waiting for review, else 404 (also once someone else decided)."""
    queryset = Measure.objects.awaiting_review().select_related("provider")
    return get_object_or_404(queryset, pk=pk)


def get_partner_for_review(pk: int) -> Partner:
    """A partner whose profile changes wait for review, else 404."""
    return get_object_or_404(Partner.objects.awaiting_review(), pk=pk)


@require_GET
@review_required
def queue(request: HttpRequest) -> HttpResponse:
    measures = (
        Measure.objects.awaiting_review().select_related("provider").order_by("waiting_since")
    )
    partners = Partner.objects.awaiting_review().order_by("waiting_since")
    return render(
        request, "measures/review/queue.html", {"measures": measures, "partners": partners}
    )


# Measures


def _render_measure(
    request: HttpRequest, measure: Measure, form: SendBackForm | None = None
) -> HttpResponse:
    revision = measure.waiting_revision
    is_change = measure.status == Measure.Status.PUBLISHED
    context = {
        "measure": measure,
        "revision": revision,
        "form": form or SendBackForm(initial={"revision": revision.number}),
        "approve_form": ApproveForm(initial={"revision": revision.number}),
        "is_change": is_change,
        "diff": diff(measure, revision.values) if is_change else [],
        # A new measure is read whole: every field its editors fill in, and its times.
        "fields": [] if is_change else listing(measure, MeasureForm.Meta.fields),
        "schedules": measure.schedules.all(),
        "trail": trail(measure),
    }
    return render(request, "measures/review/detail.html", context)


@require_GET
@review_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_measure(request, get_measure_for_review(pk))


@require_POST
@review_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_review(pk)
    done = _("“%(title)s” is published.") % {"title": measure.title_de}
    return _approve(request, measure, services.approve, "review:detail", done)


@require_POST
@review_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_review(pk)
    return _send_back(request, measure, services.send_back, _render_measure)


# Partner profiles


def _render_partner(
    request: HttpRequest, partner: Partner, form: SendBackForm | None = None
) -> HttpResponse:
    revision = partner.waiting_revision
    context = {
        "partner": partner,
        "revision": revision,
        "form": form or SendBackForm(initial={"revision": revision.number}),
        "approve_form": ApproveForm(initial={"revision": revision.number}),
        "diff": diff(partner, revision.values),
        "trail": trail(partner),
    }
    return render(request, "measures/review/partner.html", context)


@require_GET
@review_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_partner(request, get_partner_for_review(pk))


@require_POST
@review_required
def partner_publish(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_review(pk)
    done = _("The profile of “%(name)s” is published.") % {"name": partner.name}
    return _approve(request, partner, partner_services.approve_profile, "review:partner", done)


@require_POST
@review_required
def partner_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_review(pk)
    return _send_back(request, partner, partner_services.send_back_profile, _render_partner)


# Deciding, for measures and partner profiles alike


def _approve(
    request: HttpRequest, obj: models.Model, approve: Callable, detail_view: str, done: str
) -> HttpResponse:
    form = ApproveForm(request.POST)
    number = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        approve(obj, number, request.user)
    except RevisionOutdated as error:
        messages.error(request, str(error))
        return redirect(detail_view, pk=obj.pk)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("review:queue")
    messages.success(request, done)
    return redirect("review:queue")


def _send_back(
    request: HttpRequest, obj: models.Model, send_back: Callable, render_detail: Callable
) -> HttpResponse:
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return render_detail(request, obj, form)
    comment = form.cleaned_data["comment"]
    try:
        send_back(obj, form.cleaned_data["revision"], comment, request.user)
    except RevisionOutdated as error:
        messages.error(request, str(error))
        # The reviewer's comment stays; the form now names the revision waiting.
        waiting = obj.revisions.filter(status=Revision.Status.SUBMITTED).first()
        form = SendBackForm(initial={"revision": waiting.number, "comment": comment})
        return render_detail(request, obj, form)
    except TransitionNotAllowed as error:
        messages.error(request, str(error))
        return redirect("review:queue")
    messages.success(request, _("“%(title)s” has been sent back to the editors.") % {"title": obj})
    return redirect("review:queue")
