from django import template

register = template.Library()


@register.filter
def rank_on(ranked, criterion):
    """{{ program|rank_on:criterion }}: the best rank on that criterion, or None.

    Needs rank_entries prefetched: ProgramQuerySet.with_ranks(), or
    UniversityQuerySet.with_best_ranks() for a university.
    """
    return ranked.best_rank(criterion)
