from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "counselling"
    verbose_name = _("Counselling")

    def ready(self) -> None:
        from integration_portal import demand

        from .statistics import waiting_list_demand_counts

        # Who waited for counselling counts as unmet demand on the steering overview.
        demand.register(
            demand.DemandSource(
                key="counselling-waiting-list",
                label=_("Counselling waiting list"),
                counts=waiting_list_demand_counts,
            )
        )
