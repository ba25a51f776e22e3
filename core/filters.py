"""What every filterable list shares: one search box (?q=) that works the same everywhere."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.db.models import Model

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

    # Filters whose choices read the database and whose values are their own labels
    # (a state): a chip shows the value instead of reading the choices once more.
    values_are_labels = frozenset()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            if filter_.field_class.widget is forms.Select and "widget" not in filter_.extra:
                filter_.extra["widget"] = FastSelect

    def active_filter_chips(self, path, skip=()):
        """[(label, remove_url)] for each filter value in use, each URL this page's query
        minus that one value (and its page number): the list's active-filter chips.
        Parameters in `skip` (orderings) and values that failed to validate get no chip."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # cleaned_data holds only the fields that are valid
        chips = []
        for name, value in self.form.cleaned_data.items():
            if name in skip or value is None or value is False or value in ("", []):
                continue
            raw = self.data.get(name, "")
            rest = [
                (key, item)
                for key in self.data
                if key != "page"
                for item in self.data.getlist(key)
                if (key, item) != (name, raw)
            ]
            url = f"{path}?{urlencode(rest)}" if rest else path
            chips.append((self.chip_label(name, value, raw), url))
        return chips

    def chip_label(self, name, value, raw):
        """How a chip names a value: "Degree: PhD", "Funded" (a ticked box)."""
        field = self.form.fields[name]
        label = str(field.label or name.replace("_", " ").capitalize())
        if value is True:
            return label
        if isinstance(value, Model):
            shown = str(value)
        elif isinstance(field, forms.ChoiceField) and name not in self.values_are_labels:
            shown = str(dict(field.choices).get(raw, raw))
        else:
            shown = raw
        return f"{label}: {shown}"


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
