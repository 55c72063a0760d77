"""The department's review queue: new measures and changes to published ones,
approved or sent back to the partner's editors with a comment."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from integration_portal.roles import DEPARTMENT_STAFF

from . import services
from .forms import SendBackForm
from .models import Measure


def is_department_staff(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_role(DEPARTMENT_STAFF))


def department_staff_required(view):
    """Department staff only; anonymous visitors are sent to the login."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_department_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_measure_for_review(pk: int) -> Measure:
    """A measure waiting for review, else 404 (also once someone else decided)."""
    queryset = Measure.objects.awaiting_review().select_related("provider")
    return get_object_or_404(queryset, pk=pk)


def _display(field, value: object) -> str:
    """A field's value as the reviewer reads it."""
    if field.many_to_many:
        objects = field.related_model.objects.filter(pk__in=value)
        return ", ".join(str(obj) for obj in objects) or "–"
    value = field.to_python(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value in (None, ""):
        return "–"
    return str(formats.localize(value))


def pending_diff(measure: Measure) -> list[dict]:
    """The proposed changes beside the published values, field by field."""
    rows = []
    for name, new in measure.pending_changes.items():
        field = Measure._meta.get_field(name)
        if field.many_to_many:
            old = list(getattr(measure, name).values_list("pk", flat=True))
        else:
            old = getattr(measure, field.attname)
        rows.append(
            {
                "label": field.verbose_name,
                "old": _display(field, old),
                "new": _display(field, new),
            }
        )
    return rows


@require_GET
@department_staff_required
def queue(request: HttpRequest) -> HttpResponse:
    measures = Measure.objects.awaiting_review().select_related("provider").order_by("updated_at")
    return render(request, "measures/review/queue.html", {"measures": measures})


def _render_detail(request: HttpRequest, measure: Measure, form: SendBackForm) -> HttpResponse:
    context = {
        "measure": measure,
        "form": form,
        "is_change": measure.status == Measure.Status.PUBLISHED,
        "diff": pending_diff(measure),
        "life_domains": measure.life_domains.all(),
        "districts": measure.districts.all(),
    }
    return render(request, "measures/review/detail.html", context)


@require_GET
@department_staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_review(pk)
    return _render_detail(request, measure, SendBackForm())


@require_POST
@department_staff_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    measure = services.approve(get_measure_for_review(pk))
    messages.success(request, _("“%(title)s” is published.") % {"title": measure.title_de})
    return redirect("review:queue")


@require_POST
@department_staff_required
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure_for_review(pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, measure, form)
    measure = services.send_back(measure, form.cleaned_data["comment"])
    messages.success(
        request,
        _("“%(title)s” has been sent back to the editors.") % {"title": measure.title_de},
    )
    return redirect("review:queue")
