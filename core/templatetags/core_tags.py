"""Template filters every app's templates use: {% load core_tags %}."""

from django import template

from core.formatting import format_money, format_number
from core.models import is_stale

register = template.Library()


@register.filter
def number(value):
    """{{ figure.value|number }} → '140,000'."""
    return format_number(value)


@register.filter
def money(amount, currency="USD"):
    """{{ amount|money:'USD' }} → '$136,620'."""
    return format_money(amount, currency)


@register.filter
def stale(last_verified):
    """{% if item.last_verified|stale %}: checked longer ago than STALE_AFTER_DAYS."""
    return bool(last_verified) and is_stale(last_verified)


@register.inclusion_tag("includes/correction_form.html", takes_context=True)
def correction_form(context, subject):
    """{% correction_form program %}: the "Suggest a correction" form for `subject`."""
    from core.corrections import CorrectionForm, subject_key

    request = context["request"]
    form = CorrectionForm(initial={"subject": subject_key(subject), "page": request.path})
    return {"form": form, "request": request}
