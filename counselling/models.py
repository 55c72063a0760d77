import calendar
import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import validate_date_in_range
from integration_portal.models import District, Language
from integration_portal.permissions import can_manage_counselling

from .signals import client_anonymised


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class Topic(models.TextChoices):
    CAREER = "career", _("Career orientation")
    RECOGNITION = "recognition", _("Recognition of foreign qualifications")
    GERMAN = "german", _("German courses")
    CHILDCARE = "childcare", _("Childcare")
    RETURN_TO_WORK = "return_to_work", _("Part-time training and return to work")
    APPLICATIONS = "applications", _("Job applications")


class Location(models.Model):
    name = models.CharField(_("name"), max_length=120)
    address = models.CharField(_("address"), max_length=200)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    accessibility_note = models.CharField(_("accessibility note"), max_length=300, blank=True)
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Counsellor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="counsellor",
        verbose_name=_("user"),
    )
    languages = models.ManyToManyField(Language, related_name="+", verbose_name=_("languages"))
    locations = models.ManyToManyField(
        Location, related_name="counsellors", blank=True, verbose_name=_("locations")
    )
    modes = ArrayField(
        models.CharField(max_length=20, choices=Mode.choices), verbose_name=_("modes"), default=list
    )
    topics = ArrayField(
        models.CharField(max_length=20, choices=Topic.choices),
        verbose_name=_("topics"),
        default=list,
    )
    video_link = models.URLField(
        _("video call link"),
        blank=True,
        help_text=_("The address of the counsellor's video room, where clients join video calls."),
    )

    class Meta:
        verbose_name = _("counsellor")
        verbose_name_plural = _("counsellors")
        ordering = ["user__first_name", "user__email"]

    def __str__(self) -> str:
        return str(self.user)


class AvailabilityRule(models.Model):
    """A weekly recurring window of bookable slots, in Berlin wall-clock time."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    counsellor = models.ForeignKey(
        Counsellor, on_delete=models.CASCADE, related_name="rules", verbose_name=_("counsellor")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length in minutes"), default=45)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    valid_from = models.DateField(_("valid from"), validators=[validate_date_in_range])
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[validate_date_in_range]
    )

    class Meta:
        verbose_name = _("availability rule")
        verbose_name_plural = _("availability rules")
        ordering = ["counsellor", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="rule_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=10), name="rule_slot_length"),
            models.CheckConstraint(
                condition=Q(mode="in_person", location__isnull=False) | ~Q(mode="in_person"),
                name="rule_in_person_has_location",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def applies_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )


class Absence(models.Model):
    counsellor = models.ForeignKey(
        Counsellor, on_delete=models.CASCADE, related_name="absences", verbose_name=_("counsellor")
    )
    start = models.DateTimeField(_("from"), validators=[validate_date_in_range])
    end = models.DateTimeField(_("until"), validators=[validate_date_in_range])
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="absence_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.counsellor}: {self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"


def phone_digits(phone: str) -> str:
    """A phone number as its digits only: "0711 / 12-34" and "071112 34" are one number."""
    return re.sub(r"[^0-9]", "", phone)


class ClientQuerySet(models.QuerySet):
    def with_contact(self, emails: Iterable[str], phones: Iterable[str]) -> "ClientQuerySet":
        """Rows with any of these email addresses (in any case) or phone numbers
        (however written). Anonymised rows have neither, so they never match."""
        emails = {email.lower() for email in emails} - {""}
        numbers = {phone_digits(phone) for phone in phones} - {""}
        return self.alias(email_lower=Lower("email")).filter(
            Q(email_lower__in=emails) | Q(phone_digits__in=numbers)
        )


class Client(models.Model):
    """A person who books counselling; only what counselling needs."""

    name = models.CharField(_("name or pseudonym"), max_length=120)
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    phone_digits = models.GeneratedField(
        expression=Func(
            F("phone"), Value("[^0-9]"), Value(""), Value("g"), function="REGEXP_REPLACE"
        ),
        output_field=models.CharField(max_length=40),
        db_persist=True,
        db_index=True,
    )
    child_birth_month = models.DateField(
        _("youngest child's month of birth"),
        null=True,
        blank=True,
        help_text=_("Stored as the first day of the month."),
        validators=[validate_date_in_range],
    )
    preferred_language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("preferred language"),
    )
    ui_language = models.CharField(_("language of the portal"), max_length=8, default="de")
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="client_email_lower_idx")]

    def __str__(self) -> str:
        return self.name or str(_("anonymised client"))

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def same_person(self) -> ClientQuerySet:
        """Every row of the person this row belongs to, this one included.

        Each booking makes a row of its own. A row belongs to the person when
        it shares an email address or a phone number with one of her rows:
        she may have given her email once, both another time and only her
        phone a third time.
        """
        rows = {self.pk}
        emails, phones = {self.email.lower()}, {phone_digits(self.phone)}
        while True:
            found = list(
                Client.objects.with_contact(emails, phones).values_list(
                    "pk", "email", "phone_digits"
                )
            )
            rows |= {pk for pk, _email, _phone in found}
            more_emails = {email.lower() for _pk, email, _phone in found} - emails - {""}
            more_phones = {phone for _pk, _email, phone in found} - phones - {""}
            if not more_emails and not more_phones:
                return Client.objects.filter(pk__in=rows)
            emails |= more_emails
            phones |= more_phones

    def eligible_until(self) -> date | None:
        """The last day the youngest child may still be under 3, in her favour.

        Only the month of birth is known. In the month of the third birthday
        the child may be born on its last day, so she is counselled until the
        day before that: a child born in December 2023 counts as under 3 until
        30 December 2026. (A child born on 29 February is then taken as born on
        the last day of February three years on, one day early at most.)
        """
        if self.child_birth_month is None:
            return None
        born = self.child_birth_month
        year = born.year + 3
        last_day = calendar.monthrange(year, born.month)[1]
        return date(year, born.month, last_day) - timedelta(days=1)

    def child_is_under_three_on(self, day: date) -> bool:
        """Eligibility for the programme on the day of the appointment."""
        until = self.eligible_until()
        return until is not None and day <= until

    def anonymise(self, now: datetime) -> None:
        """Blank everything personal; keep the coarse facts statistics need."""
        self.name = ""
        self.email = ""
        self.phone = ""
        if self.child_birth_month is not None:
            self.child_birth_month = self.child_birth_month.replace(month=1, day=1)
        self.anonymised_at = now
        self.save(update_fields=["name", "email", "phone", "child_birth_month", "anonymised_at"])
        self.appointments.update(notes="")
        client_anonymised.send(sender=Client, client=self, now=now)


def new_token() -> str:
    return secrets.token_urlsafe(32)


ACTIVE_STATUSES = ["booked", "attended", "no_show"]


class AppointmentQuerySet(models.QuerySet):
    def active(self) -> "AppointmentQuerySet":
        return self.filter(status__in=ACTIVE_STATUSES)

    def visible_to(self, user) -> "AppointmentQuerySet":
        """A lead sees every appointment; a counsellor only her own."""
        if can_manage_counselling(user):
            return self
        return self.filter(counsellor__user=user)


class InBerlinTime:
    """`start` and `end` of a model's `timespan` range, in Berlin time."""

    @property
    def start(self) -> datetime:
        return timezone.localtime(self.timespan.lower)

    @property
    def end(self) -> datetime:
        return timezone.localtime(self.timespan.upper)


class Appointment(InBerlinTime, models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    counsellor = models.ForeignKey(
        Counsellor,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("counsellor"),
    )
    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("client")
    )
    timespan = DateTimeRangeField(_("time"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    interpreter_wanted = models.BooleanField(_("interpreter wanted"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    notes = models.TextField(_("confidential notes"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    video_link = models.URLField(
        _("video call link"),
        blank=True,
        help_text=_("A link for this appointment only; else the counsellor's video room."),
    )
    # Counts the moves: her calendar replaces the event of a lower number (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["timespan"]
        constraints = [
            ExclusionConstraint(
                name="appointment_no_overlap_per_counsellor",
                expressions=[
                    ("counsellor", RangeOperators.EQUAL),
                    ("timespan", RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=ACTIVE_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} {self.get_topic_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def join_link(self) -> str:
        """Where she joins a video appointment: its own link, else the counsellor's room."""
        if self.mode != Mode.VIDEO:
            return ""
        return self.video_link or self.counsellor.video_link

    def allowed_transitions(self, now: datetime) -> list[str]:
        """The statuses this appointment may change to now, the one place that says so.

        Before its start a booked appointment can only be cancelled; from its
        start on its outcome is recorded (attended or not), and a wrong outcome
        corrected. A cancelled appointment stays cancelled: its time may belong
        to someone else by now.
        """
        started = now >= self.timespan.lower
        Status = self.Status
        if self.status == Status.BOOKED:
            return [Status.ATTENDED, Status.NO_SHOW] if started else [Status.CANCELLED]
        if self.status == Status.ATTENDED and started:
            return [Status.NO_SHOW]
        if self.status == Status.NO_SHOW and started:
            return [Status.ATTENDED]
        return []

    def can_become(self, status: str, now: datetime) -> bool:
        return status in self.allowed_transitions(now)

    def can_be_changed(self, now: datetime) -> bool:
        """Clients cancel or move by themselves until the deadline before the start."""
        hours = settings.COUNSELLING_CHANGE_DEADLINE_HOURS
        return self.can_become(
            self.Status.CANCELLED, now
        ) and now <= self.timespan.lower - timedelta(hours=hours)


def waiting_list_expiry() -> timedelta:
    return timedelta(weeks=settings.COUNSELLING_WAITING_LIST_WEEKS)


class WaitingListEntryQuerySet(models.QuerySet):
    def current(self, now: datetime) -> "WaitingListEntryQuerySet":
        """Entries not yet expired, first come first."""
        return self.filter(created_at__gt=now - waiting_list_expiry()).order_by("created_at", "pk")

    def with_contact(self, emails: Iterable[str], phones: Iterable[str]):
        emails = {email.lower() for email in emails} - {""}
        numbers = {phone_digits(phone) for phone in phones} - {""}
        return self.alias(email_lower=Lower("email")).filter(
            Q(email_lower__in=emails) | Q(phone__in={f"+{n}" for n in numbers})
        )


class WaitingListEntry(models.Model):
    """Someone for whom no time fitted, waiting to be told of one. Only what
    finding and offering her a time needs: what she asked for and how to reach her."""

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    email = models.EmailField(_("email address"), blank=True)
    # E.164, as DetailsForm stores numbers.
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    child_birth_month = models.DateField(
        _("youngest child's month of birth"), validators=[validate_date_in_range]
    )
    ui_language = models.CharField(_("language of the portal"), max_length=8, default="de")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    objects = WaitingListEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="", phone=""), name="waiting_list_entry_has_contact"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} #{self.pk}"

    @property
    def expires_at(self) -> datetime:
        return self.created_at + waiting_list_expiry()

    def eligible_until(self) -> date | None:
        return Client(child_birth_month=self.child_birth_month).eligible_until()

    def fits(self, counsellor: "Counsellor", mode: str, location: "Location | None", day: date):
        """Whether a time of `counsellor` in this way and place, on `day`, is one she asked for."""
        return (
            self.topic in counsellor.topics
            and self.language_id in {language.pk for language in counsellor.languages.all()}
            and self.mode == mode
            and (
                self.district_id is None
                or location is None
                or location.district_id == self.district_id
            )
            and Client(child_birth_month=self.child_birth_month).child_is_under_three_on(day)
        )


class SlotHoldQuerySet(models.QuerySet):
    def active(self, now: datetime) -> "SlotHoldQuerySet":
        return self.filter(released_at__isnull=True, expires_at__gt=now)


class SlotHold(InBerlinTime, models.Model):
    """A freed time kept for the first fitting person on the waiting list until
    `expires_at`. While it is held nobody else can book it; it is released when
    she books it, leaves the list or lets it expire, and then offered to the next."""

    entry = models.ForeignKey(
        WaitingListEntry,
        on_delete=models.SET_NULL,
        null=True,
        related_name="holds",
        verbose_name=_("waiting-list entry"),
    )
    counsellor = models.ForeignKey(
        Counsellor, on_delete=models.CASCADE, related_name="+", verbose_name=_("counsellor")
    )
    timespan = DateTimeRangeField(_("time"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)
    expires_at = models.DateTimeField(_("held until"))
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    appointment = models.OneToOneField(
        "Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hold",
        verbose_name=_("appointment"),
    )

    objects = SlotHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("held time")
        verbose_name_plural = _("held times")
        ordering = ["created_at", "pk"]
        constraints = [
            # Two unreleased holds never share a counsellor's time.
            ExclusionConstraint(
                name="slot_hold_no_overlap_per_counsellor",
                expressions=[
                    ("counsellor", RangeOperators.EQUAL),
                    ("timespan", RangeOperators.OVERLAPS),
                ],
                condition=Q(released_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} #{self.pk}"

    def is_active(self, now: datetime) -> bool:
        return self.released_at is None and self.expires_at > now


class WaitingListDemand(models.Model):
    """How many joined the waiting list in a month, by what they asked for: anonymous
    counts that stay when the entries expire."""

    month = models.DateField(_("month"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("waiting-list demand")
        verbose_name_plural = _("waiting-list demand")
        ordering = ["month", "topic"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "topic", "language", "district"],
                name="waiting_list_demand_once_per_month",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_topic_display()}: {self.count}"


class OutboxMessageQuerySet(models.QuerySet):
    def due(self, now: datetime):
        """Waiting to be sent, and its next attempt is now or past."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)

    def failed(self):
        return self.filter(sent_at__isnull=True, failed_at__isnull=False)


class OutboxMessage(models.Model):
    """A mail or SMS about an appointment, saved with the change it reports and
    sent by its task in `db_worker`. It holds no address and no text: both are read from
    the appointment when it is sent, so erasing her data leaves nothing here."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancellation")
        REMINDER = "reminder", _("Reminder")
        RECOMMENDATIONS = "recommendations", _("Recommended offers")
        OFFER = "offer", _("Time offered from the waiting list")

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("appointment"),
    )
    # A time held for someone on the waiting list, for offers.
    hold = models.ForeignKey(
        SlotHold,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("held time"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The exception's class only: its text can carry an address.
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    channel = models.CharField(_("sent by"), max_length=10, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message to a client")
        verbose_name_plural = _("messages to clients")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_waiting",
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment__isnull=False, hold__isnull=True)
                | Q(appointment__isnull=True, hold__isnull=False),
                name="outbox_message_about_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
