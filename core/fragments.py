"""Fragments of a page kept rendered, one per object ("Fragments" in core/pagecache.py).

What a template shows of an object the same way to every visitor (a program's card, a
university's row) is kept in the "fragments" cache, under the content version the
request began with and the object. The view calls find_kept_fragments() with a page of
objects before anything is rendered: each object gets the HTML kept for it, if any, and
only the others get what their fragment reads prefetched, so a page whose fragments are
all kept reads its rows and nothing more. The template wraps the fragment in
{% kept obj %}…{% endkept %} (core_tags), which shows what was found or renders it and
keeps it under the key found for it. The view alone names a fragment's key: a request
without a content version (none read, as outside PageCacheMiddleware) keeps nothing.
"""

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects

ALIAS = "fragments"


def find_kept_fragments(request, name, objects, attributes, prefetches):
    """Give each object `kept_fragment` (the HTML kept for it, or "") and `fragment_key`
    (where {% kept %} keeps it: fragment `name`, the content version and the object's
    `attributes`; None without a version), and prefetch `prefetches` for the objects
    whose fragment isn't kept: one read of the cache, and at most the prefetches'
    queries, for any number of objects."""
    objects = list(objects)
    version = getattr(request, "content_version", None)
    for obj in objects:
        values = [version, *(getattr(obj, attribute) for attribute in attributes)]
        obj.fragment_key = make_template_fragment_key(name, values) if version else None
    keys = [obj.fragment_key for obj in objects if obj.fragment_key]
    kept = caches[ALIAS].get_many(keys) if keys else {}
    for obj in objects:
        obj.kept_fragment = kept.get(obj.fragment_key, "")
    prefetch_related_objects([obj for obj in objects if not obj.kept_fragment], *prefetches)


def kept_or_rendered(obj, render):
    """{% kept %}: the fragment found kept for obj, else render() kept for next time."""
    if getattr(obj, "kept_fragment", ""):
        return obj.kept_fragment
    html = render()
    if getattr(obj, "fragment_key", None):
        caches[ALIAS].set(obj.fragment_key, html)
    return html
