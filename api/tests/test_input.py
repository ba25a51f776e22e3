"""Invalid filter values are ignored and named, as the pages do; odd input never fails."""

import pytest
from django.urls import reverse

from careers.tests.factories import make_career
from faqs.tests.factories import make_question
from programs.models import Degree
from programs.tests.factories import make_program, make_ranking

pytestmark = pytest.mark.django_db

LISTS = ["programs", "universities", "rankings", "careers", "faqs"]


@pytest.fixture
def content():
    make_program(degree=Degree.PHD, slug="phd")
    make_program(degree=Degree.MASTERS, slug="masters")
    make_ranking()
    make_career()
    make_question()


def get(client, name, params):
    response = client.get(reverse(f"api:{name}"), params)
    assert response["Content-Type"] == "application/json"
    return response


def test_an_invalid_value_is_ignored_and_named(client, content):
    body = get(client, "programs", {"degree": "xyz", "sort": "name"}).json()
    assert body["ignored"] == [
        {
            "parameter": "degree",
            "value": "xyz",
            "message": "“xyz” is not a degree; choose PhD or Master's.",
        }
    ]
    # The invalid filter drops out; the others still apply.
    assert body["count"] == 2


def test_valid_values_beside_invalid_ones_still_filter(client, content):
    body = get(client, "programs", {"degree": "phd", "cost_max": "-1", "top": "abc"}).json()
    assert [row["slug"] for row in body["results"]] == ["phd"]
    assert {item["parameter"] for item in body["ignored"]} == {"cost_max", "top"}


@pytest.mark.parametrize(
    ("name", "params", "ignored"),
    [
        ("universities", {"region": "atlantis"}, "region"),
        ("careers", {"sector": "nope"}, "sector"),
        ("careers", {"degree": "bachelor"}, "degree"),
        ("faqs", {"category": "../../etc"}, "category"),
        ("faqs", {"q": "gre\x00"}, "q"),
    ],
)
def test_every_filtered_list_names_what_it_ignored(client, content, name, params, ignored):
    body = get(client, name, params).json()
    assert [item["parameter"] for item in body["ignored"]] == [ignored]
    assert "\x00" not in body["ignored"][0]["value"]


def test_a_nul_byte_is_not_echoed_back(client, content):
    [item] = get(client, "programs", {"degree": "\x00"}).json()["ignored"]
    assert item["parameter"] == "degree" and item["value"] == ""


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "\x00", "1.5", "9" * 30])
def test_a_page_that_does_not_exist_is_a_json_404(client, content, page):
    response = get(client, "programs", {"page": page})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail.startswith("There is no page") and "pages run from 1 to 1" in detail
    assert "\x00" not in detail


def test_page_size_is_bounded(client):
    for _ in range(3):
        make_program()
    assert len(get(client, "programs", {"page_size": "2"}).json()["results"]) == 2
    for junk in ("abc", "0", "-5", "\x00", "100000"):
        response = get(client, "programs", {"page_size": junk})
        assert response.status_code == 200 and len(response.json()["results"]) == 3


def test_next_and_previous_keep_the_filters(client):
    for _ in range(3):
        make_program(degree=Degree.PHD)
    body = get(client, "programs", {"degree": "phd", "page_size": 2}).json()
    assert "degree=phd" in body["next"] and "page=2" in body["next"]
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 1 and "degree=phd" in second["previous"]


ODD = [
    {"page": "abc"},
    {"page": "999"},
    {"page": "last"},
    {"degree": "%00"},
    {"degree": "\x00"},
    {"cost_max": "-1"},
    {"cost_max": "1e400"},
    {"cost_max": "NaN"},
    {"top": "-3"},
    {"deadline_from": "2025-13-45"},
    {"q": "\x00"},
    {"q": '"unbalanced'},
    {"q": "x" * 5000},
    {"university": "\x00"},
    {"area": "../../etc"},
    {"ranking": "a%00b"},
    {"sort": "<script>"},
    {"criterion": "nope", "top": "3"},
    {"region": "west-coast", "state": "ZZ"},
    {"sector": "\x00", "skill": "x" * 300, "category": "\x00"},
    {"format": "api"},
    {"format": "json"},
    {"page_size": "\x00"},
    {"funded": "maybe", "gre": "\x00"},
]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("params", ODD)
def test_odd_input_never_fails(client, content, name, params):
    response = get(client, name, params)
    assert response.status_code in (200, 404)
    assert "detail" in response.json() or "results" in response.json()
