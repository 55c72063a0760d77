from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import validate_date_in_range
from integration_portal.models import District, LifeDomain
from integration_portal.translation import LocalizedText, localized

from .revisions import Revision


def public_partner(prefix: str = "") -> models.Q:
    """The one definition of a partner citizens may see: shown in the directory
    and an active member. `prefix` reaches the partner through a relation, as in
    `public_partner("provider__")` for the provider of a measure."""
    return models.Q(**{f"{prefix}is_public": True, f"{prefix}is_active": True})


class PartnerQuerySet(models.QuerySet):
    def public(self) -> "PartnerQuerySet":
        """Partners shown to citizens: public and active."""
        return self.filter(public_partner())

    def awaiting_review(self) -> "PartnerQuerySet":
        """Partners whose editors' profile changes wait for the department."""
        waiting = PartnerRevision.objects.submitted().filter(partner=models.OuterRef("pk"))
        return self.filter(models.Exists(waiting)).annotate(
            waiting_since=models.Subquery(waiting.values("submitted_at")[:1])
        )

    def editable_by(self, user) -> "PartnerQuerySet":
        """The partners whose profile and measures `user` may edit."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(memberships__user=user, is_active=True).distinct()


class Partner(models.Model):
    """An organisation of the alliance: a city department, a company, a club, ..."""

    class Sector(models.TextChoices):
        POLITICS = "politics", _("Politics")
        ADMINISTRATION = "administration", _("Administration")
        BUSINESS = "business", _("Business")
        CULTURE = "culture", _("Culture")
        CIVIL_SOCIETY = "civil-society", _("Civil society")
        EDUCATION = "education", _("Education")
        MIGRANT_ORGANISATION = "migrant-organisation", _("Migrant organisation")
        WELFARE = "welfare", _("Welfare")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_uk = models.TextField(_("description (Ukrainian)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, default="Stuttgart")
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="partners",
        null=True,
        blank=True,
    )
    life_domains = models.ManyToManyField(
        LifeDomain, verbose_name=_("life domains"), related_name="partners", blank=True
    )
    member_since = models.DateField(
        _("member of the alliance since"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
    )
    logo = models.ImageField(_("logo"), upload_to="partners/logos/", blank=True)
    # Both flags change through partners/services.py, which logs each change.
    is_public = models.BooleanField(_("shown in the public directory"), default=True)
    is_active = models.BooleanField(
        _("active member"), default=True, help_text=_("Inactive partners are hidden everywhere.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    @property
    def description(self) -> LocalizedText:
        return localized(self, "description")

    @property
    def address(self) -> str:
        return ", ".join(
            part for part in [self.street, f"{self.postal_code} {self.city}".strip()] if part
        )

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("latest_revision", None)
        self.__dict__.pop("_latest_revisions", None)

    @cached_property
    def latest_revision(self) -> "PartnerRevision | None":
        """The newest submission of profile changes by the partner's editors."""
        return self.revisions.order_by("-number").first()

    @property
    def waiting_revision(self) -> "PartnerRevision | None":
        revision = self.latest_revision
        return revision if revision is not None and revision.is_waiting else None

    @property
    def sent_back_revision(self) -> "PartnerRevision | None":
        revision = self.latest_revision
        return revision if revision is not None and revision.is_sent_back else None

    def open_changes(self) -> "PartnerRevision | None":
        """The editors' unpublished profile changes, waiting or sent back."""
        return self.waiting_revision or self.sent_back_revision


class PartnerRevision(Revision):
    """Changes to a partner's public profile by its editors; the published
    profile stays until the department approves them."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="revisions"
    )

    class Meta(Revision.Meta):
        verbose_name = _("revision of a partner profile")
        verbose_name_plural = _("revisions of partner profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "number"], name="partner_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["partner"],
                condition=models.Q(status="submitted"),
                name="partner_one_revision_waiting",
            ),
        ]


class PartnerMembership(models.Model):
    """A person who keeps a partner's profile and measures current."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EDITOR)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["partner", "user"], name="partner_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.partner}"


class ContactPerson(models.Model):
    """An internal contact at a partner, for the department only (never public)."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
