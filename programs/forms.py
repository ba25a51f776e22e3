from django import forms

from .shortlist import MAX_PROGRAMS

SLUG_FIELD = {"required": False, "max_length": 120}


class ShortlistChangeForm(forms.Form):
    """One change to the shortlist, from the button pressed: its name is the action and
    its value the program (add, remove, up, down), or clear, or copy a shared list (p)."""

    add = forms.SlugField(**SLUG_FIELD)
    remove = forms.SlugField(**SLUG_FIELD)
    up = forms.SlugField(**SLUG_FIELD)
    down = forms.SlugField(**SLUG_FIELD)
    clear = forms.BooleanField(required=False)
    copy = forms.BooleanField(required=False)
    # The shared list to copy: read with getlist() in clean_p.
    p = forms.CharField(required=False)

    ACTIONS = ("add", "remove", "up", "down", "clear", "copy")

    def clean_p(self):
        slugs = self.data.getlist("p") if hasattr(self.data, "getlist") else []
        slug = forms.SlugField(max_length=120)
        return [slug.clean(value) for value in slugs[: MAX_PROGRAMS * 2]]

    def clean(self):
        chosen = [name for name in self.ACTIONS if self.cleaned_data.get(name)]
        if len(chosen) != 1:
            raise forms.ValidationError("Choose one change at a time.")
        self.action = chosen[0]
        self.slug = self.cleaned_data.get(self.action)
        return self.cleaned_data
