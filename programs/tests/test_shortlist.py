"""The shortlist: kept in the session, changed by POSTs that say what happened, shared
by a link, compared from the tray; bad input is a message, never a 500."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from programs.shortlist import MAX_PROGRAMS

from .factories import make_attribute, make_program, make_university

pytestmark = pytest.mark.django_db

CHANGE = reverse("programs:shortlist-change")


def text(response):
    """The page's HTML, whitespace collapsed and entities read (“can't”, not “can&#x27;t”)."""
    return html.unescape(re.sub(r"\s+", " ", response.content.decode()))


def change(client, **data):
    return client.post(CHANGE, data, follow=True)


def shortlisted(client):
    return [p.slug for p in client.get(reverse("programs:shortlist")).context["programs"]]


@pytest.fixture
def programs():
    university = make_university(short_name="CMU")
    return [
        make_program(slug=slug, name=f"Program {slug}", university=university) for slug in "abcde"
    ]


def test_add_remove_and_the_message_back_where_you_were(client, programs):
    listing = reverse("programs:list") + "?degree=phd&sort=name"
    response = change(client, add="a", next=listing)
    assert response.redirect_chain == [(listing, 302)]
    assert "Added Program a, CMU to your shortlist." in text(response)
    change(client, add="b")
    assert shortlisted(client) == ["a", "b"]
    assert "already on your shortlist" in text(change(client, add="a"))
    assert "Removed Program a, CMU" in text(change(client, remove="a"))
    assert shortlisted(client) == ["b"]


def test_move_up_and_down_and_clear(client, programs):
    for slug in "abc":
        change(client, add=slug)
    change(client, up="c")
    assert shortlisted(client) == ["a", "c", "b"]
    change(client, down="a")
    assert shortlisted(client) == ["c", "a", "b"]
    assert "can't move further up" in text(change(client, up="c"))
    assert "Your shortlist is empty now." in text(change(client, clear="1"))
    assert shortlisted(client) == []


def test_it_survives_other_pages_and_a_new_tab(client, programs):
    change(client, add="a")
    client.get(reverse("programs:list"), {"degree": "masters", "page": "2"})
    client.get(reverse("programs:detail", args=["b"]))
    # A new tab is the same browser: same session cookie.
    other_tab = Client()
    other_tab.cookies = client.cookies
    assert shortlisted(other_tab) == ["a"]
    assert shortlisted(Client()) == []  # another browser has its own


def test_bad_input_is_a_message_never_a_500(client, programs):
    for data, message in [
        ({"add": "no-such-program"}, "We couldn't find that program"),
        ({"add": "a", "remove": "b"}, "didn't make sense"),
        ({}, "didn't make sense"),
        ({"add": "<script>"}, "didn't make sense"),
        ({"add": "a\x00"}, "didn't make sense"),
        ({"copy": "1", "p": ["a", "../etc"]}, "didn't make sense"),
    ]:
        response = change(client, **data)
        assert response.status_code == 200, data
        assert message in text(response), data
    hidden = make_program(slug="hidden", is_published=False)
    assert "couldn't find" in text(change(client, add=hidden.slug))
    # Only this site's pages are a way back.
    response = client.post(CHANGE, {"add": "a", "next": "https://evil.example/"})
    assert response["Location"] == reverse("programs:shortlist")
    assert client.get(CHANGE).status_code == 302  # a GET changes nothing


def test_a_full_shortlist_says_so(client):
    for i in range(MAX_PROGRAMS + 1):
        make_program(slug=f"p{i}")
    for i in range(MAX_PROGRAMS):
        change(client, add=f"p{i}")
    response = change(client, add=f"p{MAX_PROGRAMS}")
    assert f"Your shortlist is full ({MAX_PROGRAMS} programs)" in text(response)
    assert len(shortlisted(client)) == MAX_PROGRAMS


def test_changes_from_another_site_are_refused(programs):
    client = Client(enforce_csrf_checks=True)
    forged = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    assert client.post(CHANGE, {"add": "a"}, headers=forged).status_code == 403
    ours = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
    assert client.post(CHANGE, {"add": "a"}, headers=ours).status_code == 302
    assert shortlisted(client) == ["a"]


def test_buttons_and_tray_work_without_javascript(client, programs):
    body = text(client.get(reverse("programs:list")))
    # One form per page; every button names it, with its action and program.
    assert body.count('id="shortlist-form" method="post"') == 1
    assert '<button type="submit" form="shortlist-form" name="add" value="a"' in body
    assert 'href="#shortlist-tray">Skip to your shortlist</a>' in body
    change(client, add="a")
    change(client, add="b")
    body = text(client.get(reverse("programs:detail", args=["a"])))
    assert 'name="remove" value="a"' in body
    tray = body.split('id="shortlist-tray"')[1].split("</div>")[0]
    assert '<span class="badge text-bg-primary">2</span>' in tray
    assert 'href="/programs/compare/?p=a&p=b">Compare</a>' in tray
    assert 'name="clear"' in tray


def test_the_tray_compares_the_first_four(client, programs):
    for slug in "abcde":
        change(client, add=slug)
    tray = text(client.get(reverse("home"))).split('id="shortlist-tray"')[1]
    assert 'href="/programs/compare/?p=a&p=b&p=c&p=d">Compare first 4</a>' in tray


def test_the_page_shows_essentials_in_order_with_compare_and_a_share_link(client, programs):
    make_attribute(programs[1], "deadline")
    for slug in "ba":
        change(client, add=slug)
    body = text(client.get(reverse("programs:shortlist")))
    assert body.index("Program b") < body.index("Program a")
    assert "10 December 2025" in body
    assert 'action="/programs/compare/"' in body
    assert 'name="p" value="b" id="compare-b" checked' in body
    assert "/shortlist/shared/?p=b&p=a" in body
    assert 'name="up" value="b"' in body and 'name="down" value="a"' in body


def test_a_shared_link_shows_the_list_and_offers_to_copy_it(client, programs):
    shared = reverse("programs:shortlist-shared") + "?p=c&p=a&p=nope&p=c"
    visitor = Client()
    response = visitor.get(shared)
    assert [p.slug for p in response.context["programs"]] == ["c", "a"]
    body = text(response)
    assert "Make this my shortlist" in body and 'name="remove"' not in body
    assert shortlisted(visitor) == []  # opening it changes nothing
    response = visitor.post(
        CHANGE, {"copy": "1", "p": ["c", "a"], "next": "/shortlist/"}, follow=True
    )
    assert "now holds the 2 shared programs" in text(response)
    assert shortlisted(visitor) == ["c", "a"]


@pytest.mark.parametrize("size", [5, 20])
def test_shortlist_page_query_count_is_constant(client, django_assert_max_num_queries, size):
    for i in range(size):
        program = make_program(slug=f"q{i}")
        make_attribute(program, "deadline")
        change(client, add=program.slug)
    # Session, programs, areas, siblings' ranks (2), values, criteria.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("programs:shortlist")).status_code == 200
