from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _grant_role_permissions(sender: AppConfig, using: str, **kwargs) -> None:
    from integration_portal.roles import DEPARTMENT_STAFF, grant_permissions

    grant_permissions(
        sender,
        DEPARTMENT_STAFF,
        ["partner", "contactperson", "partnermembership"],
        ["add", "change", "delete", "view"],
        using,
    )
    # Department staff invite partner editors, so they create and look up accounts.
    grant_permissions(
        apps.get_app_config("integration_portal"),
        DEPARTMENT_STAFF,
        ["user"],
        ["add", "change", "view"],
        using,
    )


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        post_migrate.connect(_grant_role_permissions, sender=self)
