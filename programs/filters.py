from functools import cache

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator

from core.filters import ListFilterSet, SearchFilter, SearchFilterSet
from core.models import Degree

from .models import (
    FORMAT_FILTERS,
    TIES,
    Program,
    ProgramAttribute,
    Ranking,
    RankingCriterion,
    Region,
    ResearchArea,
    University,
)


class LoadedChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.loaded():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.loaded()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.loaded())


class LoadedChoiceField(forms.ModelChoiceField):
    """Reads its choices once: the value is checked against the rows the select shows,
    not looked up in a query of its own."""

    iterator = LoadedChoiceIterator

    def loaded(self):
        if "_loaded" not in self.__dict__:
            self._loaded = list(self.queryset)
        return self._loaded

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for obj in self.loaded():
            if str(getattr(obj, key)) == str(value):
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class LoadedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LoadedChoiceField


class AreaChoiceField(LoadedChoiceField):
    """Research areas with how many published programs list each one (a stored count)."""

    def label_from_instance(self, area):
        return f"{area.name} ({area.program_count})"


class AreaChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


def state_choices():
    states = (
        University.objects.published().order_by("state").values_list("state", flat=True).distinct()
    )
    return [(state, state) for state in states]


def university_choices():
    """(slug, name) pairs, not objects: a thousand model instances, each with deferred
    fields, took a list page 7 ms to build; pairs take under 1."""
    return list(University.objects.published().order_by("name").values_list("slug", "name"))


class ProgramFilter(SearchFilterSet):
    """Filters and sorts for /programs/. Sorts by rank come from the criteria the
    published tables use, so a new criterion is a new sort with no code change."""

    values_are_labels = frozenset({"state"})

    # Sorts besides rank: value → (label, the queryset's order_by terms).
    SORTS = {
        "name": ("Program name", lambda qs: TIES),
        "university": ("University", lambda qs: ("university__name", "-degree", *TIES)),
        # Stored places (ProgramQuerySet.stored_order()): an index, not a subquery each.
        "deadline": (
            "Deadline (earliest in the season first)",
            lambda qs: ("deadline_position", "pk"),
        ),
        "cost": ("Tuition (lowest a year first)", lambda qs: ("cost_position", "pk")),
        "duration": ("Duration (shortest first)", lambda qs: ("duration_position", "pk")),
    }

    q = SearchFilter(
        label="Search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "e.g. statistics, Stanford, NLP"}
        ),
    )
    degree = django_filters.ChoiceFilter(
        choices=Degree.level_choices,
        empty_label="Any degree",
        error_messages={"invalid_choice": "“%(value)s” is not a degree; choose PhD or Master's."},
    )
    region = django_filters.ChoiceFilter(
        field_name="university__region", choices=Region, label="Region", empty_label="Any region"
    )
    state = django_filters.ChoiceFilter(
        field_name="university__state",
        choices=state_choices,
        label="State",
        empty_label="Any state",
    )
    university = django_filters.ChoiceFilter(
        field_name="university__slug",
        choices=university_choices,
        label="University",
        empty_label="Any university",
        error_messages={"invalid_choice": "“%(value)s” is not a university in our guide."},
    )
    kind = django_filters.ChoiceFilter(
        choices=Program.Kind, label="Program type", empty_label="Any type"
    )
    area = AreaChoiceFilter(
        field_name="focus_areas",
        queryset=ResearchArea.objects.select_related("source"),
        to_field_name="slug",
        label="Research area",
        empty_label="Any area",
    )
    funded = django_filters.BooleanFilter(
        method="only_funded",
        label="Funded",
        widget=forms.CheckboxInput,
        help_text="Guaranteed or usually funded, as a source says.",
    )
    gre = django_filters.BooleanFilter(
        method="gre_not_required",
        label="GRE not required",
        widget=forms.CheckboxInput,
        help_text="Optional or not considered.",
    )
    disputed = django_filters.BooleanFilter(
        method="only_disputed",
        label="Sources disagree",
        widget=forms.CheckboxInput,
        help_text="A source lists the program differently than the university's own pages.",
    )
    deadline_from = django_filters.DateFilter(
        method="deadline_on_or_after",
        label="Deadline on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The final deadline, in any cycle we hold.",
        error_messages={"invalid": "Give a date as YYYY-MM-DD."},
    )
    cost_max = django_filters.NumberFilter(
        method="costing_up_to",
        label="Tuition up to (USD a year)",
        min_value=1,
        max_value=10**7,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 60000", "step": "any"}),
        help_text="Terms are added up to a year; a whole-program total counts in full.",
    )
    format = django_filters.ChoiceFilter(
        method="in_format",
        choices=[(value, label) for value, (label, *_) in FORMAT_FILTERS.items()],
        label="Format",
        empty_label="Any format",
        error_messages={"invalid_choice": "“%(value)s” is not a format we record."},
    )
    track = django_filters.ChoiceFilter(
        method="on_pathway",
        choices=ProgramAttribute.Pathway,
        label="Master's: terminal or PhD track",
        empty_label="Either",
        error_messages={
            "invalid_choice": "“%(value)s” is not a track; choose terminal or PhD track."
        },
    )
    ranking = LoadedChoiceFilter(
        queryset=Ranking.objects.published().only("title", "slug", "publisher", "edition_year"),
        to_field_name="slug",
        method="in_ranking",
        label="Listed in ranking",
        empty_label="Any ranking",
    )
    criterion = django_filters.ChoiceFilter(
        method="noop",
        label="Rank on",
        empty_label=None,
        help_text="The criterion “Top N only” applies to, and the list is ordered by.",
        error_messages={"invalid_choice": "“%(value)s” is not a criterion our tables rank on."},
    )
    top = django_filters.NumberFilter(
        method="in_top",
        label="Top N only",
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"placeholder": "e.g. 5"}),
    )
    sort = django_filters.ChoiceFilter(
        method="noop",
        label="Sort by",
        empty_label="Best match, then rank",
        help_text="Without a search: best-ranked first.",
        error_messages={"invalid_choice": "“%(value)s” is not one of the orders we offer."},
    )

    class Meta:
        model = Program
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query for the criteria the published tables use: they make the choices.
        self.criteria = list(RankingCriterion.objects.in_use())
        # Read when first needed (exports and the API never render the form), then kept:
        # a plain callable is called again for each pass over the choices.
        self.filters["state"].extra["choices"] = cache(state_choices)
        self.filters["university"].extra["choices"] = cache(university_choices)
        self.filters["criterion"].extra["choices"] = [(c.slug, c.name) for c in self.criteria]
        self.filters["sort"].extra["choices"] = [
            (criterion.slug, f"{criterion.short_name} rank") for criterion in self.criteria
        ] + [(value, label) for value, (label, _) in self.SORTS.items()]

    def filter_queryset(self, queryset):
        # Ranks shown and sorted on are those of the chosen table, if any.
        ranking = self.form.cleaned_data.get("ranking")
        queryset = super().filter_queryset(queryset.for_listing(ranking))
        sort = self.form.cleaned_data.get("sort")
        if sort in self.SORTS:
            return queryset.order_by(*self.SORTS[sort][1](queryset))
        # The sort's criterion first, else the one "Rank on" names, then the others.
        first_criterion = sort or self.form.cleaned_data.get("criterion")
        criteria = sorted(self.criteria, key=lambda criterion: criterion.slug != first_criterion)
        # Best match first only when no sort was chosen.
        first = ("search_position",) if self.search_terms and not sort else ()
        if ranking is None and criteria == self.criteria:
            # The default order, which every program's listing_position stores.
            return queryset.in_default_order(*first)
        return queryset.order_by(*first, *queryset.rank_order(criteria, ranking))

    def only_funded(self, queryset, name, value):
        return queryset.funded() if value else queryset

    def gre_not_required(self, queryset, name, value):
        return queryset.gre_not_required() if value else queryset

    def only_disputed(self, queryset, name, value):
        return queryset.disputed() if value else queryset

    def deadline_on_or_after(self, queryset, name, day):
        return queryset.deadline_on_or_after(day)

    def costing_up_to(self, queryset, name, amount):
        return queryset.costing_up_to(amount)

    def in_format(self, queryset, name, choice):
        return queryset.in_format(choice)

    def on_pathway(self, queryset, name, pathway):
        return queryset.on_pathway(pathway)

    def in_ranking(self, queryset, name, ranking):
        return queryset.in_ranking(ranking)

    def noop(self, queryset, name, value):
        return queryset  # read by filter_queryset and in_top

    def in_top(self, queryset, name, value):
        # With no choice, the dropdown shows the first criterion; filter by that one too.
        chosen = self.form.cleaned_data.get("criterion")
        criterion = next((c for c in self.criteria if not chosen or c.slug == chosen), None)
        if criterion is None:
            return queryset.none()
        return queryset.in_top(criterion, value, self.form.cleaned_data.get("ranking"))


class UniversityFilter(ListFilterSet):
    values_are_labels = frozenset({"state"})

    region = django_filters.ChoiceFilter(choices=Region, empty_label="Any region")
    state = django_filters.ChoiceFilter(choices=state_choices, empty_label="Any state")

    class Meta:
        model = University
        fields = []
