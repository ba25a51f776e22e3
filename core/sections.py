"""Sections that one app adds to another app's page, without the page's app importing it.

A lower app names a page ("program-detail") and shows whatever is registered for
it; a higher app registers a section from its AppConfig.ready(). So programs'
page shows careers' "Where this degree leads" while programs imports nothing of
careers: the arrows stay pointing down.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A template and what it shows; pages render it with {% include %} … with data=section.data."""

    template_name: str
    data: dict = field(default_factory=dict)


_registry = {}


def register(page, template_name, get_context):
    """Show `template_name` on `page`, with get_context(obj) as its `data`."""
    entries = _registry.setdefault(page, [])
    if all(existing[0] != template_name for existing in entries):
        entries.append((template_name, get_context))


def sections_for(page, obj):
    """The sections registered for `page`, each with its data for `obj`, in order."""
    return [Section(name, get_context(obj)) for name, get_context in _registry.get(page, [])]
