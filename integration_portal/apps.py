from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.utils.translation import gettext_lazy as _


def _grant_role_permissions(sender: AppConfig, using: str, **kwargs) -> None:
    from .roles import DEPARTMENT_STAFF, grant_permissions

    grant_permissions(
        sender,
        DEPARTMENT_STAFF,
        ["lifedomain", "district", "language", "targetgroup"],
        ["add", "change", "delete", "view"],
        using,
    )
    grant_permissions(sender, DEPARTMENT_STAFF, ["feedback"], ["change", "view"], using)


class IntegrationPortalConfig(AppConfig):
    name = "integration_portal"
    verbose_name = _("Integration portal")

    def ready(self) -> None:
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from django.contrib.auth.signals import user_logged_in

        from . import accounts, mfa
        from .middleware import IdleTimeoutMiddleware

        post_migrate.connect(_grant_role_permissions, sender=self)
        pre_save.connect(
            accounts.only_the_accounts_own_address,
            sender=EmailAddress,
            dispatch_uid="portal-own-address",
        )
        user_logged_in.connect(
            IdleTimeoutMiddleware.note_sign_in, dispatch_uid="portal-idle-sign-in"
        )
        post_save.connect(
            mfa.record_totp_activation, sender=Authenticator, dispatch_uid="portal-totp-activation"
        )
        post_delete.connect(
            mfa.forget_recovery_codes_with_the_app,
            sender=Authenticator,
            dispatch_uid="portal-recovery-codes-with-the-app",
        )
