"""Program cards, kept rendered ("Fragments" in core/pagecache.py).

A card but for its actions is the same for every visitor, so
templates/programs/includes/program_card.html keeps it, by the content version, the
program and the table its ranks come from. A page of cards asks here first which of its
cards this worker keeps: those are shown as kept, and only the others get what a card
reads prefetched. A page whose cards are all kept reads its rows and nothing more.
"""

from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects

from .models import card_prefetches

# The name and keys of the template's {% cache %}: make_template_fragment_key() is how
# Django says to find a fragment from code.
FRAGMENT = "program_card"


def card_key(version, program):
    return make_template_fragment_key(FRAGMENT, [version, program.pk, program.ranks_from])


def keep_cards(request, programs, ranking=None):
    """Give each program (rows of for_cards(ranking)) `kept_card`, the HTML of its kept
    card or "", and prefetch what the other cards read: one read of the cache, and the
    queries of card_prefetches() at most, for any number of cards."""
    version = getattr(request, "content_version", None)
    keyed = [(card_key(version, program), program) for program in programs]
    kept = caches["fragments"].get_many([key for key, _ in keyed])
    for key, program in keyed:
        program.kept_card = kept.get(key, "")
    missing = [program for key, program in keyed if key not in kept]
    prefetch_related_objects(missing, *card_prefetches(ranking))
