from decimal import Decimal

import pytest

from core.formatting import format_money, format_number


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (140000, "140,000"),
        (Decimal("140000.00"), "140,000"),
        (Decimal("2.50"), "2.5"),
        (-3, "-3"),
        ("1234567.125", "1,234,567.125"),
        (None, ""),
        ("not a number", ""),
        (Decimal("NaN"), ""),
    ],
)
def test_format_number(value, shown):
    assert format_number(value) == shown


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (136620, "USD", "$136,620"),
        (Decimal("58.5"), "usd", "$58.50"),
        (1200, "EUR", "€1,200"),
        (1200, "CHF", "CHF 1,200"),
        (75, None, "$75"),
        (None, "USD", ""),
    ],
)
def test_format_money(amount, currency, shown):
    assert format_money(amount, currency) == shown


def test_the_template_filters_use_the_same_formatting():
    from django.template import Context, Template

    template = Template("{% load core_tags %}{{ a|number }} {{ b|money:'USD' }}")
    assert template.render(Context({"a": 10000, "b": 140000})) == "10,000 $140,000"
