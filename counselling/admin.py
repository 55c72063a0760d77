from django.contrib import admin
from django.db import models

from .models import Absence, AvailabilityRule, Counsellor, Location


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
