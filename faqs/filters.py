"""Filters for /faqs/. Unknown or malformed values are form errors, never server errors:
the list view shows them and filters by the valid fields only."""

import django_filters
from django import forms
from django.core.validators import validate_slug

from .models import Category, Level, Question
from .search import MAX_QUERY_LENGTH, MAX_TERMS, parse_terms


class CategoryChoiceField(forms.ModelChoiceField):
    """Looks a category up by slug, rejecting anything that can't be a slug first."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if len(value) > 80 or not _is_slug(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


def _is_slug(value):
    try:
        validate_slug(value)
    except forms.ValidationError:
        return False
    return True


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class FAQFilterForm(forms.Form):
    def clean_q(self):
        query = " ".join(self.cleaned_data.get("q", "").split())
        if len(parse_terms(query)) > MAX_TERMS:
            raise forms.ValidationError(
                "A search can have at most %(max)d words.", params={"max": MAX_TERMS}
            )
        return query


class FAQFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search questions and answers",
        method="filter_search",
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        help_text='Use quotes for a phrase, e.g. "research fit".',
        error_messages={
            "max_length": f"A search can be at most {MAX_QUERY_LENGTH} characters long.",
            "null_characters_not_allowed": "A search can't contain null characters.",
        },
    )
    category = CategoryFilter(
        label="Category",
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label="All categories",
        error_messages={"invalid_choice": "There is no category “%(value)s”."},
    )
    degree = django_filters.ChoiceFilter(
        label="Degree level",
        choices=[(Level.PHD, Level.PHD.label), (Level.MASTERS, Level.MASTERS.label)],
        empty_label="Any degree level",
        method="filter_degree",
        help_text="Questions that concern every level are always included.",
        error_messages={
            "invalid_choice": "“%(value)s” is not a degree level; choose PhD or Master's."
        },
    )

    class Meta:
        model = Question
        fields = ["q", "category", "degree"]
        form = FAQFilterForm

    def filter_queryset(self, queryset):
        # Search last: it fetches its candidates, so the other filters narrow them first,
        # and its relevance order is the one that stays.
        for name, value in sorted(self.form.cleaned_data.items(), key=lambda item: item[0] == "q"):
            queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(parse_terms(value))

    def filter_degree(self, queryset, name, value):
        return queryset.for_level(value)

    @property
    def search_terms(self):
        """The valid search terms, for highlighting; [] when there is no valid search."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # cleaned_data holds only the fields that are valid
        return parse_terms(self.form.cleaned_data.get("q") or "")
