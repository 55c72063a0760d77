from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import District, Feedback, Language, LifeDomain, TargetGroup, User
from .permissions import requires_mfa
from .roles import role_name
from .translation import translated_fields

TRANSLATED_NAME_FIELDS = translated_fields("name")

# Texts of Django 5.2's admin that its catalogues do not translate yet into
# every language of the portal (or, as "Sessions", leave in English); listed
# here so that the portal's catalogues keep their translations.
DJANGO_TEXTS_MISSING_FROM_ITS_CATALOGUES = [
    gettext_noop("Sessions"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("Reset password"),
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
]

# Groups are the roles; their names are identifiers that code refers to, so
# people read the role's translated name wherever the admin names a group.
Group.__str__ = lambda group: role_name(group.name)

# allauth names its authenticators and their fields in English only (no
# verbose names); the admin's lists, filters and forms read these. Migrations
# are not affected: they keep the names the model declares.
Authenticator._meta.verbose_name = _("second factor")
Authenticator._meta.verbose_name_plural = _("second factors")
for _name, _label in [
    ("user", _("account")),
    ("type", _("kind")),
    ("data", _("data")),
    ("created_at", _("set up on")),
    ("last_used_at", _("last used on")),
]:
    Authenticator._meta.get_field(_name).verbose_name = _label

PERMISSION_ACTIONS = {
    "add": _("may add"),
    "change": _("may change"),
    "delete": _("may delete"),
    "view": _("may view"),
}


def permission_label(permission: Permission) -> str:
    """ "App | model | may change" in the active language; Django stores the
    permission's name in English once, when it creates it."""
    action = permission.codename.partition("_")[0]
    model = permission.content_type.model_class()
    if action not in PERMISSION_ACTIONS or model is None:
        return str(permission)
    app = model._meta.app_config.verbose_name
    return f"{app} | {model._meta.verbose_name} | {PERMISSION_ACTIONS[action]}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:
        return permission_label(obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    list_display = ["__str__", "name"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Roles and permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]

    def has_change_permission(self, request, obj=None) -> bool:
        """Department staff keep partner editors' accounts; an account that reaches
        personal data or the admin is the superuser's to change (and its password)."""
        if obj is not None and requires_mfa(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        """Only the superuser hands out roles; staff make editors by inviting them."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups"]
        return fields


@admin.register(LifeDomain)
class LifeDomainAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "icon", "order"]
    list_editable = ["order"]
    search_fields = TRANSLATED_NAME_FIELDS
    fields = ["slug", *TRANSLATED_NAME_FIELDS, "icon", "order"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "inner_city"]
    list_filter = ["inner_city"]
    search_fields = ["name", "slug"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name_de", "name_en", "native_name", "order"]
    list_editable = ["order"]
    search_fields = ["code", "name_de", "name_en", "native_name"]


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name_de", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = TRANSLATED_NAME_FIELDS
    fields = ["slug", *TRANSLATED_NAME_FIELDS, "order"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "language", "handled"]
    list_filter = ["handled", "language"]
    list_editable = ["handled"]
    search_fields = ["message", "page_url"]
    readonly_fields = ["message", "email", "page_url", "language", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False


# allauth's admin page would let addresses be added to any account.
admin.site.unregister(EmailAddress)


@admin.register(EmailAddress)
class EmailAddressAdmin(AllauthEmailAddressAdmin):
    """An account's address follows its sign-in address, which is changed on
    the user's page: shown here, never added or edited."""

    actions = []

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
