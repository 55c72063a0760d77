from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from integration_portal.audit import trail
from integration_portal.translation import translated_fields
from partners.revisions import TransitionNotAllowed, diff

from . import services
from .forms import ScheduleForm
from .models import (
    OUTDATED_AFTER,
    Measure,
    MeasureQuerySet,
    Schedule,
    SearchAlias,
    SynonymGroup,
)


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What the editors should change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )


class CheckedFilter(admin.SimpleListFilter):
    """Published measures whose editors have not checked them for six months."""

    title = _("checked by the editors")
    parameter_name = "checked"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("outdated", _("not for more than 180 days (may be out of date)"))]

    def queryset(self, request: HttpRequest, queryset: MeasureQuerySet) -> MeasureQuerySet:
        if self.value() != "outdated":
            return queryset
        before = timezone.now() - OUTDATED_AFTER
        unchecked = models.Q(checked_at__isnull=True, created_at__lt=before)
        return queryset.filter(
            models.Q(checked_at__lt=before) | unchecked, status=Measure.Status.PUBLISHED
        )


class WaitingForReviewFilter(admin.SimpleListFilter):
    """Measures with a revision waiting for the department: the status alone
    does not tell, since changes to a published measure keep it published."""

    title = _("waiting for review")
    parameter_name = "waiting"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [("new", _("new measures")), ("changes", _("changes to published measures"))]

    def queryset(self, request: HttpRequest, queryset: MeasureQuerySet) -> MeasureQuerySet:
        if self.value() == "new":
            return queryset.awaiting_review().exclude(status=Measure.Status.PUBLISHED)
        if self.value() == "changes":
            return queryset.awaiting_review().filter(status=Measure.Status.PUBLISHED)
        return queryset


class ScheduleInline(admin.StackedInline):
    """The measure's times, checked as in the partner area."""

    model = Schedule
    form = ScheduleForm
    extra = 0
    max_num = 20


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    """Measures for the department. The status changes only through the actions,
    which call the review services (measures/services.py) as the review queue does."""

    # Five columns beside the filters fit a 1280 px screen; the start date is
    # in the date hierarchy above the list. The provider's name may wrap
    # (the admin keeps a plain foreign key column on one line).
    list_display = ["title_de", "provider_name", "status", "valid_until", "checked_at"]
    list_filter = [
        "status",
        WaitingForReviewFilter,
        CheckedFilter,
        "provider",
        "districts",
        "life_domains",
        "format",
    ]
    list_select_related = ["provider"]

    @admin.display(
        description=Measure._meta.get_field("provider").verbose_name, ordering="provider__name"
    )
    def provider_name(self, measure: Measure) -> str:
        return measure.provider.name

    search_fields = [
        "title_de",
        "title_en",
        "summary_de",
        "slug",
        "provider__name",
        "cooperating_partners__name",
        "contact_email",
        "venue_name",
    ]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = [
        "life_domains",
        "target_groups",
        "cooperating_partners",
        "languages",
        "districts",
    ]
    readonly_fields = ["status", "places_updated_at", "created_at", "updated_at"]
    date_hierarchy = "start_date"
    # Staff type "verein.example/anmeldung"; a link to it should be secure.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["submit", "publish", "send_back", "archive"]
    inlines = [ScheduleInline]
    fieldsets = [
        (_("Review"), {"fields": ["status", "valid_until"]}),
        (
            _("Texts"),
            {
                "fields": [
                    "slug",
                    *translated_fields("title", "summary", "description"),
                ]
            },
        ),
        (
            _("Classification"),
            {
                "fields": [
                    "format",
                    "life_domains",
                    "target_groups",
                    "languages",
                    "german_level_needed",
                    "german_level_reached",
                    "course_type",
                ]
            },
        ),
        (_("Partners"), {"fields": ["provider", "cooperating_partners"]}),
        (
            _("Place"),
            {
                "fields": [
                    "is_online",
                    "districts",
                    "venue_name",
                    "venue_street",
                    "venue_postal_code",
                    "venue_city",
                ]
            },
        ),
        (_("Dates"), {"fields": ["start_date", "end_date", "schedule_text"]}),
        (
            _("Cost and access"),
            {
                "fields": [
                    "is_free",
                    "cost_amount",
                    "cost_note",
                    "childcare",
                    "childcare_age_from",
                    "childcare_age_to",
                    "childcare_on_site",
                    "wheelchair_accessible",
                ]
            },
        ),
        (
            _("Registration and contact"),
            {
                "fields": [
                    "registration_required",
                    "registration_status",
                    "capacity",
                    "places_free",
                    "places_updated_at",
                    "registration_info",
                    "registration_url",
                    "registration_deadline",
                    "contact_email",
                    "contact_phone",
                ]
            },
        ),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        measure = self.get_object(request, object_id)
        if measure is not None:
            extra_context = {**(extra_context or {}), "trail": trail(measure)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Measure, form, change: bool) -> None:
        """Saves the form's fields only: the status, changed meanwhile by a
        decision, is never written back from the page."""
        if "places_free" in form.changed_data:
            obj.places_updated_at = timezone.now()
        if not change:
            return super().save_model(request, obj, form, change)
        fields = [name for name in form.cleaned_data if not obj._meta.get_field(name).many_to_many]
        obj.save(update_fields=[*fields, "places_updated_at", "updated_at"])
        return None

    def _each(
        self, request: HttpRequest, measures: list[Measure], change: Callable, done: str
    ) -> None:
        """Apply one service to each measure; report what was done and what was refused."""
        changed = 0
        for measure in measures:
            try:
                change(measure)
            except TransitionNotAllowed as error:
                self.message_user(request, f"{measure.title_de}: {error}", messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("%(count)d measure: %(action)s", "%(count)d measures: %(action)s", changed)
                % {"count": changed, "action": done},
                messages.SUCCESS,
            )

    def _confirmation(
        self, request: HttpRequest, queryset: MeasureQuerySet, action: str, **context
    ) -> TemplateResponse:
        """The page that shows each selected measure's waiting revision before a decision.

        The decision carries the revision numbers shown, and the services refuse
        it for a measure changed since.
        """
        measures = list(queryset.select_related("provider").order_by("title_de"))
        for measure in measures:
            revision = measure.waiting_revision
            measure.shown_diff = (
                diff(measure, revision.values)
                if revision and measure.status == Measure.Status.PUBLISHED
                else []
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "measures": measures,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            **context,
        }
        return TemplateResponse(request, "measures/admin/decide.html", context)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit(self, request: HttpRequest, queryset: MeasureQuerySet) -> None:
        self._each(
            request,
            list(queryset),
            lambda measure: services.submit_for_review(measure, request.user),
            str(_("submitted for review")),
        )

    @admin.action(description=_("Publish selected measures"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: MeasureQuerySet) -> HttpResponse | None:
        """Shows what is waiting, then publishes exactly the revisions shown."""
        if "apply" not in request.POST:
            return self._confirmation(request, queryset, "publish", title=_("Publish measures"))
        self._each(
            request,
            list(queryset),
            lambda measure: services.approve(
                measure, request.POST.get(f"revision-{measure.pk}"), request.user
            ),
            str(_("published")),
        )
        return None

    @admin.action(
        description=_("Send selected measures back to the editors"), permissions=["change"]
    )
    def send_back(self, request: HttpRequest, queryset: MeasureQuerySet) -> HttpResponse | None:
        """Asks for the reason on a page of its own, then sends the revisions shown back."""
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._confirmation(
                request, queryset, "send_back", title=_("Send measures back"), form=form
            )
        comment = form.cleaned_data["comment"]
        self._each(
            request,
            list(queryset),
            lambda measure: services.send_back(
                measure, request.POST.get(f"revision-{measure.pk}"), comment, request.user
            ),
            str(_("sent back with a comment")),
        )
        return None

    @admin.action(description=_("Archive selected measures"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: MeasureQuerySet) -> None:
        self._each(
            request,
            list(queryset),
            lambda measure: services.archive(measure, request.user),
            str(_("archived")),
        )


@admin.register(SearchAlias)
class SearchAliasAdmin(admin.ModelAdmin):
    list_display = ["phrase", "filter", "value"]
    list_filter = ["filter"]
    search_fields = ["phrase", "value"]


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    search_fields = ["words"]
