"""The changes feed (Atom): new programs, new or changed deadlines, new ranking editions.

It reads the editors' history (django-simple-history), so it lists what changed in
the admin; content loaded from fixtures is the baseline, not a change.
"""

from itertools import chain

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from programs.models import Attribute, Program, ProgramAttribute, Ranking

DEADLINES = (Attribute.EARLY_DEADLINE, Attribute.DEADLINE)
LIMIT = 50


class Change:
    def __init__(self, title, description, link, when, key):
        self.title, self.description, self.link, self.when, self.key = (
            title,
            description,
            link,
            when,
            key,
        )


def recent_changes(limit=LIMIT):
    """The latest changes students care about, newest first: three queries."""
    # What is public now: a program hidden since, or hidden with its university, stays out.
    public_programs = Program.objects.published().values("pk")
    programs = (
        Program.history.filter(history_type="+", id__in=public_programs)
        .select_related("university")
        .order_by("-history_date")[:limit]
    )
    deadlines = (
        ProgramAttribute.history.filter(
            attribute__in=DEADLINES, history_type__in=["+", "~"], program__in=public_programs
        )
        .select_related("program__university")
        .order_by("-history_date")[:limit]
    )
    rankings = Ranking.history.filter(
        history_type="+", id__in=Ranking.objects.published().values("pk")
    ).order_by("-history_date")[:limit]
    changes = chain(
        (
            Change(
                f"New program: {p.name}, {p.university.name}",
                f"{p.get_degree_display()} · {p.university.location}",
                reverse("programs:detail", args=[p.slug]),
                p.history_date,
                f"program-{p.history_id}",
            )
            for p in programs
        ),
        (
            Change(
                f"{'New' if d.history_type == '+' else 'Changed'} {d.get_attribute_display().lower()}: "
                f"{d.program.name}, {d.program.university.short_name}",
                f"{d.instance.value_display} ({d.cycle})",
                reverse("programs:detail", args=[d.program.slug]),
                d.history_date,
                f"deadline-{d.history_id}",
            )
            for d in deadlines
        ),
        (
            Change(
                f"New ranking edition: {r.title} ({r.publisher}, {r.edition_year})",
                r.summary,
                reverse("programs:ranking-detail", args=[r.slug]),
                r.history_date,
                f"ranking-{r.history_id}",
            )
            for r in rankings
        ),
    )
    return sorted(changes, key=lambda change: change.when, reverse=True)[:limit]


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Gradient: what changed"
    subtitle = "New programs, new or changed application deadlines, and new ranking editions."

    def link(self):
        return reverse("data")

    def items(self):
        return recent_changes()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.key

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.when

    def item_pubdate(self, item):
        return item.when
