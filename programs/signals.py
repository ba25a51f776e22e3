"""Keep ShownRank right: every change that can move a rank rebuilds the rows it touches.

A program or an entry changes the ranks of its university's programs (the fallback
reads siblings); a university's publish flag hides or shows all of them; a table
changes which editions are the latest, so it rebuilds every row. Fixture loads (raw
saves) take the same path, so `loaddata` leaves the rows right too.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Program, Ranking, RankingEntry, ShownRank, University


def _university_of(instance):
    if isinstance(instance, University):
        return instance.pk
    if isinstance(instance, Program):
        return instance.university_id
    # An entry: its program may be gone already (deleted with it).
    programs = Program.objects.filter(pk=instance.program_id)
    return programs.values_list("university_id", flat=True).first()


@receiver(pre_save, sender=Program)
@receiver(pre_save, sender=RankingEntry)
def remember_old_university(sender, instance, raw=False, **kwargs):
    """A program moved to another university, or an entry to another program, leaves
    ranks behind at the old university too."""
    instance._old_university = None
    if instance.pk is not None and not raw:
        old = sender.objects.filter(pk=instance.pk).first()
        instance._old_university = _university_of(old) if old else None


@receiver(post_save, sender=Program)
@receiver(post_save, sender=RankingEntry)
@receiver(post_save, sender=University)
@receiver(post_delete, sender=Program)
@receiver(post_delete, sender=RankingEntry)
def rebuild_university(sender, instance, **kwargs):
    touched = {_university_of(instance), getattr(instance, "_old_university", None)} - {None}
    if touched:
        ShownRank.objects.rebuild(universities=touched)


@receiver(post_save, sender=Ranking)
@receiver(post_delete, sender=Ranking)
def rebuild_all(sender, instance, **kwargs):
    ShownRank.objects.rebuild()


def rebuild_after_migrate(sender, **kwargs):
    """Every `migrate` works the rows out afresh: a new database, or one from before
    ShownRank existed, gets them with no extra step (fast: seconds at 10,000 programs)."""
    ShownRank.objects.rebuild()
