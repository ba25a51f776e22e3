"""OpenAPI description details drf-spectacular can't infer from the pages' FilterSets."""

import inspect

from django.db.models import Choices
from django_filters import ChoiceFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import (
    build_basic_type,
    build_choice_description_list,
    build_parameter_type,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def static_choices(filter_field):
    """A choice filter's (value, label) pairs when known without a query, else None.

    The FilterSets pass TextChoices classes and their classmethods (Region,
    Degree.level_choices), which spectacular won't call in case they query; a plain
    function may (state_choices), and choices set in FilterSet.__init__ (criteria) do.
    """
    choices = filter_field.extra.get("choices")
    owner = getattr(choices, "__self__", None)
    if inspect.isclass(choices) and issubclass(choices, Choices):
        return choices.choices
    if inspect.ismethod(choices) and inspect.isclass(owner) and issubclass(owner, Choices):
        return list(choices())
    if choices is not None and not callable(choices):
        return list(choices)
    return None


class ForgivingFilterExtension(DjangoFilterExtension):
    """Documents the pages' choice filters as strings with their values, where
    spectacular would guess (and warn, which fails `check --deploy`)."""

    target_class = "api.filters.ForgivingFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        # ModelChoiceFilters too: a slug, which spectacular can't find through a method.
        if not isinstance(filter_field, ChoiceFilter):
            return super().resolve_filter_field(
                auto_schema, model, filterset_class, field_name, filter_field
            )
        choices = static_choices(filter_field)
        description = str(filter_field.extra.get("help_text") or filter_field.label or "")
        if choices:
            listed = build_choice_description_list(choices)
            description = f"{description}\n\n{listed}" if description else listed
        return [
            build_parameter_type(
                name=field_name,
                required=filter_field.extra["required"],
                location=OpenApiParameter.QUERY,
                description=description,
                schema=build_basic_type(OpenApiTypes.STR),
                enum=[value for value, _ in choices] if choices else None,
            )
        ]
