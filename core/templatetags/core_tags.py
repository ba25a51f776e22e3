"""Template filters every app's templates use: {% load core_tags %}."""

from django import template

from core.formatting import format_money, format_number

register = template.Library()


@register.filter
def number(value):
    """{{ figure.value|number }} → '140,000'."""
    return format_number(value)


@register.filter
def money(amount, currency="USD"):
    """{{ amount|money:'USD' }} → '$136,620'."""
    return format_money(amount, currency)
