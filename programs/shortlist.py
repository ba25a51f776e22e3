"""A visitor's shortlist: programs they keep, in their own order, with no account.

It lives in the session (server side), so it survives filters, sorts, pages and a
closed tab, and a shared link (/shortlist/shared/?p=…) carries a copy to anyone.
"""

from .models import Program

MAX_PROGRAMS = 20
# How many of them the compare page takes.
COMPARE_MAX = 4


class ShortlistFull(Exception):
    pass


class Shortlist:
    SESSION_KEY = "shortlist"

    def __init__(self, session):
        self.session = session

    @property
    def slugs(self):
        stored = self.session.get(self.SESSION_KEY, [])
        # A session is the visitor's to tamper with: keep only strings, once each.
        return list(dict.fromkeys(s for s in stored if isinstance(s, str)))[:MAX_PROGRAMS]

    def __len__(self):
        return len(self.slugs)

    def __contains__(self, slug):
        return slug in self.slugs

    def _save(self, slugs):
        self.session[self.SESSION_KEY] = slugs

    def add(self, slug):
        slugs = self.slugs
        if slug in slugs:
            return False
        if len(slugs) >= MAX_PROGRAMS:
            raise ShortlistFull
        self._save([*slugs, slug])
        return True

    def remove(self, slug):
        slugs = self.slugs
        if slug not in slugs:
            return False
        self._save([s for s in slugs if s != slug])
        return True

    def move(self, slug, step):
        """Move `slug` up (step -1) or down (step 1); False at either end or if absent."""
        slugs = self.slugs
        if slug not in slugs:
            return False
        at = slugs.index(slug)
        to = at + step
        if not 0 <= to < len(slugs):
            return False
        slugs[at], slugs[to] = slugs[to], slugs[at]
        self._save(slugs)
        return True

    def clear(self):
        self._save([])

    def replace(self, slugs):
        """Take a shared list as one's own (published programs only, MAX_PROGRAMS at most)."""
        known = set(
            Program.objects.published().filter(slug__in=slugs).values_list("slug", flat=True)
        )
        self._save([slug for slug in dict.fromkeys(slugs) if slug in known][:MAX_PROGRAMS])

    @property
    def compare_slugs(self):
        return self.slugs[:COMPARE_MAX]


def programs_in_order(queryset, slugs):
    """The published programs of `slugs`, in that order (unknown or hidden ones dropped)."""
    found = {program.slug: program for program in queryset.published().filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]
