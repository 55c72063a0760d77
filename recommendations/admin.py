from django.contrib import admin

from .models import MeasureMonthlyCount, MonthlyCount


class ReadOnlyAdmin(admin.ModelAdmin):
    """Counts are written by recommending and opening only, never by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MonthlyCount)
class MonthlyCountAdmin(ReadOnlyAdmin):
    list_display = ["month", "kind", "life_domain", "district", "language", "count"]
    list_filter = ["kind", "month", "life_domain"]
    list_select_related = ["life_domain", "district", "language"]


@admin.register(MeasureMonthlyCount)
class MeasureMonthlyCountAdmin(ReadOnlyAdmin):
    list_display = ["month", "measure", "recommended", "opened"]
    list_filter = ["month"]
    list_select_related = ["measure"]
    search_fields = ["measure__title_de"]
