"""Fragments of a page kept rendered, one per object ("Fragments" in core/pagecache.py).

A template keeps what is the same for every visitor with Django's {% cache %} tag, in the
"fragments" cache, under the content version and the object (a program's card, a
university's row). The view asks here first which of its objects' fragments this worker
keeps: those are shown as kept, and only the others get prefetched what their fragment
reads. A page whose fragments are all kept reads its rows and nothing more. Both sides
must name the fragment and its keys alike: the template in order

    {% if obj.kept_fragment %}{{ obj.kept_fragment }}{% else %}{% cache 86400 NAME content_version KEY... using="fragments" %}…{% endcache %}{% endif %}

where each KEY is an attribute of the object (obj.pk), and the view
keep(request, NAME, objects, ("pk", ...), prefetches).
"""

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects


def fragment_key(name, version, keys):
    """The {% cache %} tag's key for fragment `name` under `version` and `keys`."""
    return make_template_fragment_key(name, [version, *keys])


def keep(request, name, objects, attributes, prefetches):
    """Give each object `kept_fragment`, the HTML of its kept fragment or "", and
    prefetch `prefetches` for the others only: one read of the cache, and at most the
    prefetches' queries, for any number of objects. `attributes` are those of an object
    the template's key names after content_version, in the same order."""
    version = getattr(request, "content_version", None)
    keyed = [
        (fragment_key(name, version, [getattr(obj, a) for a in attributes]), obj) for obj in objects
    ]
    kept = caches["fragments"].get_many([key for key, _ in keyed])
    for key, obj in keyed:
        obj.kept_fragment = kept.get(key, "")
    prefetch_related_objects([obj for key, obj in keyed if key not in kept], *prefetches)
