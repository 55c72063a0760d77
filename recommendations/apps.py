from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommended offers")

    def ready(self) -> None:
        from counselling.signals import client_anonymised, client_exported
        from integration_portal import demand

        from . import services
        from .demand import SOURCES

        client_anonymised.connect(services.forget_client, dispatch_uid="recommendations.forget")
        client_exported.connect(services.export_client, dispatch_uid="recommendations.export")
        for source in SOURCES:
            demand.register(source)
