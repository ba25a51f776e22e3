import re

from django import forms
from django.utils.safestring import mark_safe

from core.widgets import FastSelect


def normalized(html):
    return re.sub(r"\s+", " ", str(html)).replace("> <", "><").strip()


def test_fast_select_renders_what_django_select_renders():
    choices = [
        ("", "Any"),
        ("phd", "PhD"),
        ("masters", "Master's & <more>"),
        ("a&b", mark_safe("<b>A</b> &amp; B")),
        ('quote"d', mark_safe('<option value="phd">')),
        ("phd", "PhD again"),
    ]
    for value in ("", "phd", "masters", "a&b", 'quote"d', "nope", None, ["masters", "phd"]):
        attrs = {"id": "id_degree", "class": "form-select"}
        fast = FastSelect(choices=choices).render("degree", value, attrs)
        django = forms.Select(choices=choices).render("degree", value, attrs)
        assert normalized(fast) == normalized(django)
    assert "&lt;more&gt;" in FastSelect(choices=choices).render("degree", "")
