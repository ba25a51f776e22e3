"""Form widgets every app shares."""

import functools
import html

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


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
        final = self.build_attrs(self.attrs, attrs)
        options, ends = _options(
            tuple((str(v), str(label), _is_safe(label)) for v, label in choices)
        )
        chosen = [ends[v] for v in {str(v) for v in self.format_value(value)} if v in ends]
        if chosen:  # one option, as Django's Select: the first whose value is chosen
            at = min(chosen)
            options = options[:at] + " selected" + options[at:]
        options = mark_safe(options)
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


def _is_safe(text):
    return hasattr(text, "__html__")


@functools.lru_cache(maxsize=64)
def _options(choices):
    """(the <option>s of (value, label, label is safe) choices, none selected; {value:
    where the first option of that value could say " selected"}). Kept: a thousand
    options, escaped as format_html would (html.escape is what Django's escape calls,
    without its lazy-string wrapper), were most of the list page's filter form."""
    parts, ends, length = [], {}, 0
    for value, label, safe in choices:
        opening = f'<option value="{html.escape(value)}"'
        ends.setdefault(value, length + len(opening))
        parts.append(f"{opening}>{label if safe else html.escape(label)}</option>")
        length += len(parts[-1]) + 1  # and the newline that joins them
    return "\n".join(parts), ends
