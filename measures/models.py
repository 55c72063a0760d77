from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import validate_date_in_range
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.translation import LocalizedText, localized
from partners.models import Partner, public_partner
from partners.revisions import Revision


class PortalUnaccent(models.Func):
    """`portal_unaccent(text)`: the IMMUTABLE wrapper around `unaccent` created by
    migration 0001, usable in generated columns and indexes."""

    function = "portal_unaccent"
    output_field = models.TextField()


def _weighted(config: str, language: str) -> SearchVector:
    def text(kind: str) -> object:
        # Ukrainian has no stemmer in PostgreSQL: its words are indexed as
        # written, without accents (the query is unaccented the same way).
        column = f"{kind}_{language}"
        return PortalUnaccent(column) if config == "simple" else column

    return (
        SearchVector(text("title"), config=config, weight="A")
        + SearchVector(text("summary"), config=config, weight="B")
        + SearchVector(text("description"), config=config, weight="C")
    )


# The text search configuration of each language's texts.
SEARCH_CONFIG_OF_LANGUAGE = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ar": "arabic",
    "uk": "simple",
}


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
            status=Measure.Status.PUBLISHED,
        )

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
        """What a list of measures shows, in a fixed number of queries."""
        return self.select_related("provider").prefetch_related("districts")

    def for_detail(self) -> "MeasureQuerySet":
        """What a measure's page shows, in four queries: the measure with its
        provider and the names of its districts and public co-operating
        partners, then its life domains, target groups and languages."""
        districts = District.objects.filter(measures=models.OuterRef("pk")).order_by("name")
        partners = Partner.objects.public().filter(cooperations=models.OuterRef("pk"))
        return (
            self.select_related("provider")
            .annotate(
                district_names=ArraySubquery(districts.values("name")),
                cooperating_partner_names=ArraySubquery(partners.order_by("name").values("name")),
            )
            .prefetch_related("life_domains", "target_groups", "languages")
        )


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_queryset(self) -> MeasureQuerySet:
        # The stored search vector is large and only ever read by PostgreSQL itself.
        return super().get_queryset().defer("search_vector", "title_normalised")


class Measure(models.Model):
    """An offer of an alliance partner: a course, counselling, an event, a group."""

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
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_info = models.TextField(_("how to register"), blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True, validators=[validate_date_in_range]
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
        _("schedule"),
        max_length=300,
        blank=True,
        help_text=_("For example: every Tuesday 9:00–11:30, not in the school holidays"),
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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The parts of the German texts' compounds ("Kinderbetreuung": "kinder
    # betreuung"), set on saving (see `measures.vocabulary`).
    search_compound_parts = models.TextField(editable=False, blank=True, default="")

    # Each language's texts with its own stemming: German (it folds umlauts
    # and ß, so "Mutter" finds "Mütter"), English, Turkish, Arabic; Ukrainian
    # as written, without accents.
    search_vector = models.GeneratedField(
        expression=_weighted("german", "de")
        + _weighted("english", "en")
        + _weighted("turkish", "tr")
        + _weighted("arabic", "ar")
        + _weighted("simple", "uk")
        + SearchVector("search_compound_parts", config="german", weight="C"),
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
            # The catalogue's default order (by date): a page of published
            # measures is read off the index instead of sorting them all.
            models.Index(
                models.F("start_date").asc(nulls_first=True),
                models.F("title_de"),
                models.F("id"),
                name="measure_catalogue_order_idx",
                condition=models.Q(status="published"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="measure_ends_after_start",
            ),
        ]

    SEARCHED_TEXT_FIELDS = tuple(
        f"{kind}_{language}"
        for kind in ("title", "summary", "description")
        for language in SEARCH_CONFIG_OF_LANGUAGE
    )

    def __str__(self) -> str:
        return self.title_de

    def save(self, *args, **kwargs) -> None:
        """Keeps the catalogue's vocabulary and the parts of German compounds current."""
        from . import vocabulary

        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(self.SEARCHED_TEXT_FIELDS):
            vocabulary.record(vocabulary.words_of(self.searched_text()))
            self.search_compound_parts = vocabulary.compound_parts(self.searched_text("_de"))
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "search_compound_parts"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", kwargs={"slug": self.slug})

    def searched_text(self, language: str | None = None) -> str:
        """The texts search looks at, of one language or of all."""
        fields = [
            name
            for name in self.SEARCHED_TEXT_FIELDS
            if language is None or name.endswith(language)
        ]
        return " ".join(getattr(self, name) for name in fields)

    @property
    def title(self) -> LocalizedText:
        return localized(self, "title")

    @property
    def summary(self) -> LocalizedText:
        return localized(self, "summary")

    @property
    def description(self) -> LocalizedText:
        return localized(self, "description")

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
