"""Filtering for the API: the pages' own FilterSets, as forgiving as the pages.

A list page ignores an invalid filter value and says so (core.views.ForgivingFilterMixin);
the API does the same and names it under "ignored", never answering 400 or 500.
"""

from django_filters.rest_framework import DjangoFilterBackend

# Echoed values are cut to this length: a parameter can be arbitrarily long.
MAX_ECHOED = 200


def echoed(value):
    """A query value safe to repeat back: no NUL bytes, bounded length."""
    return value.replace("\x00", "")[:MAX_ECHOED]


class ForgivingFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend without the 400: invalid fields drop out of cleaned_data, so
    FilterSet.qs filters and sorts by the valid ones alone, exactly as the page does.

    Leaves `filterset` and `ignored` on the view, for the serializer context and for
    the pagination envelope.
    """

    raise_exception = False

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        view.filterset = filterset
        view.ignored = ignored_parameters(filterset, request.query_params)
        return filterset.qs


def ignored_parameters(filterset, params):
    """[{parameter, value, message}], one per parameter the FilterSet rejected."""
    return [
        {
            "parameter": name,
            "value": echoed(params.get(name, "")),
            "message": " ".join(str(error) for error in errors),
        }
        for name, errors in filterset.form.errors.items()
    ]
