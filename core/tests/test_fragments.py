"""core.fragments: a view finds the fragments {% kept %} keeps, and loads only for the rest."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from core.fragments import find_kept_fragments

pytestmark = pytest.mark.django_db

# Compiled in each test, not on import: making the template engine while tests are
# collected would build it before pytest-django makes undefined variables fail.
ROWS = (
    "{% load core_tags %}{% for group in groups %}{% kept group %}"
    "<li>{{ group.name }}: {{ group.permissions.all|length }}</li>"
    "{% endkept %}{% endfor %}"
)


def rows(groups):
    return Template(ROWS).render(Context({"groups": groups}))


@pytest.fixture
def fragments():
    kept = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "core-test"}
    with override_settings(CACHES={"default": kept, "fragments": kept}):
        yield caches["fragments"]
        caches["fragments"].clear()


def request_of(version):
    request = RequestFactory().get("/")
    if version:
        request.content_version = version
    return request


def page(request, groups):
    find_kept_fragments(request, "group_row", groups, ("pk", "name"), ["permissions"])
    return rows(groups)


def test_kept_fragments_are_found_and_only_the_others_are_loaded(
    fragments, django_assert_num_queries
):
    Group.objects.bulk_create(Group(name=f"g{n}") for n in range(3))
    Group.objects.get(name="g0").permissions.add(Permission.objects.first())
    request = request_of("v1")
    first = page(request, list(Group.objects.order_by("name")))
    assert first == "<li>g0: 1</li><li>g1: 0</li><li>g2: 0</li>"

    groups = list(Group.objects.order_by("name")) + [Group.objects.create(name="new")]
    with django_assert_num_queries(1):  # one prefetch, for the one not kept
        again = page(request, groups)
    assert again == first + "<li>new: 0</li>"
    assert [bool(group.kept_fragment) for group in groups] == [True, True, True, False]
    prefetched = [hasattr(group, "_prefetched_objects_cache") for group in groups]
    assert prefetched == [False, False, False, True]


def test_another_version_or_key_is_another_fragment(fragments):
    group = Group.objects.create(name="g")
    page(request_of("v1"), [group])
    for version, name, kept in (("v1", "g", True), ("v2", "g", False), ("v1", "renamed", False)):
        group.name = name
        find_kept_fragments(request_of(version), "group_row", [group], ("pk", "name"), [])
        assert bool(group.kept_fragment) is kept, (version, name)


def test_without_a_version_nothing_is_kept(fragments):
    group = Group.objects.create(name="g")
    assert page(request_of(None), [group]) == "<li>g: 0</li>"
    assert group.fragment_key is None and not fragments._cache


def test_an_object_the_view_did_not_look_up_is_rendered_and_not_kept(fragments):
    group = Group.objects.create(name="g")
    assert rows([group]) == "<li>g: 0</li>"
    assert not fragments._cache
