from allauth.account.admin import EmailAddressAdmin as AllauthEmailAddressAdmin
from allauth.account.models import EmailAddress
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import District, Feedback, Language, LifeDomain, TargetGroup, User
from .permissions import requires_mfa
from .translation import translated_fields

TRANSLATED_NAME_FIELDS = translated_fields("name")


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
