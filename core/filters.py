"""What every filterable list shares: one search box (?q=) that works the same everywhere."""

import django_filters
from django import forms

from .search import MAX_QUERY_LENGTH, MAX_TERMS, parse_terms
from .widgets import FastSelect


class SearchField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("strip", True)
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": f"A search can be at most {MAX_QUERY_LENGTH} characters long.",
                "null_characters_not_allowed": "A search can't contain null characters.",
            },
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        query = " ".join(super().clean(value).split())
        if len(parse_terms(query)) > MAX_TERMS:
            raise forms.ValidationError(
                "A search can have at most %(max)d words.", params={"max": MAX_TERMS}
            )
        return query


class SearchFilter(django_filters.CharFilter):
    """?q=: every term must match as whole words (core.search). Needs a SearchQuerySet."""

    field_class = SearchField

    def filter(self, queryset, value):
        terms = parse_terms(value)
        return queryset.search(terms) if terms else queryset


class ListFilterSet(django_filters.FilterSet):
    """Every list's FilterSet: plain selects render fast however many choices they have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if filter_.field_class.widget is forms.Select and "widget" not in filter_.extra:
                filter_.extra["widget"] = FastSelect


class SearchFilterSet(ListFilterSet):
    """A FilterSet whose `q` is a SearchFilter: searched last, so the other filters narrow
    its candidates first, and results come best match first."""

    def filter_queryset(self, queryset):
        searches = {name for name, f in self.filters.items() if isinstance(f, SearchFilter)}
        for name, value in sorted(self.form.cleaned_data.items(), key=lambda i: i[0] in searches):
            queryset = self.filters[name].filter(queryset, value)
        if self.search_terms:
            queryset = queryset.by_relevance()
        return queryset

    @property
    def search_terms(self):
        """The valid search terms, for ordering and highlighting; [] without a valid search."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # cleaned_data holds only the fields that are valid
        return parse_terms(self.form.cleaned_data.get("q") or "")
