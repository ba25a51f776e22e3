"""core.fragments: a view finds the fragments a template keeps, and loads only for the rest."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from core.fragments import keep

pytestmark = pytest.mark.django_db

ROW = Template(
    "{% load cache %}{% for group in groups %}{% if group.kept_fragment %}"
    "{{ group.kept_fragment }}{% else %}"
    '{% cache 60 group_row content_version group.pk group.name using="fragments" %}'
    "<li>{{ group.name }}: {{ group.permissions.all|length }}</li>"
    "{% endcache %}{% endif %}{% endfor %}"
)


@pytest.fixture
def fragments():
    kept = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "core-test"}
    with override_settings(CACHES={"default": kept, "fragments": kept}):
        yield caches["fragments"]
        caches["fragments"].clear()


def request_of(version):
    request = RequestFactory().get("/")
    request.content_version = version
    return request


def page(request, groups):
    keep(request, "group_row", groups, ("pk", "name"), ["permissions"])
    return ROW.render(Context({"groups": groups, "content_version": request.content_version}))


def test_kept_fragments_are_found_and_only_the_others_are_loaded(
    fragments, django_assert_num_queries
):
    Group.objects.bulk_create(Group(name=f"g{n}") for n in range(3))
    Group.objects.get(name="g0").permissions.add(Permission.objects.first())
    request = request_of("v1")
    first = page(request, list(Group.objects.order_by("name")))
    assert first.startswith("<li>g0: 1</li><li>g1: 0</li>")

    groups = list(Group.objects.order_by("name")) + [Group.objects.create(name="new")]
    with django_assert_num_queries(1):  # one prefetch, for the one not kept
        again = page(request, groups)
    assert again == first + "<li>new: 0</li>"
    assert [bool(group.kept_fragment) for group in groups] == [True, True, True, False]
    assert [hasattr(group, "_prefetched_objects_cache") for group in groups] == [
        False,
        False,
        False,
        True,
    ]


def test_another_version_or_key_is_another_fragment(fragments):
    group = Group.objects.create(name="g")
    page(request_of("v1"), [group])
    for version, name, kept in (("v1", "g", True), ("v2", "g", False), ("v1", "renamed", False)):
        group.name = name
        keep(request_of(version), "group_row", [group], ("pk", "name"), [])
        assert bool(group.kept_fragment) is kept, (version, name)
