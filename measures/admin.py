from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Measure, MeasureQuerySet

LANGUAGE_SUFFIXES = ["de", "en", "tr", "ar", "uk"]


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What the editors should change"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
    )


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = [
        "title_de",
        "provider",
        "format",
        "status",
        "start_date",
        "valid_until",
        "updated_at",
    ]
    list_filter = ["status", "format", "life_domains", "districts", "provider"]
    list_select_related = ["provider"]
    search_fields = ["title_de", "title_en", "summary_de", "slug", "provider__name"]
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = [
        "life_domains",
        "target_groups",
        "cooperating_partners",
        "languages",
        "districts",
    ]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "start_date"
    # Staff type "verein.example/anmeldung"; a link to it should be secure.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish", "send_back", "archive"]
    fieldsets = [
        (_("Review"), {"fields": ["status", "review_comment", "valid_until"]}),
        (
            _("Texts"),
            {
                "fields": [
                    "slug",
                    *[f"title_{code}" for code in LANGUAGE_SUFFIXES],
                    *[f"summary_{code}" for code in LANGUAGE_SUFFIXES],
                    *[f"description_{code}" for code in LANGUAGE_SUFFIXES],
                ]
            },
        ),
        (
            _("Classification"),
            {"fields": ["format", "life_domains", "target_groups", "languages"]},
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
                    "wheelchair_accessible",
                ]
            },
        ),
        (
            _("Registration and contact"),
            {
                "fields": [
                    "registration_required",
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

    def _log_and_report(self, request: HttpRequest, measures: list[Measure], message: str) -> None:
        for measure in measures:
            self.log_change(request, measure, message)
        self.message_user(
            request,
            ngettext(
                "%(count)d measure: %(action)s", "%(count)d measures: %(action)s", len(measures)
            )
            % {"count": len(measures), "action": message},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish selected measures"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: MeasureQuerySet) -> None:
        with transaction.atomic():
            measures = list(queryset.select_for_update())
            for measure in measures:
                if measure.has_submitted_changes():
                    measure.apply_pending_changes()
                else:
                    measure.publish()
        self._log_and_report(request, measures, str(_("published")))

    @admin.action(description=_("Archive selected measures"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: MeasureQuerySet) -> None:
        with transaction.atomic():
            measures = list(queryset.select_for_update())
            for measure in measures:
                if measure.pending_changes:
                    measure.discard_pending_changes()
                measure.archive()
        self._log_and_report(request, measures, str(_("archived")))

    @admin.action(
        description=_("Send selected measures back to the editors"), permissions=["change"]
    )
    def send_back(self, request: HttpRequest, queryset: MeasureQuerySet) -> HttpResponse | None:
        """Asks for the reason on a page of its own, then returns the measures as drafts."""
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            with transaction.atomic():
                measures = list(queryset.select_for_update())
                for measure in measures:
                    # Refused changes leave the published version online.
                    if measure.has_submitted_changes():
                        measure.send_back_changes(comment)
                    else:
                        measure.send_back(comment)
            self._log_and_report(request, measures, str(_("sent back with a comment")))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send measures back"),
            "opts": self.model._meta,
            "form": form,
            "measures": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "measures/admin/send_back.html", context)
