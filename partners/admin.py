from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from integration_portal.audit import trail

from . import services
from .csv_io import CsvImportError, export_partners
from .forms import DESCRIPTION_FIELDS, CsvImportForm, InviteEditorForm
from .logos import LogoField
from .models import ContactPerson, Partner, PartnerMembership
from .revisions import TransitionNotAllowed


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "function", "email", "phone"]


class PartnerMembershipInline(admin.TabularInline):
    model = PartnerMembership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]


def csv_response(partners: QuerySet) -> HttpResponse:
    partners = partners.select_related("district").prefetch_related("life_domains")
    response = HttpResponse(
        # A byte order mark makes spreadsheet programs read the file as UTF-8.
        "\ufeff" + export_partners(partners),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"partners-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "district", "member_since", "is_public", "is_active"]
    list_filter = ["sector", "life_domains", "district", "is_active", "is_public"]
    search_fields = ["name", "slug", "contacts__name", "contacts__email"]
    list_select_related = ["district"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["life_domains"]
    inlines = [ContactPersonInline, PartnerMembershipInline]
    actions = ["export_csv", "activate", "deactivate", "show", "hide"]
    formfield_overrides = {
        # Editors type "verein.example"; a link to it should be secure.
        models.URLField: {"assume_scheme": "https"},
        # Size and dimensions are checked before the file is stored.
        models.ImageField: {"form_class": LogoField, "widget": AdminFileWidget},
    }
    fieldsets = [
        (None, {"fields": ["name", "slug", "sector", "logo"]}),
        (gettext_lazy("Description"), {"fields": DESCRIPTION_FIELDS}),
        (
            gettext_lazy("Contact and address"),
            {"fields": ["website", "email", "phone", "street", "postal_code", "city", "district"]},
        ),
        (
            gettext_lazy("Alliance"),
            {"fields": ["life_domains", "member_since", "is_public", "is_active"]},
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Partner | None = None) -> list[str]:
        """Activation and visibility of an existing partner change only through
        the list's actions, which log who changed them."""
        return ["is_public", "is_active"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Partner, form, change: bool) -> None:
        """Saves the form's fields only: activation and visibility, changed
        meanwhile by an action, are never written back from the page."""
        if not change:
            return super().save_model(request, obj, form, change)
        fields = [name for name in form.cleaned_data if not obj._meta.get_field(name).many_to_many]
        obj.save(update_fields=[*fields, "updated_at"])
        return None

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None
    ) -> HttpResponse:
        partner = self.get_object(request, object_id)
        if partner is not None:
            extra_context = {**(extra_context or {}), "trail": trail(partner)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _each(self, request: HttpRequest, queryset: QuerySet, change: Callable, done: str) -> None:
        changed = 0
        for partner in queryset:
            try:
                change(partner, request.user)
            except TransitionNotAllowed as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("%(count)d partner: %(action)s", "%(count)d partners: %(action)s", changed)
                % {"count": changed, "action": done},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Make selected partners active"), permissions=["change"])
    def activate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda partner, user: services.set_active(partner, True, user),
            _("now active"),
        )

    @admin.action(
        description=gettext_lazy("Make selected partners inactive (hidden everywhere)"),
        permissions=["change"],
    )
    def deactivate(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda partner, user: services.set_active(partner, False, user),
            _("now inactive"),
        )

    @admin.action(
        description=gettext_lazy("Show selected partners in the public directory"),
        permissions=["change"],
    )
    def show(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda partner, user: services.set_public(partner, True, user),
            _("now shown in the directory"),
        )

    @admin.action(
        description=gettext_lazy("Hide selected partners from the public directory"),
        permissions=["change"],
    )
    def hide(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._each(
            request,
            queryset,
            lambda partner, user: services.set_public(partner, False, user),
            _("now hidden from the directory"),
        )

    def get_urls(self) -> list:
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="partners_partner_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="partners_partner_export",
            ),
            path(
                "<int:object_id>/invite/",
                self.admin_site.admin_view(self.invite_view),
                name="partners_partner_invite",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=gettext_lazy("Export selected partners as CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return csv_response(queryset)

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """All partners the changelist shows with its current search and filters."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return csv_response(changelist.get_queryset(request))

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        problems: list[str] = []
        if request.method == "POST":
            form = CsvImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    result = services.import_partners_csv(form.cleaned_data["file"], request.user)
                except CsvImportError as error:
                    problems = error.problems
                else:
                    self.message_user(
                        request,
                        _("Import finished: %(created)d partners created, %(updated)d updated.")
                        % {"created": result.created, "updated": result.updated},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:partners_partner_changelist"))
        else:
            form = CsvImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import partners from CSV"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/partners/partner/import.html", context)

    def invite_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        partner = get_object_or_404(Partner, pk=object_id)
        if not (
            self.has_change_permission(request, partner)
            and request.user.has_perm("integration_portal.add_user")
            and request.user.has_perm("partners.add_partnermembership")
        ):
            raise PermissionDenied
        if request.method == "POST":
            form = InviteEditorForm(request.POST)
            if form.is_valid():
                user, created = services.invite_editor(request, partner, **form.cleaned_data)
                # The address as she typed it: the stored one has its domain in lower case.
                typed = form.cleaned_data["email"]
                message = (
                    _("Invitation sent to %(email)s: a new account, editor of %(partner)s.")
                    if created
                    else _(
                        "Invitation sent to %(email)s: an existing account, "
                        "now also editor of %(partner)s."
                    )
                )
                self.message_user(
                    request, message % {"email": typed, "partner": partner}, messages.SUCCESS
                )
                self.log_change(
                    request, partner, _("Invited %(user)s as editor.") % {"user": user.email}
                )
                return HttpResponseRedirect(
                    reverse("admin:partners_partner_change", args=[partner.pk])
                )
        else:
            form = InviteEditorForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": partner,
            "title": _("Invite an editor for %(partner)s") % {"partner": partner},
            "form": form,
        }
        return TemplateResponse(request, "admin/partners/partner/invite.html", context)
