from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
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
        from . import logos
        from .models import Partner

        post_migrate.connect(_grant_role_permissions, sender=self)
        pre_save.connect(logos.remember_stored_logo, sender=Partner)
        post_save.connect(logos.delete_replaced_logo, sender=Partner)
        post_delete.connect(logos.delete_logo_of_deleted_partner, sender=Partner)
