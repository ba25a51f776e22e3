from django import template

register = template.Library()


@register.filter
def rank_on(ranked, criterion):
    """{{ program|rank_on:criterion }}: the RankCell shown on that criterion, or None.

    Needs the prefetch of ProgramQuerySet.with_ranks(), or of
    UniversityQuerySet.with_best_ranks() for a university.
    """
    return ranked.rank_cell(criterion)
