from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Absence, AvailabilityRule, Counsellor, Location, OutboxMessage


class AvailabilityRuleInline(admin.TabularInline):
    model = AvailabilityRule
    extra = 0


@admin.register(Counsellor)
class CounsellorAdmin(admin.ModelAdmin):
    list_display = ["user"]
    filter_horizontal = ["languages", "locations"]
    inlines = [AvailabilityRuleInline]
    autocomplete_fields = ["user"]
    # The video room's address is typed without a scheme as often as with one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "address", "district", "wheelchair_accessible"]
    list_filter = ["wheelchair_accessible", "district"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["counsellor", "start", "end"]
    list_select_related = ["counsellor__user"]


class OutboxStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("failed", _("Given up")), ("waiting", _("Waiting")), ("sent", _("Sent"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.failed()
        if self.value() == "waiting":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """The outbox, read only: what was sent, what waits, and what was given up,
    which can be sent again."""

    list_display = [
        "pk",
        "kind",
        "appointment",
        "created_at",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "failed_at",
    ]
    list_filter = [OutboxStateFilter, "kind"]
    list_select_related = ["appointment"]
    actions = ["send_again"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset) -> None:
        count = outbox.send_again(queryset)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
