import pytest
from django.contrib.auth.models import Group
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from core.pagination import OneQueryPaginator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [0, 1, 5, 6, 7])
@pytest.mark.parametrize("orphans", [0, 1])
def test_pages_are_django_pages(size, orphans):
    Group.objects.bulk_create(Group(name=f"g{n}") for n in range(size))
    groups = Group.objects.order_by("name")
    for number in [1, 2, 3, 4, 5, "2", "x", 0, -1]:
        expected = Paginator(groups, 3, orphans=orphans)
        ours = OneQueryPaginator(groups, 3, orphans=orphans)
        try:
            page = expected.page(number)
        except (EmptyPage, PageNotAnInteger) as error:
            with pytest.raises(type(error)):
                ours.page(number)
            continue
        got = ours.page(number)
        assert (got.number, list(got), ours.count, ours.num_pages) == (
            page.number,
            list(page),
            expected.count,
            expected.num_pages,
        )


def test_a_page_and_its_total_are_one_query(django_assert_num_queries):
    Group.objects.bulk_create(Group(name=f"g{n}") for n in range(7))
    paginator = OneQueryPaginator(Group.objects.order_by("name"), 3)
    with django_assert_num_queries(1):
        page = paginator.page(2)
        assert [g.name for g in page] == ["g3", "g4", "g5"]
        assert (paginator.count, paginator.num_pages, page.has_next()) == (7, 3, True)
