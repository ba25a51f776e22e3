"""What the admin index tells editors needs attention: {% load editor_tags %}."""

from django import template

from core.admin import stale_querysets
from core.models import Correction

register = template.Library()


@register.simple_tag
def stale_count():
    """How many checks are older than STALE_AFTER_DAYS (one count per kind of content)."""
    return sum(stale.count() for _, stale in stale_querysets())


@register.simple_tag
def new_corrections():
    return Correction.objects.filter(status=Correction.Status.NEW).count()
