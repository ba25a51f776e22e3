"""Numbers and money for people: thousands separators, no stray zeros, a currency sign."""

from decimal import Decimal, InvalidOperation

# Signs for the currencies we show; any other currency is written as its ISO code.
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£"}


def _decimal(value):
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def format_number(value):
    """140000.00 → '140,000', 2.50 → '2.5', -3 → '-3'; '' for a missing or non-number value."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return ""
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}".rstrip("0").rstrip(".")


def format_money(amount, currency="USD"):
    """136620 → '$136,620', 58.5 → '$58.50' (cents only when there are any), 'CHF 1,200'."""
    number = _decimal(amount)
    if number is None or not number.is_finite():
        return ""
    code = (currency or "USD").upper()
    whole = number == number.to_integral_value()
    digits = f"{int(number):,}" if whole else f"{number:,.2f}"
    sign = CURRENCY_SIGNS.get(code)
    return f"{sign}{digits}" if sign else f"{code} {digits}"
