"""What the admin index tells editors needs attention: {% load editor_tags %}."""

from django import template

from core.admin import verified_models
from core.models import Correction, stale_before

register = template.Library()


@register.simple_tag
def stale_count():
    """How many checks are older than STALE_AFTER_DAYS (one count per kind of content)."""
    cutoff = stale_before()
    return sum(
        model._default_manager.filter(last_verified__lt=cutoff).count()
        for model in verified_models()
    )


@register.simple_tag
def new_corrections():
    return Correction.objects.filter(status=Correction.Status.NEW).count()
