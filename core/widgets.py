"""Form widgets every app shares."""

import html

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _escaped(text):
    """conditional_escape(text), faster: text already marked safe is left as it is."""
    return text if hasattr(text, "__html__") else html.escape(str(text))


class FastSelect(forms.Select):
    """A single <select> rendered in Python, the same HTML as forms.Select.

    Django renders every <option> through a template; with a thousand universities in a
    filter that was most of a list page's time. Grouped choices fall back to Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # Not list(): it asks a ModelChoiceIterator for its length, a COUNT query.
        choices = [choice for choice in self.choices]
        if any(isinstance(label, list | tuple) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(v) for v in self.format_value(value)}
        final = self.build_attrs(self.attrs, attrs)
        # Plain strings, escaped as format_html would (html.escape is what Django's escape
        # calls, without its lazy-string wrapper): a thousand format_html calls were
        # most of the list page's filter form.
        options = mark_safe(
            "\n".join(
                f'<option value="{html.escape(str(option))}"'
                f"{' selected' if str(option) in chosen else ''}>{_escaped(label)}</option>"
                for option, label in choices
            )
        )
        # In the widget's own order, as Django's attrs.html writes them (flatatt sorts).
        attributes = format_html_join(
            "",
            "{}",
            (
                (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
                for key, value in final.items()
                if value is not False and value is not None
            ),
        )
        return format_html('<select name="{}"{}>\n{}\n</select>', name, attributes, options)
