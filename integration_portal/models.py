from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .translation import LocalizedText, active_language, localized


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("Users sign in with their email address; it is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: partner editor, counsellor or department staff.

    Citizens and counselling clients never have one.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("Another account has this email address already."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "email" in update_fields:
            self.drop_other_addresses()

    def drop_other_addresses(self) -> None:
        """allauth keeps addresses of its own (`EmailAddress`), used for password
        resets: an account has no address but its `email`, so that a changed
        address leaves nothing behind that still opens the account."""
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=self).exclude(email__iexact=self.email).delete()

    def has_mfa(self) -> bool:
        from allauth.mfa.models import Authenticator

        return self.authenticator_set.filter(type=Authenticator.Type.TOTP).exists()


class TranslatedNameMixin(models.Model):
    """A name in every UI language; German is required and the fallback."""

    name_de = models.CharField(_("name (German)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=120, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120, blank=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> LocalizedText:
        return localized(self, "name")


class LifeDomain(TranslatedNameMixin):
    """A field of life in which the alliance works: language, work, health, ..."""

    class Icon(models.TextChoices):
        LANGUAGE = "language", _("Speech bubbles")
        EDUCATION = "education", _("Graduation cap")
        WORK = "work", _("Briefcase")
        HEALTH = "health", _("Heart")
        HOUSING = "housing", _("House")
        FAMILY = "family", _("Family")
        PARTICIPATION = "participation", _("People together")
        ORIENTATION = "orientation", _("Signpost")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    icon = models.CharField(_("icon"), max_length=20, choices=Icon.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("life domain")
        verbose_name_plural = _("life domains")
        ordering = ["order", "slug"]


class District(models.Model):
    """One of Stuttgart's 23 city districts (Stadtbezirke)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    inner_city = models.BooleanField(
        _("inner city district"),
        default=False,
        help_text=_("Stuttgart distinguishes the five inner from the 18 outer districts."),
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language in which a measure is held or a counsellor advises (ISO 639-1)."""

    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    native_name = models.CharField(_("name in the language itself"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["order", "name_de"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """German and English readers get their own word; others read the endonym."""
        language = active_language()
        if language == "de":
            return self.name_de
        if language == "en":
            return self.name_en
        return self.native_name


class TargetGroup(TranslatedNameMixin):
    """A group of people a measure is meant for: women, youth, refugees, ..."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "slug"]


class FeedbackQuerySet(models.QuerySet):
    def past_retention(self, now: datetime | None = None) -> "FeedbackQuerySet":
        """Feedback received more than `FEEDBACK_RETENTION_DAYS` ago."""
        cutoff = (now or timezone.now()) - timedelta(days=settings.FEEDBACK_RETENTION_DAYS)
        return self.filter(created_at__lt=cutoff)

    def purge(self, now: datetime | None = None) -> int:
        """Delete what the privacy notice promises to delete; returns how many."""
        deleted, _by_model = self.past_retention(now).delete()
        return deleted


class Feedback(models.Model):
    """A report of a barrier or another problem with the portal (§ 12b BGG)."""

    message = models.TextField(_("message"), max_length=5000)
    email = models.EmailField(_("email address for a reply"), blank=True)
    page_url = models.CharField(_("page concerned"), max_length=500, blank=True)
    language = models.CharField(_("language of the page"), max_length=8)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.message[:60]}"


class LogEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "LogEntryQuerySet":
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=obj.pk).select_related("user")


class LogEntry(models.Model):
    """One event in the audit trail: who changed the state of what, and when.

    Every service that changes a state (a measure's review, a partner's
    activation, an appointment's status) writes one, in the same transaction.
    `action` is a stable code such as ``measure.published``; the app that owns
    it gives its label (`integration_portal.audit`). `data` holds what the
    event needs to be understood later (a comment, the revision approved) and
    never personal data of counselling clients.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("action"), max_length=60)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"))
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = LogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="logentry_object_idx")
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        from .audit import action_label

        return action_label(self.action)
