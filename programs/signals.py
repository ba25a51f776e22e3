"""Keep ShownRank right: every change that can move a rank rebuilds the rows it touches.

Rebuilds wait for the transaction to commit and run once for everything it changed
(core.batching): an import of 20,000 entries, a cascade or `loaddata` rebuilds once,
not once per row.

A program or an entry changes the ranks of its university's programs (the fallback
reads siblings); a university's publish flag hides or shows all of them; a table
changes which editions are the latest, so it rebuilds every row. Every rebuild then
renumbers the programs' stored places in the list's orders (ProgramQuerySet.POSITIONS);
a criterion's change (their order is part of the default one) renumbers only that order,
an admissions value's change only the orders by a typed value. Fixture loads (raw saves)
take the same path, so `loaddata` leaves the rows right too.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from core.batching import ALL, rebuild_on_commit

from .models import (
    VALUE_POSITION,
    Program,
    ProgramAttribute,
    ProgramFact,
    ProgramQuerySet,
    Ranking,
    RankingCriterion,
    RankingEntry,
    ResearchArea,
    ShownRank,
    University,
)


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
    rebuild_on_commit(rebuild_ranks, touched)


@receiver(post_save, sender=Ranking)
@receiver(post_delete, sender=Ranking)
def rebuild_all(sender, instance, **kwargs):
    rebuild_on_commit(rebuild_ranks)


@receiver(post_save, sender=RankingCriterion)
@receiver(post_delete, sender=RankingCriterion)
def renumber_after_criterion_change(sender, instance, **kwargs):
    """The criteria's order is the list's default order; the ranks themselves stay."""
    rebuild_on_commit(renumber_programs, {"listing_position"})


@receiver(pre_save, sender=ProgramAttribute)
def remember_old_attribute(sender, instance, raw=False, **kwargs):
    """A value made another attribute leaves the order of its old one too."""
    instance._old_attribute = None
    if instance.pk is not None and not raw:
        old = sender.objects.filter(pk=instance.pk).values_list("attribute", flat=True)
        instance._old_attribute = old.first()


@receiver(post_save, sender=ProgramAttribute)
@receiver(post_delete, sender=ProgramAttribute)
def renumber_after_value_change(sender, instance, raw=False, **kwargs):
    """A deadline, tuition or duration (or which of a program's values shows first)
    renumbers its order. A fixture load may turn a row into another attribute unseen: all."""
    if raw:
        rebuild_on_commit(renumber_programs, VALUE_POSITION.values())
        return
    attributes = {instance.attribute, getattr(instance, "_old_attribute", None)}
    rebuild_on_commit(
        renumber_programs, {VALUE_POSITION[a] for a in attributes if a in VALUE_POSITION}
    )


def renumber_programs(positions):
    """Renumber these stored orders (Program fields), or all (ALL)."""
    Program.objects.renumber(ProgramQuerySet.POSITIONS if positions is ALL else positions)


def rebuild_ranks(universities):
    """The ShownRank rows of these universities' programs (ids), or of all (ALL)."""
    ShownRank.objects.rebuild(universities=None if universities is ALL else universities)


def rebuild_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """Every `migrate` works the rows out afresh: a new database, or one from before
    ShownRank existed, gets them with no extra step (fast: seconds at 10,000 programs).
    Search documents and area counts too: only those that changed are written, so
    usually none. Not after a migrate to an earlier state (a rollback): the database may
    lack columns this code reads; the next full migrate works them out."""
    if not fully_migrated(using):
        return
    ShownRank.objects.rebuild()
    Program.objects.rebuild_search_documents()
    ResearchArea.objects.recount()


def fully_migrated(using):
    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


# ResearchArea.program_count: which programs are published and which areas they list.
# A university's delete cascades to its programs (each sends post_delete); a program's
# delete takes its links with it. An area saved by a fixture load starts from the
# default, so its save recounts too.


@receiver(post_save, sender=Program)
@receiver(post_delete, sender=Program)
@receiver(post_save, sender=University)
@receiver(post_save, sender=ResearchArea)
@receiver(m2m_changed, sender=Program.focus_areas.through)
def recount_areas(sender, **kwargs):
    rebuild_on_commit(count_area_programs)


def count_area_programs(keys):
    ResearchArea.objects.recount()


# Search documents (core.models.Searchable): a program's document holds its own fields,
# its university's names and place, its research areas' names and its facts' statements,
# so a change to any of them rebuilds the documents that draw on it. Raw saves (fixture
# loads) too: a program loaded before its university gets its document when the
# university arrives.


def rebuild_documents(keys):
    """The documents of programs ("program", id), of universities' programs
    ("university", id) and of areas' programs ("area", id); or all (ALL)."""
    if keys is ALL:
        Program.objects.rebuild_search_documents()
        return
    ids = {"program": [], "university": [], "area": []}
    for kind, pk in keys:
        ids[kind].append(pk)
    programs = Program.objects.filter(
        Q(pk__in=ids["program"])
        | Q(university__in=ids["university"])
        | Q(focus_areas__in=ids["area"])
    )
    programs.rebuild_search_documents()


def _rebuild_documents(programs):
    rebuild_on_commit(rebuild_documents, {("program", pk) for pk in programs})


@receiver(post_save, sender=Program)
def rebuild_program_document(sender, instance, **kwargs):
    _rebuild_documents([instance.pk])


@receiver(post_save, sender=University)
def rebuild_university_documents(sender, instance, **kwargs):
    rebuild_on_commit(rebuild_documents, {("university", instance.pk)})


@receiver(post_save, sender=ResearchArea)
def rebuild_area_documents(sender, instance, **kwargs):
    rebuild_on_commit(rebuild_documents, {("area", instance.pk)})


@receiver(pre_delete, sender=ResearchArea)
def remember_area_programs(sender, instance, **kwargs):
    """Deleting an area deletes its links, without m2m_changed: note whose they were."""
    instance._programs = list(instance.programs.values_list("pk", flat=True))


@receiver(post_delete, sender=ResearchArea)
def rebuild_after_area_deleted(sender, instance, **kwargs):
    _rebuild_documents(getattr(instance, "_programs", []))


@receiver(post_save, sender=ProgramFact)
@receiver(post_delete, sender=ProgramFact)
def rebuild_fact_document(sender, instance, **kwargs):
    _rebuild_documents([instance.program_id])


@receiver(m2m_changed, sender=Program.focus_areas.through)
def rebuild_linked_documents(sender, instance, action, reverse, pk_set, **kwargs):
    """Areas added to or taken from a program, or programs to or from an area."""
    if action == "pre_clear" and reverse:
        instance._programs = list(instance.programs.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _rebuild_documents([instance.pk])
    else:
        _rebuild_documents(pk_set if action != "post_clear" else instance._programs)
