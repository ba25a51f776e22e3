"""Filters for /faqs/. Unknown or malformed values are form errors, never server errors:
the list view shows them and filters by the valid fields only."""

import django_filters
from django import forms
from django.core.validators import validate_slug

from core.filters import SearchFilter, SearchFilterSet
from core.models import Degree

from .models import Category, Question


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


class FAQFilter(SearchFilterSet):
    q = SearchFilter(
        label="Search questions and answers",
        help_text='Use quotes for a phrase, e.g. "research fit".',
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
        choices=Degree.level_choices,
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

    def filter_degree(self, queryset, name, value):
        return queryset.for_level(value)
