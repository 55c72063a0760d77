"""The desk's recommending page, and the link on her page that counts an opening."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from counselling.desk_views import get_appointment_for_user
from counselling.models import Appointment
from integration_portal.permissions import desk_required
from measures.filters import PAGE_SIZE, MeasureFilter
from measures.handout import handout_response
from measures.models import Measure

from .forms import RecommendForm, UnmetNeedForm
from .models import Recommendation, RecommendationList
from .services import (
    RecommendationError,
    can_recommend_on,
    count_opening,
    her_district,
    recommend,
    record_unmet_need,
    remove_recommendation,
)

# The search parameters the desk keeps from the catalogue's filters.
SEARCH_PARAMETERS = ("q", "domain", "district", "language", "target_group", "flag", "sort", "page")


def _search_query(request: HttpRequest, appointment: Appointment) -> QueryDict:
    """The catalogue search the counsellor asked for; at first, offers in
    the language of the appointment and in her district, where known."""
    if any(name in request.GET for name in SEARCH_PARAMETERS):
        return request.GET
    query = QueryDict(mutable=True)
    query["language"] = appointment.language.code
    listed = RecommendationList.objects.filter(appointment=appointment).first()
    district = (listed.district if listed else None) or her_district(appointment)
    if district is not None:
        query["district"] = district.slug
    return query


def _page(request: HttpRequest, appointment: Appointment, **forms) -> HttpResponse:
    filterset = MeasureFilter(_search_query(request, appointment))
    results = Paginator(filterset.sorted_results().for_listing(), PAGE_SIZE)
    listed = getattr(appointment, "recommendation_list", None)
    recommended = listed.recommendations.select_related("measure") if listed is not None else []
    page = results.get_page(request.GET.get("page"))
    _keep_what_was_typed(page, forms.get("form"))
    context = {
        "appointment": appointment,
        "filterset": filterset,
        "facets": filterset.facets(),
        "search": filterset.form.cleaned_data.get("q", ""),
        "page": page,
        "listed": listed,
        "recommended": recommended,
        "recommended_ids": {item.measure_id for item in recommended},
        "form": forms.get("form")
        or RecommendForm(measures=[], initial={"district": her_district(appointment)}),
        "need_form": forms.get("need_form")
        or UnmetNeedForm(initial={"language": appointment.language}),
    }
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "recommendations/desk/recommend.html", context, status=status)


def _keep_what_was_typed(page, form: RecommendForm | None) -> None:
    """A refused form shows the offers ticked and the notes typed as they were."""
    page.object_list = list(page.object_list)
    data = form.data if form is not None else {}
    ticked = set(data.getlist("measure")) if data else set()
    for measure in page.object_list:
        measure.ticked = str(measure.pk) in ticked
        measure.typed_note = data.get(f"note-{measure.pk}", "") if data else ""


def _appointment(request: HttpRequest, pk: int) -> Appointment:
    """An appointment the counsellor may see and still recommend on, else 404."""
    appointment = get_appointment_for_user(request.user, pk)
    if not can_recommend_on(appointment):
        raise Http404
    return appointment


@desk_required
def recommend_offers(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    if request.method != "POST":
        return _page(request, appointment)
    ids = [value for value in request.POST.getlist("measure") if value.isdigit()]
    candidates = list(Measure.objects.visible().filter(pk__in=ids).select_related("provider"))
    form = RecommendForm(request.POST, measures=candidates)
    if not form.is_valid():
        return _page(request, appointment, form=form)
    try:
        recommend(
            appointment,
            form.recommended(),
            general_note=form.cleaned_data["general_note"],
            district=form.cleaned_data["district"],
            user=request.user,
        )
    except RecommendationError as refusal:
        form.add_error(None, str(refusal))
        return _page(request, appointment, form=form)
    messages.success(request, _("The offers are recommended; she is told by email or SMS."))
    return redirect("desk_recommendations:recommend", pk=pk)


@require_POST
@desk_required
def remove(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    remove_recommendation(appointment, measure_pk)
    messages.success(request, _("The offer is no longer on her list."))
    return redirect("desk_recommendations:recommend", pk=pk)


@require_POST
@desk_required
def unmet_need(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _appointment(request, pk)
    form = UnmetNeedForm(request.POST)
    if not form.is_valid():
        return _page(request, appointment, need_form=form)
    record_unmet_need(appointment, **form.cleaned_data, user=request.user)
    messages.success(request, _("The need is recorded; the department sees it only as a count."))
    return redirect("desk_recommendations:recommend", pk=pk)


@desk_required
@require_GET
def handout(request: HttpRequest, pk: int) -> HttpResponse:
    """Her list to print and hand over: German and her language side by side."""
    appointment = get_appointment_for_user(request.user, pk)
    listed = RecommendationList.objects.filter(appointment=appointment).first()
    if listed is None or appointment.client.is_anonymised:
        raise Http404
    recommendations = list(listed.recommendations.select_related("measure"))
    return handout_response(
        request,
        [item.measure for item in recommendations],
        title=_("Offers recommended for you"),
        notes={item.measure_id: item.note for item in recommendations},
        general_note=listed.general_note,
        reader_language=appointment.client.ui_language,
        back_url=reverse("desk_recommendations:recommend", args=[pk]),
    )


@require_GET
def open_offer(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """From her page to a recommended measure: counted, then on to its page."""
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("recommendation_list__appointment", "measure"),
        pk=pk,
        recommendation_list__appointment__token=token,
    )
    if not Measure.objects.visible().filter(pk=recommendation.measure_id).exists():
        raise Http404
    count_opening(recommendation)
    return redirect(recommendation.measure.get_absolute_url())
