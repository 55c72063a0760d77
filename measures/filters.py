"""The catalogue's filters, shared by the public pages and the open data API.

Every parameter may be wrong (an old bookmark, a typo, an attack): unknown
choices are dropped, malformed values are ignored, and the view tells the
visitor which ones. Repeating a parameter means OR within that filter.
"""

import copy
import html
from dataclasses import dataclass, field
from functools import partial

import django_filters
from django import forms
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from integration_portal.dates import DateInRangeField, out_of_range_message
from integration_portal.filters import Facet, FacetChoice
from integration_portal.models import District, Language, LifeDomain, TargetGroup
from integration_portal.prepared import PreparedQuery, as_prefetched
from integration_portal.translation import FALLBACK_LANGUAGE, active_language
from partners.models import Partner

from .caching import kept_per_version, shared_result
from .facets import CHOICE_FACETS, DESCRIBED, FLAG_COLUMNS, VALUE_FACETS, facet_counts
from .models import Measure, MeasureQuerySet, Schedule, TimeOfDay
from .query_words import Understanding, UnderstoodWord, phrase_table, understand
from .search import MAX_QUERY_LENGTH, Search, clean_query

PAGE_SIZE = 20


@dataclass
class WayOut:
    """What the catalogue suggests when a choice finds nothing."""

    text: str = ""  # the filter to remove
    query: str = ""  # the query string without it
    count: int = 0  # the offers found without it
    domains: list = field(default_factory=list)  # life domains with offers


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the known values and remembers the unknown ones instead of failing."""

    def __deepcopy__(self, memo: dict) -> "LenientMultipleChoiceField":
        # Each form copies its fields; the choices (every district, language,
        # provider …) are made anew for each filter set and never changed in
        # place, so the copies share them (copying them took 3 ms a page).
        result = forms.Field.__deepcopy__(self, memo)
        result._choices = self._choices
        return result

    def clean(self, value: object) -> list[str]:
        values = [str(item) for item in self.to_python(value)]
        self.unknown_values = [item for item in values if not self.valid_value(item)]
        return [item for item in values if self.valid_value(item)]


class AnyOfFilter(django_filters.MultipleChoiceFilter):
    """Measures related to any of the chosen slugs or codes."""

    field_class = LenientMultipleChoiceField

    def __init__(self, *args, lookup: str, **kwargs) -> None:
        self.lookup = lookup
        super().__init__(*args, **kwargs)

    def filter(self, qs: MeasureQuerySet, value: list[str]) -> MeasureQuerySet:
        if not value:
            return qs
        if self.parent and self.field_name in self.parent.choice_objects:
            # slugs or codes of districts, languages …
            return self.filter_by_key(qs, self.parent.keys_of(self.field_name, value))
        return qs.filter(**{f"{self.lookup}__in": value})

    def filter_by_key(self, qs: MeasureQuerySet, keys: list[int]) -> MeasureQuerySet:
        """Measures related to any of the objects with these primary keys.

        The link table's own column is compared, not the slug of the table it
        links to: PostgreSQL then knows how many measures each choice has and
        narrows by the rarest choice first (a district and a language of
        10,000 measures: 1 ms instead of 4.5 ms, which joined every link of
        the district's measures to the languages' table to read their codes).
        """
        field = Measure._meta.get_field(self.lookup.partition("__")[0])
        if not field.many_to_many:  # one per measure: the measure's own column
            return qs.filter(**{f"{field.attname}__in": keys})
        # A subquery on the link table rather than a join keeps each measure
        # once in the results.
        matching = field.remote_field.through.objects.filter(
            **{f"{field.m2m_reverse_field_name()}__in": keys}
        ).values(field.m2m_field_name())
        return qs.filter(pk__in=matching)


class AnyOfArrayFilter(AnyOfFilter):
    """Measures whose array column shares any of the chosen values."""

    def __init__(self, *args, convert=str, **kwargs) -> None:
        self.convert = convert
        super().__init__(*args, **kwargs)

    def filter(self, qs: MeasureQuerySet, value: list[str]) -> MeasureQuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.lookup}__overlap": [self.convert(item) for item in value]})


class FlagFilter(django_filters.BooleanFilter):
    """`free=1` and the like: only a set flag narrows the results."""

    field_class = forms.BooleanField

    def __init__(self, *args, condition: Q, **kwargs) -> None:
        self.condition = condition
        super().__init__(*args, required=False, **kwargs)

    def filter(self, qs: MeasureQuerySet, value: bool | None) -> MeasureQuerySet:
        return qs.filter(self.condition) if value else qs


class DateInRangeFilter(django_filters.DateFilter):
    """An ISO date within the portal's range (2000–2100); others are ignored and explained."""

    field_class = DateInRangeField


# parameter → the yes/no field it requires
FLAGS = {name: Q(**{column: True}) for name, column in FLAG_COLUMNS.items()}


# One choice of a facet in the catalogue's form: name, value, id, checked, label, count.
CHECKBOX = (
    '<div class="kern-form-check">'
    '<input class="kern-form-check__checkbox" type="checkbox" name="{0}" value="{1}" id="{2}"{3}>'
    '<label class="kern-label" for="{2}"><bdi>{4}</bdi> <span class="facet__count">({5})</span>'
    "</label>"
    "</div>"
)
# Facets shown unfolded even when nothing is chosen in them.
OPEN_FACETS = ("domain", "district")


def _escaped(text: object) -> str:
    """`text` for HTML, as `conditional_escape` gives it."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


def _checkboxes(choices: list[FacetChoice], name: str | None = None) -> SafeString:
    """The checkboxes of a facet's choices; without `name`, each choice is a
    yes/no filter of its own (`free=1`). Every text escaped, as `format_html`
    would (which took a fifth of a catalogue page's Python for its hundred
    checkboxes)."""
    rows = []
    for choice in choices:
        value = _escaped(choice.value)
        rows.append(
            CHECKBOX.format(
                _escaped(name) if name else value,
                value if name else "1",
                f"f-{_escaped(name)}-{value}" if name else f"f-{value}",
                " checked" if choice.selected else "",
                _escaped(choice.label),
                int(choice.count),
            )
        )
    return SafeString("\n".join(rows))


class CatalogueForm(forms.Form):
    """The filter form; in the catalogue, words of the search that name a
    filter's choice become that choice (see `query_words`)."""

    understanding: Understanding | None = None
    phrase_table = None  # callable giving the known phrases, set by the filterset

    def clean(self) -> dict:
        cleaned = super().clean()
        text = cleaned.get("q") or ""
        if text and self.phrase_table is not None:
            understanding = understand(clean_query(text), self.phrase_table())
            understanding.understood = [
                (start, end, word)
                for start, end, word in understanding.understood
                if self.fields[word.filter].valid_value(word.value)
            ]
            if understanding.understood:
                self.understanding = understanding
                cleaned["q"] = understanding.text_without()
                for word in understanding.choices:
                    chosen = cleaned.get(word.filter) or []
                    if word.value not in chosen:
                        cleaned[word.filter] = [*chosen, word.value]
        return cleaned


SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("date", _("Next date")),
    ("title", _("Title")),
    ("new", _("Newest first")),
]


@kept_per_version
def choice_objects() -> dict[str, dict[str, object]]:
    """The choices of the linked facets and the provider: {facet: {slug or code: object}}."""
    return {
        "domain": {domain.slug: domain for domain in LifeDomain.objects.all()},
        "district": {district.slug: district for district in District.objects.all()},
        "language": {language.code: language for language in Language.objects.all()},
        "target_group": {group.slug: group for group in TargetGroup.objects.all()},
        "partner": {
            partner.slug: partner for partner in Partner.objects.public().only("pk", "slug", "name")
        },
    }


@kept_per_version
def choice_phrases() -> dict[str, tuple[str, str]]:
    """What each filter's choices are called, in every language (`phrase_table`)."""
    fields = {
        "domain": ["name_de", "name_en", "name_tr", "name_ar", "name_uk"],
        "district": ["name"],
        "language": ["name_de", "name_en", "native_name"],
        "target_group": ["name_de", "name_en", "name_tr", "name_ar", "name_uk"],
    }
    objects = choice_objects()
    names = {
        name: {
            key: [getattr(obj, attribute) for attribute in attributes]
            for key, obj in objects[name].items()
        }
        for name, attributes in fields.items()
    }
    return phrase_table(names)


# interface language → (the choices the form was made with, the form class)
_FORM_CLASSES: dict[str, tuple[dict, type[CatalogueForm]]] = {}


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label=_("Search term"))
    domain = AnyOfFilter(lookup="life_domains__slug", label=_("Area of life"))
    district = AnyOfFilter(lookup="districts__slug", label=_("District"))
    language = AnyOfFilter(lookup="languages__code", label=_("Language"))
    target_group = AnyOfFilter(lookup="target_groups__slug", label=_("Target group"))
    partner = AnyOfFilter(lookup="provider__slug", label=_("Provider"))
    format = AnyOfFilter(lookup="format", label=_("Format"), choices=Measure.Format.choices)
    level = AnyOfFilter(
        lookup="german_level_needed",
        label=_("German level (needed)"),
        choices=Measure.GermanLevel.choices,
    )
    weekday = AnyOfArrayFilter(
        lookup="session_days",
        convert=int,
        label=_("Weekday"),
        choices=[(str(day), label) for day, label in Schedule.WEEKDAY_CHOICES],
    )
    time_of_day = AnyOfArrayFilter(
        lookup="session_times", label=_("Time of day"), choices=TimeOfDay.choices
    )
    course_type = AnyOfFilter(
        lookup="course_type", label=_("Type of German course"), choices=Measure.CourseType.choices
    )
    free = FlagFilter(condition=FLAGS["free"], label=_("Free of charge"))
    childcare = FlagFilter(condition=FLAGS["childcare"], label=_("With childcare"))
    accessible = FlagFilter(condition=FLAGS["accessible"], label=_("Wheelchair accessible"))
    online = FlagFilter(condition=FLAGS["online"], label=_("Online"))
    places = FlagFilter(condition=FLAGS["places"], label=_("Places free"))
    under_3 = FlagFilter(condition=FLAGS["under_3"], label=_("Childcare for children under 3"))
    registration_open = FlagFilter(
        condition=FLAGS["registration_open"], label=_("Registration open")
    )
    described = FlagFilter(
        condition=Q(), method="filter_described", label=_("Described in my language")
    )
    date_from = DateInRangeFilter(method="filter_date_from", label=_("From"))
    date_to = DateInRangeFilter(method="filter_date_to", label=_("Until"))
    sort = django_filters.ChoiceFilter(
        method="filter_nothing", choices=SORT_CHOICES, label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Measure
        fields = []
        form = CatalogueForm

    def __init__(
        self,
        data=None,
        queryset: MeasureQuerySet | None = None,
        *,
        understand_words: bool = False,
        **kwargs,
    ) -> None:
        # "Described in my language" reads the description of the visitor's language.
        self.language = active_language()
        self.own_queryset = queryset is None
        queryset = (queryset or Measure.objects.visible()).with_descriptions()
        super().__init__(data, queryset=queryset, **kwargs)
        self.understand_words = understand_words
        self.search: Search | None = None
        self._shared_numbers: dict | None = None
        self.choice_objects = choice_objects()
        for name, objects in self.choice_objects.items():
            self.filters[name].extra["choices"] = [
                (key, str(obj.name)) for key, obj in objects.items()
            ]

    def get_form_class(self) -> type[CatalogueForm]:
        # The form's fields hold every district, language, provider … in the
        # visitor's language: made once per language while the choices stay
        # the same (making them took a third of a filter set's 3 ms).
        kept = _FORM_CLASSES.get(self.language)
        if kept is None or kept[0] is not self.choice_objects:
            kept = (self.choice_objects, super().get_form_class())
            _FORM_CLASSES[self.language] = kept
        return kept[1]

    @property
    def form(self) -> CatalogueForm:
        form = super().form
        if self.understand_words and form.phrase_table is None:
            form.phrase_table = self._phrase_table
        return form

    def _phrase_table(self) -> dict[str, tuple[str, str]]:
        return choice_phrases()

    @property
    def understood(self) -> list[UnderstoodWord]:
        """The search's words that were taken as filter choices."""
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        understanding = self.form.understanding
        return understanding.choices if understanding else []

    # Filtering

    def filter_search(self, qs: MeasureQuerySet, name: str, value: str) -> MeasureQuerySet:
        if not value:
            return qs
        if self.search is None:
            self.search = Search.for_text(value)
        return self.search.apply(qs)

    def filter_date_from(self, qs: MeasureQuerySet, name: str, value) -> MeasureQuerySet:
        return qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=value))

    def filter_date_to(self, qs: MeasureQuerySet, name: str, value) -> MeasureQuerySet:
        return qs.filter(Q(start_date__isnull=True) | Q(start_date__lte=value))

    def filter_described(self, qs: MeasureQuerySet, name: str, value: bool | None):
        return qs.filter(**{f"described_{self.language}": True}) if value else qs

    def filter_nothing(self, qs: MeasureQuerySet, name: str, value: str) -> MeasureQuerySet:
        return qs

    def filter_queryset(self, queryset: MeasureQuerySet) -> MeasureQuerySet:
        return self._filtered(queryset, excluding=())

    def _filtered(self, queryset: MeasureQuerySet, excluding: tuple[str, ...]) -> MeasureQuerySet:
        for name, value in self.form.cleaned_data.items():
            if name not in excluding:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def queryset_without(self, *names: str) -> MeasureQuerySet:
        """The results as if the filters `names` were not set (for facet counts)."""
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        return self._filtered(self.queryset.all(), excluding=names)

    # What the catalogue shows besides the results

    def _sort(self) -> str:
        """The order of the results: relevance (of a search), title, new or date."""
        sort = self.form.cleaned_data.get("sort") or ""
        searching = bool(self.search and self.search.terms)
        if sort in ("title", "new") or (sort in ("", "relevance") and searching):
            return sort or "relevance"
        return "date"

    @staticmethod
    def _ordered(results: MeasureQuerySet, sort: str) -> MeasureQuerySet:
        if sort == "relevance":
            return results.order_by(
                "-words_matched", "-exact_words", "-search_rank", "title_de", "pk"
            )
        if sort == "title":
            return results.order_by("title_de", "pk")
        if sort == "new":
            return results.order_by("-created_at", "pk")
        # Offers by the day of their next session, then the ongoing ones.
        return results.order_by(F("next_session_on").asc(nulls_last=True), "title_de", "pk")

    def sorted_results(self) -> MeasureQuerySet:
        results = self.qs
        return self._ordered(results, self._sort())

    def listed(self, offset: int) -> list[Measure] | MeasureQuerySet:
        """A page of the results as the catalogue lists them, from `offset` on.

        The list of a choice of filters is a prepared query (see
        `integration_portal.prepared`): its SQL is built once per choice of
        the same filters (two areas of life and a district, say) and page,
        and PostgreSQL keeps its plan in the connection once it has seen it
        a few times; building, compiling and planning the query took longer
        than running it. A search and dates are left to queries built and
        planned for their values (a search's plan depends on its words).
        """
        shape = self._list_shape()
        if shape is None:
            return self.sorted_results().for_listing()[offset : offset + PAGE_SIZE]
        choices, values = shape
        key = (offset, self._sort(), choices)
        query = _LISTS.get(key)
        if query is None:
            if len(_LISTS) >= KEPT_LISTS:
                _LISTS.clear()
            query = _LISTS[key] = PreparedQuery(
                partial(_list_of, key),
                **{name: type(value) for name, value in values.items()},
            )
        measures = query.all(**values)
        times: dict[int, list] = {measure.pk: [] for measure in measures}
        for schedule in LISTED_TIMES.all(measures=list(times)) if measures else []:
            times[schedule.measure_id].append(schedule)
        for measure in measures:
            as_prefetched(measure, "schedules", times[measure.pk])
        return measures

    def keys_of(self, name: str, values: list[str]) -> list[int]:
        """The primary keys of the districts, languages … chosen by slug or code."""
        objects = self.choice_objects[name]
        return [objects[value].pk for value in values]

    def _list_shape(self) -> tuple[tuple, dict[str, int | str]] | None:
        """The filters chosen, with the number of values of each one that
        chooses among objects or codes (their places in the query) and the
        values of the others (a weekday, a set flag); and by place, the
        primary keys of the objects chosen (districts, languages …) and the
        codes (a format). None for a search, dates, or results of a queryset
        given."""
        if not self.own_queryset:
            return None
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        choices, values = [], {}
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", [], False):
                continue
            if name in ("q", "date_from", "date_to"):
                return None
            if name in self.choice_objects:  # by primary key, see `AnyOfFilter.filter_by_key`
                choices.append((name, len(value), None))
                keys = self.keys_of(name, value)
                values |= {f"{name}{number}": key for number, key in enumerate(keys)}
            elif type(self.filters[name]) is AnyOfFilter:
                choices.append((name, len(value), None))
                values |= {f"{name}{number}": item for number, item in enumerate(value)}
            else:
                choices.append((name, 0, tuple(value) if isinstance(value, list) else value))
        return tuple(choices), values

    def facets(self) -> list[Facet]:
        """Each choice with the number of results it would give.

        A filter's own choices are counted without that filter, so the count
        beside a choice is what the visitor gets when she picks it. Each facet
        carries its checkboxes as HTML (`checkboxes`), built here once: a
        catalogue page has a few hundred of them.
        """
        counts = self._counts()
        facets = []
        for name in CHOICE_FACETS:
            selected = set(self.form.cleaned_data.get(name) or [])
            facet = Facet(name, self.filters[name].label)
            for value, label in self.filters[name].extra["choices"]:
                count = counts[name].get(value, 0)
                if count or value in selected:
                    facet.choices.append(FacetChoice(value, label, count, value in selected))
            facet.open = name in OPEN_FACETS or bool(selected)
            facet.checkboxes = _checkboxes(facet.choices, name)
            facets.append(facet)
        return facets

    def flag_facet(self) -> Facet:
        """Counts for the yes/no filters, with their checkboxes as HTML."""
        counts = self._counts()
        facet = Facet("flags", _("Features"), open=True)
        for name in FLAGS:
            facet.choices.append(
                FacetChoice(
                    name,
                    self.filters[name].label,
                    counts["flags"].get(name, 0),
                    bool(self.form.cleaned_data.get(name)),
                )
            )
        if self.language != FALLBACK_LANGUAGE:  # every measure is described in German
            facet.choices.append(
                FacetChoice(
                    DESCRIBED,
                    self.filters[DESCRIBED].label,
                    counts[DESCRIBED].get(self.language, 0),
                    bool(self.form.cleaned_data.get(DESCRIBED)),
                )
            )
        facet.checkboxes = _checkboxes(facet.choices)
        return facet

    def _numbers(self) -> dict:
        """The facet counts and the number of results of this choice, computed
        once for everyone: the page, the order and the visitor's language do
        not change them."""
        if self._shared_numbers is None:
            self._shared_numbers = shared_result("numbers", self._choice(), self._count_all)
        return self._shared_numbers

    def _count_all(self) -> dict:
        counts = self._facet_counts()
        return {"results": counts.pop("total")[""], "facets": counts}

    def _facet_counts(self) -> dict[str, dict[str, int]]:
        """The facet counts keyed by the parameters' values (slugs, codes), and
        the number of results as "total"."""
        cleaned = self.form.cleaned_data
        chosen = {}
        for name in CHOICE_FACETS:
            values = cleaned.get(name) or []
            chosen[name] = self.keys_of(name, values) if name in self.choice_objects else values
        counts = facet_counts(
            self.queryset_without(*CHOICE_FACETS, *FLAG_COLUMNS, DESCRIBED),
            chosen,
            [flag for flag in FLAG_COLUMNS if cleaned.get(flag)],
            described_in=self.language if cleaned.get(DESCRIBED) else None,
            prepare=not cleaned.get("q"),
        )
        for name, objects in self.choice_objects.items():
            keys = {obj.pk: key for key, obj in objects.items()}
            counts[name] = {keys[pk]: count for pk, count in counts[name].items() if pk in keys}
        return counts

    def _counts(self) -> dict[str, dict[str, int]]:
        return self._numbers()["facets"]

    def result_count(self) -> int:
        return self._numbers()["results"]

    def _choice(self) -> tuple:
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        chosen = []
        for name, value in sorted(self.form.cleaned_data.items()):
            if name == "sort" or value in (None, "", [], False):
                continue
            if name == DESCRIBED:
                value = self.language  # the results depend on the visitor's language
            chosen.append((name, sorted(value) if isinstance(value, list) else value))
        return tuple(chosen)

    def choice_count(self) -> int:
        """How many choices narrow the results: each value of a filter, a
        search term, a date and a set flag count one."""
        return sum(len(value) if isinstance(value, list) else 1 for _name, value in self._choice())

    def notes(self) -> list[str]:
        """What the visitor asked for but did not get, in her words."""
        self.errors  # noqa: B018 -- validates the form, which fills cleaned_data
        notes = []
        for name, form_field in self.form.fields.items():
            label = self.filters[name].label
            unknown = list(getattr(form_field, "unknown_values", []))
            if name in self.form.errors:
                unknown = self.data.getlist(name)
                codes = {error.code for error in self.form.errors.as_data()[name]}
                if "date_out_of_range" in codes:
                    notes.append(
                        _("%(filter)s: “%(values)s” was ignored. %(reason)s")
                        % {
                            "filter": label,
                            "values": clean_query(", ".join(unknown))[:80],
                            "reason": out_of_range_message(),
                        }
                    )
                    continue
            if unknown:
                notes.append(
                    _("%(filter)s: “%(values)s” is not a valid choice and was ignored.")
                    % {"filter": label, "values": clean_query(", ".join(unknown))[:80]}
                )
        first, last = self.form.cleaned_data.get("date_from"), self.form.cleaned_data.get("date_to")
        if first and last and first > last:
            notes.append(
                _(
                    "The date “from” (%(first)s) is after the date “until” (%(last)s). "
                    "Please swap the dates."
                )
                % {
                    "first": date_format(first, "SHORT_DATE_FORMAT"),
                    "last": date_format(last, "SHORT_DATE_FORMAT"),
                }
            )
        if len(self.form.cleaned_data.get("q") or "") > MAX_QUERY_LENGTH:
            notes.append(
                _("Only the first %(count)d characters of your search term were used.")
                % {"count": MAX_QUERY_LENGTH}
            )
        return notes

    def suggestion_query(self) -> str:
        """The query string of the search with its misspelt words corrected."""
        if not (self.search and self.search.suggestion):
            return ""
        understood = [word.phrase for word in self.understood] if self.understand_words else []
        remaining = self.data.copy()
        remaining.pop("page", None)
        remaining["q"] = " ".join([self.search.suggestion, *understood])
        return remaining.urlencode()

    def active_filters(self) -> list[tuple[str, str]]:
        """(what is set, query string without it): links that remove one filter each.

        A choice taken from a word of the search is removed by leaving out that word.
        """
        return [(text, query) for text, query, _name in self._chips()]

    def filter_count(self) -> int:
        """How many filter choices are set (the search's words not counted)."""
        return sum(1 for _text, _query, name in self._chips() if name != "q")

    def way_out(self) -> "WayOut":
        """For a choice without results: the filter whose removal gives the most
        offers (with their number), and life domains that have offers for the
        search's words (all, without words)."""
        way_out = WayOut()
        for text, query, name in self._chips():
            values = self.form.cleaned_data.get(name)
            if isinstance(values, list) and len(values) > 1:
                continue  # its link removes one of the values, not the filter
            count = self.queryset_without(name).count()
            if count > way_out.count:
                way_out.text, way_out.query, way_out.count = text, query, count
        others = [name for name in self.form.cleaned_data if name not in ("q", "sort")]
        words_only = self.queryset_without(*others).values("pk")
        domains = LifeDomain.objects.filter(measures__in=words_only).annotate(
            found=Count("measures", distinct=True)
        )
        way_out.domains = list(domains.filter(found__gt=0).order_by("-found", "order")[:4])
        return way_out

    def _chips(self) -> list[tuple[str, str, str]]:
        """(what is set, query string without it, the filter's name)."""
        understanding = self.form.understanding if self.understand_words else None
        from_words = {
            (word.filter, word.value): word
            for word in (understanding.choices if understanding else [])
            if word.value not in self.data.getlist(word.filter)
        }
        chosen = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", [], False):
                continue
            if name in self.choice_objects or name in VALUE_FACETS:
                labels = dict(self.filters[name].extra["choices"])
                for item in value:
                    chosen.append((f"{self.filters[name].label}: {labels[item]}", name, item))
            elif name in FLAGS or name == DESCRIBED:
                chosen.append((str(self.filters[name].label), name, None))
            elif name == "q":
                chosen.append((f"{self.filters[name].label}: {value}", name, None))
            elif name in ("date_from", "date_to"):
                shown = date_format(value, "SHORT_DATE_FORMAT")
                chosen.append((f"{self.filters[name].label}: {shown}", name, None))
            else:
                shown = clean_query(str(self.data.get(name)))
                chosen.append((f"{self.filters[name].label}: {shown}", name, None))
        links = []
        for text, name, item in chosen:
            remaining = self.data.copy()
            remaining.pop("page", None)
            word = from_words.get((name, item))
            if word is not None:
                remaining["q"] = understanding.text_without(word)
            elif name == "q" and understanding:
                # the words taken as choices stay, and so do those choices
                remaining["q"] = " ".join(w.phrase for w in understanding.choices)
            elif item is None:
                remaining.pop(name, None)
            else:
                remaining.setlist(name, [v for v in remaining.getlist(name) if v != item])
            if "q" in remaining and not remaining["q"]:
                remaining.pop("q")
            links.append((text, remaining.urlencode(), name))
        return links


# The catalogue's lists by choice of filters and page (see `MeasureFilter.listed`).
_LISTS: dict[tuple, PreparedQuery] = {}
KEPT_LISTS = 200


def _list_of(key: tuple, **values: str) -> MeasureQuerySet:
    """The page of results of a choice of filters, `values` in their places."""
    offset, sort, choices = key
    filterset = MeasureFilter()
    results = filterset.queryset
    for name, count, value in choices:
        if value is None:
            value = [values[f"{name}{number}"] for number in range(count)]
            if name in filterset.choice_objects:
                results = filterset.filters[name].filter_by_key(results, value)
                continue
        results = filterset.filters[name].filter(results, value)
    listing = MeasureFilter._ordered(results, sort).for_listing().prefetch_related(None)
    return listing[offset : offset + PAGE_SIZE]


# The times of a page of measures, read with them (see `MeasureFilter.listed`).
LISTED_TIMES = PreparedQuery(
    lambda measures: Schedule.objects.filter(
        measure_id__in=RawSQL("SELECT unnest(%s::bigint[])", (measures,))
    ),
    measures=list,
)


class _FilterCopies(dict):
    """The filters of the class, which django-filter deep-copies for every
    filter set: their conditions (`Q`), choices and labels, copied anew on
    every catalogue page, took a third of a filter set's making. Each filter
    set gets a copy of each filter of its own (its parent, its choices) that
    shares what no filter set changes."""

    def __deepcopy__(self, memo: dict) -> dict:
        return {name: _own_copy(filter_) for name, filter_ in self.items()}


def _own_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)  # the choices are set per filter set
    copied.__dict__.pop("_field", None)  # the form field is made from them
    if filter_.method is not None:
        copied.method = filter_.method  # calls its own filter set's method
    return copied


MeasureFilter.base_filters = _FilterCopies(MeasureFilter.base_filters)
