from contextlib import suppress
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import WEEKLY, rruleset, rrulestr
from dateutil.rrule import rrule as recurrence_rule
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connection, models
from django.db.models.functions import JSONObject, Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.functional import cached_property
from django.utils.translation import get_language_bidi, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import validate_date_in_range
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.translation import (
    FALLBACK_LANGUAGE,
    LocalizedText,
    active_language,
    localized,
    translated_fields,
    ui_languages,
)
from partners.models import Partner, public_partner
from partners.revisions import Revision


class PortalUnaccent(models.Func):
    """`portal_unaccent(text)`: the IMMUTABLE wrapper around `unaccent` created by
    migration 0001, usable in generated columns and indexes."""

    function = "portal_unaccent"
    output_field = models.TextField()


# Text search configurations whose texts and queries are indexed without accents.
UNACCENTED_CONFIGS = ("simple", "german")


def _weighted(config: str, language: str) -> SearchVector:
    def text(kind: str) -> object:
        # Ukrainian has no stemmer in PostgreSQL: its words are indexed as
        # written, without accents. German is indexed without accents too, so
        # "Sprachcafe" finds "Sprachcafé" (its stemmer folds umlauts and ß the
        # same way). The query is unaccented alike (`search._term`).
        column = f"{kind}_{language}"
        return PortalUnaccent(column) if config in UNACCENTED_CONFIGS else column

    return (
        SearchVector(text("title"), config=config, weight="A")
        + SearchVector(text("summary"), config=config, weight="B")
        + SearchVector(text("description"), config=config, weight="C")
    )


# The translated texts of a measure.
TEXT_KINDS = ("title", "summary", "description")

# The text search configuration of each language's texts.
SEARCH_CONFIG_OF_LANGUAGE = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ar": "arabic",
    "uk": "simple",
}


def in_order(first: str, last: str, name: str, strictly: bool = False) -> models.CheckConstraint:
    """A constraint that `last` is not before `first` (after it, if `strictly`)
    wherever both are given."""
    lookup = "gt" if strictly else "gte"
    return models.CheckConstraint(
        condition=models.Q(**{f"{last}__isnull": True})
        | models.Q(**{f"{first}__isnull": True})
        | models.Q(**{f"{last}__{lookup}": models.F(first)}),
        name=name,
    )


class MeasureQuerySet(models.QuerySet):
    def visible(self, today: date | None = None) -> "MeasureQuerySet":
        """The single definition of "public": published, not past its validity,
        and offered by a partner that is itself public and active.

        Catalogue, facets, detail page, calendar, open data, sitemap, the home
        page's counts, the dashboard and partner pages all start here.
        """
        today = today or timezone.localdate()
        return self.filter(
            public_partner("provider__"),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today),
            # A measure whose last day has passed leaves the catalogue by itself.
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=today),
            status=Measure.Status.PUBLISHED,
        )

    def refresh_next_sessions(self, today: date | None = None) -> int:
        """Work out the day of the next session again for these measures and
        store it where it changed; returns how many changed."""
        today = today or timezone.localdate()
        changed = []
        measures = self.only("pk", "start_date", "end_date", "next_session_on").prefetch_related(
            "schedules"
        )
        for measure in measures.iterator(chunk_size=2000):
            stored = measure.next_session_on
            measure.refresh_next_session(list(measure.schedules.all()), today)
            if measure.next_session_on != stored:
                changed.append(measure)
        self.model.objects.bulk_update(changed, ["next_session_on"], batch_size=1000)
        return len(changed)

    def with_descriptions(self) -> "MeasureQuerySet":
        """Each measure with `described_<language>` for every language: whether
        it has a description of its own in it (German always has one)."""
        described = {}
        for language in ui_languages():
            if language == FALLBACK_LANGUAGE:
                described[f"described_{language}"] = models.Value(True)
            else:
                described[f"described_{language}"] = models.ExpressionWrapper(
                    # whitespace alone is no description, as for `localized`
                    ~models.Q(**{f"description_{language}__regex": r"^\s*$"}),
                    output_field=models.BooleanField(),
                )
        return self.annotate(**described)

    def awaiting_review(self) -> "MeasureQuerySet":
        """New measures submitted by their editors and changes to published ones:
        those with a revision waiting for the department."""
        waiting = MeasureRevision.objects.submitted().filter(measure=models.OuterRef("pk"))
        return self.filter(models.Exists(waiting)).annotate(
            waiting_since=models.Subquery(waiting.values("submitted_at")[:1])
        )

    def with_latest_revision(self) -> "MeasureQuerySet":
        """Each measure with its newest revision, in one query for the whole list."""
        return self.prefetch_related(
            models.Prefetch(
                "revisions",
                queryset=MeasureRevision.objects.order_by("-number")[:1],
                to_attr="_latest_revisions",
            )
        )

    def for_listing(self) -> "MeasureQuerySet":
        """What a list of measures shows, in two queries: the measures with
        their provider and the names of their districts, then their times."""
        districts = District.objects.filter(measures=models.OuterRef("pk")).order_by("name")
        return (
            self.select_related("provider")
            .annotate(district_names=ArraySubquery(districts.values("name")))
            .prefetch_related("schedules")
        )

    def for_detail(self) -> "MeasureQuerySet":
        """What a measure's page shows besides its times, in one query: the
        measure with its provider, the names of its districts and public
        co-operating partners and its life domains, target groups and
        languages (read with `Measure.linked`)."""
        districts = District.objects.filter(measures=models.OuterRef("pk")).order_by("name")
        partners = Partner.objects.public().filter(cooperations=models.OuterRef("pk"))
        return self.select_related("provider").annotate(
            district_names=ArraySubquery(districts.values("name")),
            cooperating_partner_names=ArraySubquery(partners.order_by("name").values("name")),
            **{f"{name}_rows": _linked_rows(name) for name in LINKED_ON_DETAIL},
        )


def offers_per_life_domain() -> dict[int, int]:
    """{life domain's pk: number of measures a citizen may see in it}, counted
    over the link table in one pass (a count per domain over a join of every
    measure took half a second at 10,000 measures)."""
    links = Measure.life_domains.through.objects.filter(measure__in=Measure.objects.visible())
    return dict(links.values_list("lifedomain_id").annotate(count=models.Count("measure_id")))


def life_domains_counted(counts: dict[int, int]) -> list[LifeDomain]:
    """Every life domain in its order, with `measure_count` from `counts`
    (`offers_per_life_domain`)."""
    domains = list(LifeDomain.objects.all())
    for domain in domains:
        domain.measure_count = counts.get(domain.pk, 0)
    return domains


# The many-to-many fields a measure's page reads with the measure itself.
LINKED_ON_DETAIL = ("life_domains", "target_groups", "languages")


def _linked_rows(field_name: str) -> ArraySubquery:
    """The measure's objects of a many-to-many field in their model's order,
    each as a JSON row of its columns: one array read with the measure, not a
    query of its own (each further query costs more in Python than in SQL)."""
    model = Measure._meta.get_field(field_name).related_model
    columns = {field.attname: field.attname for field in model._meta.concrete_fields}
    linked = model.objects.filter(measures=models.OuterRef("pk")).order_by(*model._meta.ordering)
    return ArraySubquery(linked.values(row=JSONObject(**columns)))


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_queryset(self) -> MeasureQuerySet:
        # The stored search vector is large and only ever read by PostgreSQL itself.
        return super().get_queryset().defer("search_vector", "title_normalised")


class RegistrationStatus(models.TextChoices):
    OPEN = "open", _("Registration open")
    WAITING_LIST = "waiting_list", _("Waiting list")
    FULL = "full", _("Fully booked")
    ANY_TIME = "any_time", _("Join any time")
    CLOSED = "closed", _("Registration closed")


class GermanLevel(models.TextChoices):
    """Levels of the Common European Framework of Reference for Languages."""

    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class CourseType(models.TextChoices):
    """Course types of the federal programme (BAMF) for German courses."""

    INTEGRATION_GENERAL = "integration_general", _("General integration course")
    INTEGRATION_WOMEN = "integration_women", _("Integration course for women")
    INTEGRATION_PARENTS = "integration_parents", _("Integration course for parents")
    INTEGRATION_YOUTH = "integration_youth", _("Integration course for young adults")
    LITERACY = "literacy", _("Literacy course")
    SECOND_SCRIPT = "second_script", _("Course for learners of a second script")
    INTENSIVE = "intensive", _("Intensive integration course")
    JOB_RELATED = "job_related", _("Job-related German course")
    INITIAL_ORIENTATION = "initial_orientation", _("Initial orientation course")


# A measure nobody has checked for this long is marked "may be out of date".
OUTDATED_AFTER = timedelta(days=180)
# A figure of free places older than this is no longer shown as a number.
PLACES_CURRENT_FOR = timedelta(days=14)


class Measure(models.Model):
    """An offer of an alliance partner: a course, counselling, an event, a group."""

    RegistrationStatus = RegistrationStatus
    GermanLevel = GermanLevel
    CourseType = CourseType

    class Format(models.TextChoices):
        COURSE = "course", _("Course")
        COUNSELLING = "counselling", _("Counselling")
        EVENT = "event", _("Event")
        GROUP = "group", _("Group")
        ONLINE = "online", _("Online offer")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200, blank=True)
    summary_de = models.CharField(_("summary (German)"), max_length=500)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    summary_tr = models.CharField(_("summary (Turkish)"), max_length=500, blank=True)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=500, blank=True)
    summary_uk = models.CharField(_("summary (Ukrainian)"), max_length=500, blank=True)
    description_de = models.TextField(_("description (German)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_uk = models.TextField(_("description (Ukrainian)"), blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)

    life_domains = models.ManyToManyField(
        LifeDomain, verbose_name=_("life domains"), related_name="measures"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="measures", blank=True
    )
    provider = models.ForeignKey(
        Partner, verbose_name=_("provider"), on_delete=models.PROTECT, related_name="measures"
    )
    cooperating_partners = models.ManyToManyField(
        Partner, verbose_name=_("co-operating partners"), related_name="cooperations", blank=True
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages of instruction"), related_name="measures", blank=True
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), related_name="measures", blank=True
    )
    is_online = models.BooleanField(_("takes place online"), default=False)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_street = models.CharField(_("street and number"), max_length=200, blank=True)
    venue_postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    venue_city = models.CharField(_("city"), max_length=100, default="Stuttgart", blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)

    is_free = models.BooleanField(_("free of charge"), default=True)
    cost_amount = models.DecimalField(
        _("cost in euros"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cost_note = models.CharField(
        _("note on cost"),
        max_length=300,
        blank=True,
        help_text=_("For example: reduced price with the Bonuscard, per course day, ..."),
    )
    childcare = models.BooleanField(_("childcare offered"), default=False)
    childcare_age_from = models.PositiveSmallIntegerField(
        _("childcare from age (years)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(17)],
        help_text=_("0 for babies."),
    )
    childcare_age_to = models.PositiveSmallIntegerField(
        _("childcare up to age (years)"), null=True, blank=True, validators=[MaxValueValidator(17)]
    )
    childcare_on_site = models.BooleanField(_("childcare on site"), default=False)
    german_level_needed = models.CharField(
        _("German level needed"),
        max_length=2,
        choices=GermanLevel.choices,
        blank=True,
        help_text=_("Empty: no German needed."),
    )
    german_level_reached = models.CharField(
        _("German level reached"), max_length=2, choices=GermanLevel.choices, blank=True
    )
    course_type = models.CharField(
        _("type of course (federal programme)"),
        max_length=30,
        choices=CourseType.choices,
        blank=True,
    )
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_info = models.TextField(_("how to register"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True, validators=[validate_date_in_range]
    )
    # Places and registration: urgent facts the partner's editors change at once.
    capacity = models.PositiveIntegerField(_("number of places"), null=True, blank=True)
    places_free = models.PositiveIntegerField(
        _("places free"),
        null=True,
        blank=True,
        help_text=_("Update it when it changes; after 14 days it is shown as “ask the provider”."),
    )
    places_updated_at = models.DateTimeField(
        _("places free updated"), null=True, blank=True, editable=False
    )
    registration_status = models.CharField(
        _("registration"),
        max_length=20,
        choices=RegistrationStatus.choices,
        blank=True,
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for ongoing offers."),
        validators=[validate_date_in_range],
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_date_in_range]
    )
    schedule_text = models.CharField(
        _("note on the times"),
        max_length=300,
        blank=True,
        help_text=_(
            "Optional, beside the times entered below. For example: "
            "the first session is an information evening"
        ),
    )

    # Changed only by the review services (measures/services.py), which log each change.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("After this day the measure leaves the catalogue by itself."),
        validators=[validate_date_in_range],
    )
    checked_at = models.DateTimeField(
        _("checked on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the partner's editors last confirmed or updated the measure."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Languages whose texts may be out of date: the German text changed after
    # they were written. Kept by `save`; the editors confirm them one by one.
    translations_to_check = ArrayField(
        models.CharField(max_length=5),
        verbose_name=_("translations to check"),
        default=list,
        blank=True,
        editable=False,
    )

    # The parts of the German texts' compounds ("Kinderbetreuung": "kinder
    # betreuung"), set on saving (see `measures.vocabulary`).
    search_compound_parts = models.TextField(editable=False, blank=True, default="")

    # Each language's texts with its own stemming: German (it folds umlauts
    # and ß, so "Mutter" finds "Mütter"), English, Turkish, Arabic; Ukrainian
    # as written, without accents.
    # Weekdays (0 = Monday) and times of day of the measure's sessions, kept
    # from its schedules by `summarise_sessions` for the catalogue's filters.
    session_days = ArrayField(models.PositiveSmallIntegerField(), default=list, editable=False)
    session_times = ArrayField(models.CharField(max_length=10), default=list, editable=False)
    # The day of the next session, for the catalogue's order by date: kept by
    # `refresh_next_session` on saving the measure or one of its times, and
    # moved on each night by `manage.py refresh_next_sessions`.
    next_session_on = models.DateField(_("next session"), null=True, editable=False)
    # Yes/no facts the catalogue filters and counts by, worked out by PostgreSQL.
    has_places_free = models.GeneratedField(
        expression=models.Q(places_free__gt=0)
        & ~models.Q(registration_status__in=[RegistrationStatus.FULL, RegistrationStatus.CLOSED]),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    has_childcare_under_3 = models.GeneratedField(
        expression=models.Q(childcare=True)
        & (models.Q(childcare_age_from__isnull=True) | models.Q(childcare_age_from__lt=3)),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    registration_is_open = models.GeneratedField(
        expression=models.Q(
            registration_status__in=[RegistrationStatus.OPEN, RegistrationStatus.ANY_TIME]
        ),
        output_field=models.BooleanField(),
        db_persist=True,
    )

    # German stemming for the German texts (it folds umlauts and ß, so "Mutter"
    # finds "Mütter"), English stemming for the English ones.
    search_vector = models.GeneratedField(
        expression=_weighted("german", "de")
        + _weighted("english", "en")
        + _weighted("turkish", "tr")
        + _weighted("arabic", "ar")
        + _weighted("simple", "uk")
        + SearchVector(PortalUnaccent("search_compound_parts"), config="german", weight="C"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The typo-tolerant fallback compares trigrams of this accent-free title.
    title_normalised = models.GeneratedField(
        expression=Lower(PortalUnaccent("title_de")),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects = MeasureManager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["title_de"]
        indexes = [
            GinIndex(fields=["search_vector"], name="measure_search_vector_gin"),
            GinIndex(
                OpClass("title_normalised", name="gin_trgm_ops"), name="measure_title_trgm_gin"
            ),
            models.Index(fields=["status", "valid_until"], name="measure_visibility_idx"),
            # The catalogue's default order (by next date): a page of published
            # measures is read off the index instead of sorting them all.
            models.Index(
                models.F("next_session_on").asc(nulls_last=True),
                models.F("title_de"),
                models.F("id"),
                name="measure_catalogue_order_idx",
                condition=models.Q(status="published"),
            ),
        ]
        constraints = [
            in_order("start_date", "end_date", "measure_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(places_free__isnull=True)
                | models.Q(capacity__isnull=True)
                | models.Q(places_free__lte=models.F("capacity")),
                name="measure_places_free_within_capacity",
            ),
            in_order("childcare_age_from", "childcare_age_to", "measure_childcare_ages_in_order"),
        ]

    TEXT_FIELDS = tuple(translated_fields(*TEXT_KINDS))
    SEARCHED_TEXT_FIELDS = tuple(
        f"{kind}_{language}"
        for kind in ("title", "summary", "description")
        for language in SEARCH_CONFIG_OF_LANGUAGE
    )

    def __str__(self) -> str:
        return self.title_de

    def save(self, *args, **kwargs) -> None:
        """Keeps the catalogue's vocabulary, the parts of German compounds and
        the translations to check current."""
        from . import vocabulary

        update_fields = kwargs.get("update_fields")
        if self.note_translations_to_check() and update_fields is not None:
            update_fields = [*update_fields, "translations_to_check"]
            kwargs["update_fields"] = update_fields
        if update_fields is None or {"start_date", "end_date"} & set(update_fields):
            self.refresh_next_session()
            if update_fields is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "next_session_on"]
        if update_fields is None or set(update_fields) & set(self.SEARCHED_TEXT_FIELDS):
            vocabulary.record(vocabulary.words_of(self.searched_text()))
            self.search_compound_parts = vocabulary.compound_parts(self.searched_text("_de"))
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "search_compound_parts"]
        super().save(*args, **kwargs)
        self._remember_texts()

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        measure = super().from_db(db, field_names, values)
        measure._remember_texts()
        return measure

    def _remember_texts(self) -> None:
        """The texts as stored, to see on saving which languages changed."""
        deferred = self.get_deferred_fields()
        self._stored_texts = {
            name: getattr(self, name) for name in self.TEXT_FIELDS if name not in deferred
        }

    def _texts_changed(self, language: str) -> bool:
        stored = getattr(self, "_stored_texts", {})
        return any(
            name in stored and stored[name] != getattr(self, name)
            for name in translated_fields(*TEXT_KINDS, languages=[language])
        )

    def has_text_in(self, language: str) -> bool:
        return any(
            (getattr(self, name) or "").strip()
            for name in translated_fields(*TEXT_KINDS, languages=[language])
        )

    def note_translations_to_check(self) -> bool:
        """After a change of the German text, the other languages' texts may
        be out of date; a language whose texts changed too counts as updated.
        Returns whether the list changed."""
        if self._state.adding:
            return False
        german_changed = self._texts_changed(FALLBACK_LANGUAGE)
        to_check = set(self.translations_to_check)
        for language in ui_languages():
            if language == FALLBACK_LANGUAGE:
                continue
            if self._texts_changed(language) or not self.has_text_in(language):
                to_check.discard(language)
            elif german_changed:
                to_check.add(language)
        ordered = [language for language in ui_languages() if language in to_check]
        if ordered == list(self.translations_to_check):
            return False
        self.translations_to_check = ordered
        return True

    @property
    def translations_to_check_named(self) -> list[tuple[str, str]]:
        """(code, name) of the languages whose texts may be out of date."""
        names = dict(settings.LANGUAGES)
        return [(code, str(names[code])) for code in self.translations_to_check if code in names]

    @property
    def translation_may_be_outdated(self) -> bool:
        """Whether the reader's language has a description of its own that may
        no longer match the German one."""
        return active_language() in self.translations_to_check and not self.description.is_fallback

    def searched_text(self, language: str | None = None) -> str:
        """The texts search looks at, of one language or of all."""
        fields = [
            name
            for name in self.SEARCHED_TEXT_FIELDS
            if language is None or name.endswith(language)
        ]
        return " ".join(getattr(self, name) for name in fields)

    def clean(self) -> None:
        errors = {}
        if (
            self.capacity is not None
            and self.places_free is not None
            and self.places_free > self.capacity
        ):
            errors["places_free"] = gettext(
                "There cannot be more places free than the %(capacity)d places in all."
            ) % {"capacity": self.capacity}
        ages = (self.childcare_age_from, self.childcare_age_to)
        if not self.childcare and any(age is not None for age in ages):
            errors["childcare"] = gettext("Tick “childcare offered” for the ages of the children.")
        if None not in ages and ages[1] < ages[0]:
            errors["childcare_age_to"] = gettext("The upper age must not be below the lower one.")
        needed, reached = self.german_level_needed, self.german_level_reached
        if needed and reached and reached < needed:
            errors["german_level_reached"] = gettext(
                "The level reached must not be below the level needed."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def childcare_ages(self) -> str:
        """ "1–3 years", "up to 3 years", or "" without ages."""
        first, last = self.childcare_age_from, self.childcare_age_to
        if first is not None and last is not None:
            return ngettext("%(first)d–%(last)d year", "%(first)d–%(last)d years", last) % {
                "first": first,
                "last": last,
            }
        if last is not None:
            return ngettext("up to %(last)d year", "up to %(last)d years", last) % {"last": last}
        if first is not None:
            return ngettext("from %(first)d year", "from %(first)d years", first) % {"first": first}
        return ""

    @property
    def title(self) -> LocalizedText:
        return localized(self, "title")

    @property
    def summary(self) -> LocalizedText:
        return localized(self, "summary")

    @property
    def description(self) -> LocalizedText:
        return localized(self, "description")

    def _texts_in_german_instead(self) -> int:
        """How many of title, summary and description a reader of the active
        language gets in German because they are not translated into hers."""
        return sum(text.is_fallback for text in (self.title, self.summary, self.description))

    @property
    def described_in_german_only(self) -> bool:
        """Whether a reader of the active language gets title, summary and
        description in German: the measure has none of them in her language."""
        return self._texts_in_german_instead() == 3

    @property
    def partly_translated(self) -> bool:
        """Whether some of title, summary and description are in the reader's
        language and the others in German (a translated title alone, say)."""
        return 0 < self._texts_in_german_instead() < 3

    @property
    def venue_address(self) -> str:
        locality = f"{self.venue_postal_code} {self.venue_city}".strip()
        return ", ".join(part for part in [self.venue_street, locality] if part)

    def map_url(self) -> str:
        """An OpenStreetMap search for the venue, or "" for measures without an address."""
        if not self.venue_street:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.venue_address})

    @property
    def is_dated(self) -> bool:
        return self.start_date is not None

    def summarise_sessions(self, schedules: list["Schedule"] | None = None) -> None:
        """Store the weekdays and times of day of the sessions (not saved here)."""
        if schedules is None:
            schedules = list(self.schedules.all())
        self.session_days, self.session_times = session_summary(schedules)

    def refresh_next_session(
        self, schedules: list["Schedule"] | None = None, today: date | None = None
    ) -> None:
        """Store the day of the next session (not saved here)."""
        if schedules is None:
            schedules = list(self.schedules.all()) if self.pk else []
        self.next_session_on = next_session_day(
            schedules, self.start_date, self.end_date, today or timezone.localdate()
        )

    def linked(self, field_name: str) -> list:
        """The objects of a many-to-many field as `for_detail` read them with
        the measure (life domains, target groups, languages), in their order."""
        model = self._meta.get_field(field_name).related_model
        return [model(**row) for row in getattr(self, f"{field_name}_rows")]

    def next_dates(self, count: int = 5, after: datetime | None = None) -> list[datetime]:
        """The next `count` sessions of all its schedules, in Berlin time."""
        after = after or timezone.now()
        dates = [
            occurrence
            for schedule in self.schedules.all()
            for occurrence in schedule.occurrences(after=after, count=count)
        ]
        return sorted(dates)[:count]

    @property
    def next_date(self) -> datetime | None:
        dates = self.next_dates(count=1)
        return dates[0] if dates else None

    def places_are_current(self, now: datetime | None = None) -> bool:
        """Whether the figure of free places is recent enough to show."""
        if self.places_free is None or self.places_updated_at is None:
            return False
        return (now or timezone.now()) - self.places_updated_at <= PLACES_CURRENT_FOR

    def places_note(self, now: datetime | None = None) -> str:
        """ "4 places free (updated 3 days ago)"; "ask the provider" for an old figure."""
        if self.registration_status == RegistrationStatus.FULL:
            return ""
        if self.places_free is None:
            return ""
        now = now or timezone.now()
        if not self.places_are_current(now):
            return gettext("Free places: please ask the provider")
        places = ngettext("%(count)d place free", "%(count)d places free", self.places_free) % {
            "count": self.places_free
        }
        days = (timezone.localdate(now) - timezone.localdate(self.places_updated_at)).days
        updated = (
            gettext("updated today")
            if days == 0
            else ngettext("updated %(days)d day ago", "updated %(days)d days ago", days)
            % {"days": days}
        )
        return f"{places} ({updated})"

    def last_checked(self) -> datetime:
        """When the editors last confirmed or changed the measure (its creation at the latest)."""
        return self.checked_at or self.created_at

    def may_be_outdated(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) - self.last_checked() > OUTDATED_AFTER

    def is_editable_by_editors(self) -> bool:
        """Submitted measures wait for the department; archived ones are finished."""
        return self.status in (self.Status.DRAFT, self.Status.PUBLISHED)

    def can_be_submitted(self) -> bool:
        return self.status == self.Status.DRAFT

    def can_be_archived(self) -> bool:
        return self.status != self.Status.ARCHIVED

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self.__dict__.pop("latest_revision", None)
        self.__dict__.pop("_latest_revisions", None)

    @cached_property
    def latest_revision(self) -> "MeasureRevision | None":
        """The newest submission of this measure (see `with_latest_revision`)."""
        if hasattr(self, "_latest_revisions"):
            return self._latest_revisions[0] if self._latest_revisions else None
        return self.revisions.order_by("-number").first()

    @property
    def waiting_revision(self) -> "MeasureRevision | None":
        """What the department has to decide on: the whole measure (while it is
        submitted) or the changes to the published one. Always the newest revision."""
        revision = self.latest_revision
        return revision if revision is not None and revision.is_waiting else None

    @property
    def sent_back_revision(self) -> "MeasureRevision | None":
        """The department's last decision, while the editors have not answered it."""
        revision = self.latest_revision
        return revision if revision is not None and revision.is_sent_back else None

    def has_changes_in_review(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.waiting_revision is not None

    def open_changes(self) -> "MeasureRevision | None":
        """The editors' unpublished changes to the published measure, waiting or
        sent back: where their next edit starts."""
        if self.status != self.Status.PUBLISHED:
            return None
        return self.waiting_revision or self.sent_back_revision


class MeasureRevision(Revision):
    """A measure submitted for review, or changes to a published one.

    For a new measure the values are empty: the department reviews the
    measure itself, which its editors cannot change while it is submitted.
    For a published measure they hold the changed fields only.
    """

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="revisions"
    )
    # The language of the page the editor submitted from: the department's
    # decision reaches her and her colleagues in the language they work in.
    language = models.CharField(
        _("language of the editor"), max_length=8, default=active_language, editable=False
    )

    class Meta(Revision.Meta):
        verbose_name = _("revision of a measure")
        verbose_name_plural = _("revisions of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "number"], name="measure_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=models.Q(status="submitted"),
                name="measure_one_revision_waiting",
            ),
        ]


class SearchAlias(models.Model):
    """A word or two that names a catalogue filter's choice, as people write it
    ("Cannstatt", "arabic", "عربي"): a search containing it applies that choice.

    The taxonomy's own names in every language count without an entry here;
    these are the other common ways of saying them.
    """

    class Filter(models.TextChoices):
        DOMAIN = "domain", _("Area of life")
        DISTRICT = "district", _("District")
        LANGUAGE = "language", _("Language")
        TARGET_GROUP = "target_group", _("Target group")
        FORMAT = "format", _("Format")

    filter = models.CharField(_("filter"), max_length=20, choices=Filter.choices)
    value = models.CharField(
        _("value"), max_length=40, help_text=_("The slug, language code or format it stands for.")
    )
    phrase = models.CharField(_("word or phrase"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("search alias")
        verbose_name_plural = _("search aliases")
        ordering = ["filter", "value", "phrase"]

    def __str__(self) -> str:
        return self.phrase


class SynonymGroup(models.Model):
    """Words that mean the same to a visitor ("Sprachkurs", "Deutschkurs",
    "language course", "dil kursu"): a search for one of them also finds
    offers with the others, after those with the word itself.

    Staff keep them in the admin; a starter set in five languages comes with
    the portal.
    """

    words = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("words"),
        help_text=_(
            "Two or more words or short phrases that mean the same, separated by "
            "commas, in any of the portal's languages: Sprachkurs, Deutschkurs, "
            "language course. A search word is compared with the whole entries."
        ),
    )

    class Meta:
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")
        ordering = ["pk"]
        indexes = [GinIndex(fields=["words"], name="synonym_group_words_gin")]

    def __str__(self) -> str:
        return ", ".join(self.words)

    def save(self, *args, **kwargs) -> None:
        self.words = self.normalised(self.words)
        super().save(*args, **kwargs)

    @staticmethod
    def normalised(words: list[str]) -> list[str]:
        """Lower case, single spaces, each word once, in the order given."""
        cleaned = (" ".join(word.split()).lower() for word in words)
        return list(dict.fromkeys(word for word in cleaned if word))

    def clean(self) -> None:
        if len(self.normalised(self.words or [])) < 2:
            raise ValidationError(
                {"words": gettext("Enter at least two different words that mean the same.")}
            )


class SearchWord(models.Model):
    """A word of the catalogue's texts, in lower case: the vocabulary that German
    compounds are split by and misspelt words are corrected to.

    Filled when a measure is saved (see `measures.vocabulary`); a word stays
    when its measure goes, which only makes a suggestion find nothing.
    """

    word = models.CharField(_("word"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        # On lower(word), which the suggestions compare: an index on the column
        # itself would also be picked for `word = ANY(...)`, where the unique
        # B-tree index is many times faster.
        indexes = [
            GinIndex(OpClass(Lower("word"), name="gin_trgm_ops"), name="search_word_trgm_gin")
        ]

    def __str__(self) -> str:
        return self.word


class UnansweredSearchQuerySet(models.QuerySet):
    def frequent(self) -> "UnansweredSearchQuerySet":
        """Searches without results in the last `KEPT_DAYS` days, asked at least
        `UnansweredSearch.SHOWN_FROM` times, most frequent first."""
        since = timezone.localdate() - timedelta(days=UnansweredSearch.KEPT_DAYS)
        return (
            self.filter(day__gte=since)
            .values("query")
            .annotate(total=models.Sum("count"), last_day=models.Max("day"))
            .filter(total__gte=UnansweredSearch.SHOWN_FROM)
            .order_by("-total", "query")
        )

    def purge(self) -> int:
        """Deletes the counts older than the dashboard shows; returns how many.
        A search may hold what a visitor typed about herself: it is not kept longer."""
        since = timezone.localdate() - timedelta(days=UnansweredSearch.KEPT_DAYS)
        deleted, _by_model = self.filter(day__lt=since).delete()
        return deleted


class UnansweredSearch(models.Model):
    """How often a search found nothing on a day: the demand the catalogue does
    not meet. Only the normalised words and the day are kept; nothing about
    who searched (no address, session or account)."""

    SHOWN_FROM = 5
    KEPT_DAYS = 30
    MAX_LENGTH = 200

    query = models.CharField(_("search"), max_length=MAX_LENGTH)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("times"), default=0)

    objects = UnansweredSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="unanswered_search_per_day")
        ]

    def __str__(self) -> str:
        return self.query

    @staticmethod
    def normalised(text: str) -> str:
        """Lower case, single-spaced: "Deutsch  Kurs" and "deutsch kurs" count together."""
        printable = "".join(char if char.isprintable() else " " for char in text)
        return " ".join(printable.casefold().split())[: UnansweredSearch.MAX_LENGTH]

    @classmethod
    def count_one(cls, text: str) -> None:
        """Counts one search for `text` that found nothing today."""
        query = cls.normalised(text)
        if not query:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO measures_unansweredsearch (query, day, count) VALUES (%s, %s, 1) "
                "ON CONFLICT (query, day) DO UPDATE "
                "SET count = measures_unansweredsearch.count + 1",
                [query, timezone.localdate()],
            )


BERLIN = ZoneInfo("Europe/Berlin")
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# A weekly series is bounded: a course longer than this is entered as
# several schedules (and a typo such as 2207 for 2027 gets a message).
LONGEST_SERIES = timedelta(days=3 * 366)


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _time(value: time) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def _time_range(start: time, end: time) -> str:
    """ "09:00–11:30" in every language. In a right-to-left sentence the range is
    isolated as left-to-right text (U+2066 … U+2069), or the bidirectional
    algorithm would show it as "11:30–09:00"."""
    text = f"{_time(start)}–{_time(end)}"
    return f"\u2066{text}\u2069" if get_language_bidi() else text


def _and(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return gettext("%(list)s and %(last)s") % {"list": ", ".join(items[:-1]), "last": items[-1]}


def day_ranges(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days folded into (first, last) periods: a school holiday is one period."""
    periods: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if periods and day - periods[-1][1] == timedelta(days=1):
            periods[-1] = (periods[-1][0], day)
        else:
            periods.append((day, day))
    return periods


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Mornings")
    AFTERNOON = "afternoon", _("Afternoons")
    EVENING = "evening", _("Evenings")
    WEEKEND = "weekend", _("At the weekend")


def session_summary(schedules: list["Schedule"]) -> tuple[list[int], list[str]]:
    """Weekdays and times of day (morning before 12:00, evening from 17:00) of the sessions."""
    days: set[int] = set()
    parts: set[str] = set()
    for schedule in schedules:
        if schedule.kind in (Schedule.Kind.WEEKLY, Schedule.Kind.DROP_IN):
            days.update(schedule.weekdays)
        elif schedule.kind == Schedule.Kind.SINGLE and schedule.valid_from:
            days.add(schedule.valid_from.weekday())
        else:
            continue
        if schedule.start_time is not None:
            if schedule.start_time < time(12):
                parts.add(TimeOfDay.MORNING)
            elif schedule.start_time < time(17):
                parts.add(TimeOfDay.AFTERNOON)
            else:
                parts.add(TimeOfDay.EVENING)
    if days & {5, 6}:
        parts.add(TimeOfDay.WEEKEND)
    return sorted(days), sorted(str(part) for part in parts)


def next_session_day(
    schedules: list["Schedule"], start_date: date | None, end_date: date | None, today: date
) -> date | None:
    """The day of the next session from `today` on (a session earlier today
    still counts): the first of the sessions with fixed times; without times,
    the start date while it lies ahead. None where no day is known: offers by
    appointment or to drop in, ongoing ones and those already begun."""
    if schedules:
        just_before_today = datetime.combine(today, time(0), tzinfo=BERLIN) - timedelta(
            microseconds=1
        )
        starts = [
            occurrence
            for schedule in schedules
            for occurrence in schedule.occurrences(after=just_before_today, count=1)
        ]
        return min(starts).astimezone(BERLIN).date() if starts else None
    if start_date is not None and start_date >= today:
        return start_date
    return None


@lru_cache(maxsize=16)
def public_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """Baden-Württemberg's public holidays of these years, worked out once per
    process (every list of offers asks for the next date of each)."""
    return frozenset(holidays.Germany(subdiv="BW", years=range(first_year, last_year + 1)))


def _week_before(start: datetime, after: datetime | None) -> datetime:
    """The start of a weekly series moved on by whole weeks to the last week
    before `after`: the same sessions from there on, without walking through
    every week since the first (a series begun a year ago: 50 steps on every
    page that names its next date). The wall-clock time stays."""
    if after is None or after <= start:
        return start
    return start + timedelta(weeks=max(0, (after - start).days // 7 - 1))


@lru_cache(maxsize=4096)
def _weekly_rule(rule: str, start: datetime):
    """The parsed recurrence rule; parsed once per rule and start, as a page
    of results reads the same series again and again.

    The rules the portal stores (`Schedule.build_rrule`) are read directly:
    dateutil's parser took 0.2 ms a rule, most of it for the date of UNTIL,
    and a page of results meets a dozen rules it has not seen before. Any
    other rule goes to dateutil's parser.
    """
    parts = dict(part.partition("=")[::2] for part in rule.split(";"))
    days = parts.get("BYDAY", "").split(",")
    if parts.keys() == {"FREQ", "BYDAY", "UNTIL"} and parts["FREQ"] == "WEEKLY":
        with suppress(ValueError):
            until = datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            if all(day in RRULE_DAYS for day in days):
                weekdays = [RRULE_DAYS.index(day) for day in days]
                return recurrence_rule(WEEKLY, byweekday=weekdays, until=until, dtstart=start)
    return rrulestr(rule, dtstart=start)


class Schedule(models.Model):
    """When a measure takes place: a weekly series (stored as an RFC 5545
    RRULE with its exception dates), a single session, or no fixed times.

    Times are wall-clock times in Berlin: a course at 9:00 stays at 9:00 when
    the clocks change.
    """

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        SINGLE = "single", _("Single session")
        APPOINTMENT = "appointment", _("By appointment")
        DROP_IN = "drop_in", _("Drop in during opening hours")

    WEEKDAY_CHOICES = [(number, WEEKDAYS[number]) for number in range(7)]

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="schedules"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WEEKLY)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES),
        verbose_name=_("weekdays"),
        default=list,
        blank=True,
    )
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    valid_from = models.DateField(
        _("first day"),
        null=True,
        blank=True,
        help_text=_("For a single session: its day. Empty: the measure's start date."),
        validators=[validate_date_in_range],
    )
    valid_until = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        help_text=_("Empty: the measure's end date."),
        validators=[validate_date_in_range],
    )
    exception_dates = ArrayField(
        models.DateField(validators=[validate_date_in_range]),
        verbose_name=_("no sessions on"),
        default=list,
        blank=True,
    )
    skips_public_holidays = models.BooleanField(_("no sessions on public holidays"), default=True)
    # The weekly series as RFC 5545 RRULE, written by save() from the fields above.
    rrule = models.CharField(_("recurrence rule"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("time")
        verbose_name_plural = _("times")
        ordering = ["valid_from", "start_time", "pk"]
        constraints = [
            in_order("start_time", "end_time", "schedule_ends_after_start", strictly=True),
            in_order("valid_from", "valid_until", "schedule_last_day_after_first"),
        ]

    def __str__(self) -> str:
        return self.describe()

    def save(self, *args, **kwargs) -> None:
        self.weekdays = sorted(set(self.weekdays))
        self.exception_dates = sorted(set(self.exception_dates))
        self.rrule = self.build_rrule()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rrule"}
        super().save(*args, **kwargs)

    @property
    def has_fixed_times(self) -> bool:
        return self.kind in (self.Kind.WEEKLY, self.Kind.SINGLE)

    def clean(self) -> None:
        """Fills the first and last day from the measure's dates and refuses
        what no calendar could show: a series without end, times the wrong
        way round, days outside the measure's dates."""
        measure = self.measure
        errors: dict[str, str] = {}
        if self.kind in (self.Kind.WEEKLY, self.Kind.DROP_IN) and not self.weekdays:
            errors["weekdays"] = gettext("Choose at least one weekday.")
        if self.has_fixed_times and self.start_time is None:
            errors["start_time"] = gettext("Enter the time the sessions start.")
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = gettext("The end time must be after the start time.")
        if self.kind != self.Kind.SINGLE:
            self.valid_from = self.valid_from or measure.start_date
        self.valid_until = self.valid_until or measure.end_date
        if self.kind == self.Kind.SINGLE:
            if self.valid_from is None:
                errors["valid_from"] = gettext("Enter the day of the session.")
            self.valid_until = self.valid_from
        if self.kind == self.Kind.WEEKLY:
            if self.valid_from is None:
                errors.setdefault("valid_from", gettext("Enter the first day of the series."))
            if self.valid_until is None:
                errors["valid_until"] = gettext(
                    "A weekly series needs a last day: enter it here or as the measure's end date."
                )
            elif self.valid_from and self.valid_until - self.valid_from > LONGEST_SERIES:
                errors["valid_until"] = gettext(
                    "A series may last three years at most. Check the year, "
                    "or enter a longer offer as several series."
                )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = gettext("The last day must not be before the first day.")
        first, last = measure.start_date, measure.end_date
        for name in ("valid_from", "valid_until"):
            day = getattr(self, name)
            if name in errors or day is None:
                continue
            if (first and day < first) or (last and day > last):
                errors[name] = gettext(
                    "The times must lie within the measure's dates (%(dates)s)."
                ) % {"dates": f"{_day(first) if first else '…'} – {_day(last) if last else '…'}"}
        first_day, last_day = self.valid_from, self.valid_until
        outside = [
            day
            for day in self.exception_dates
            if first_day and last_day and not first_day <= day <= last_day
        ]
        if outside:
            errors["exception_dates"] = gettext("These days are outside the series: %(days)s.") % {
                "days": ", ".join(_day(day) for day in outside)
            }
        if errors:
            raise ValidationError(errors)

    def first_start(self) -> datetime | None:
        """The start of the first session, aware in Berlin time."""
        if not self.has_fixed_times or self.valid_from is None or self.start_time is None:
            return None
        return datetime.combine(self.valid_from, self.start_time, tzinfo=BERLIN)

    def duration(self) -> timedelta | None:
        if self.start_time is None or self.end_time is None:
            return None
        return datetime.combine(date.min, self.end_time) - datetime.combine(
            date.min, self.start_time
        )

    def build_rrule(self) -> str:
        """RRULE of a weekly series; UNTIL in UTC, as RFC 5545 requires with a TZID start."""
        if self.kind != self.Kind.WEEKLY or not self.weekdays or self.valid_until is None:
            return ""
        start_time = self.start_time or time(0)
        until = datetime.combine(self.valid_until, start_time, tzinfo=BERLIN).astimezone(
            ZoneInfo("UTC")
        )
        days = ",".join(RRULE_DAYS[day] for day in sorted(set(self.weekdays)))
        return f"FREQ=WEEKLY;BYDAY={days};UNTIL={until:%Y%m%dT%H%M%SZ}"

    def excluded_days(self) -> list[date]:
        """The exception dates, and Baden-Württemberg's public holidays in the series."""
        days = set(self.exception_dates)
        if self.skips_public_holidays and self.kind == self.Kind.WEEKLY and self.valid_from:
            last = self.valid_until or self.valid_from
            public = public_holidays(self.valid_from.year, last.year)
            days.update(day for day in public if self.valid_from <= day <= last)
        return sorted(days)

    def occurrences(
        self,
        after: datetime | None = None,
        count: int | None = None,
        before: datetime | None = None,
    ) -> list[datetime]:
        """Starts of the sessions (aware, Berlin), the first `count` after `after`
        and before `before`."""
        start = self.first_start()
        if start is None:
            return []
        if self.kind == self.Kind.SINGLE:
            series = [start]
        else:
            rules = rruleset()
            rules.rrule(_weekly_rule(self.rrule or self.build_rrule(), _week_before(start, after)))
            for day in self.excluded_days():
                rules.exdate(datetime.combine(day, self.start_time, tzinfo=BERLIN))
            series = rules
        found = []
        for occurrence in series:
            if after is not None and occurrence <= after:
                continue
            if before is not None and occurrence >= before:
                break
            found.append(occurrence)
            if count is not None and len(found) >= count:
                break
        return found

    def hours_between(self, after: datetime, before: datetime) -> float | None:
        """Hours of the sessions starting between `after` and `before`; `None`
        where the schedule gives no start and end time to count."""
        duration = self.duration()
        if duration is None or not self.has_fixed_times:
            return None
        sessions = len(self.occurrences(after=after, before=before))
        return sessions * duration.total_seconds() / 3600

    def last_day(self) -> date | None:
        return self.valid_until if self.kind != self.Kind.SINGLE else self.valid_from

    def describe(self) -> str:
        """The schedule in a sentence of the active language:
        "Tue and Thu, 9:00–11:30, from 12 Jan 2027 to 26 Mar 2027, not on public holidays"."""
        if self.kind == self.Kind.APPOINTMENT:
            return gettext("By appointment")
        parts = []
        days = _and([str(WEEKDAYS_ABBR[day]) for day in sorted(self.weekdays)])
        if self.kind == self.Kind.SINGLE and self.valid_from:
            parts.append(_day(self.valid_from))
        elif self.kind == self.Kind.DROP_IN:
            parts.append(gettext("Drop in: %(days)s") % {"days": days} if days else "")
        else:
            parts.append(days)
        if self.start_time and self.end_time:
            parts.append(_time_range(self.start_time, self.end_time))
        elif self.start_time:
            parts.append(gettext("from %(time)s") % {"time": _time(self.start_time)})
        if self.kind != self.Kind.SINGLE and self.valid_from and self.valid_until:
            parts.append(
                gettext("from %(first)s to %(last)s")
                % {"first": _day(self.valid_from), "last": _day(self.valid_until)}
            )
        elif self.kind != self.Kind.SINGLE and self.valid_until:
            parts.append(gettext("until %(last)s") % {"last": _day(self.valid_until)})
        if self.kind == self.Kind.WEEKLY and self.skips_public_holidays:
            parts.append(gettext("not on public holidays"))
        if self.exception_dates:
            periods = [
                _day(first) if first == last else f"{_day(first)} – {_day(last)}"
                for first, last in day_ranges(self.exception_dates)
            ]
            parts.append(
                ngettext("no session on %(days)s", "no sessions on %(days)s", len(periods))
                % {"days": _and(periods)}
            )
        return ", ".join(part for part in parts if part)


class ComparisonCity(models.Model):
    """Another city whose HSDS feed was imported to compare coverage with:
    kept apart from the catalogue, written only by `import_hsds_comparison`."""

    name = models.CharField(_("city"), max_length=120, unique=True)
    population = models.PositiveIntegerField(_("residents"))
    source = models.CharField(_("source of the feed"), max_length=500)
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("comparison city")
        verbose_name_plural = _("comparison cities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ComparisonService(models.Model):
    """A service of another city's feed, with the life domains its taxonomy terms name."""

    city = models.ForeignKey(
        ComparisonCity,
        verbose_name=_("city"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    hsds_id = models.CharField(_("identifier in the feed"), max_length=200)
    name = models.CharField(_("name"), max_length=500)
    life_domains = models.ManyToManyField(
        LifeDomain, verbose_name=_("life domains"), related_name="+", blank=True
    )

    class Meta:
        verbose_name = _("service of a comparison city")
        verbose_name_plural = _("services of comparison cities")
        constraints = [
            models.UniqueConstraint(fields=["city", "hsds_id"], name="comparison_service_unique_id")
        ]

    def __str__(self) -> str:
        return self.name
