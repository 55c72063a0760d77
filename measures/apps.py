from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_role_permissions(sender: AppConfig, using: str, **kwargs) -> None:
    from integration_portal.roles import DEPARTMENT_STAFF, PARTNER_EDITOR, grant_permissions

    # Staff review measures in the admin; editors keep their partners' measures
    # in the partner area, which checks their membership for each measure.
    grant_permissions(sender, DEPARTMENT_STAFF, ["measure"], ["add", "change", "view"], using)
    grant_permissions(sender, PARTNER_EDITOR, ["measure"], ["add", "change", "view"], using)


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        post_migrate.connect(_grant_role_permissions, sender=self)
