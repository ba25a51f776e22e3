"""Corrections from readers: a form on every program, ranking, career and FAQ page,
and a queue editors work through in the admin.

Nothing a reader types is trusted: lengths are capped, the page must be one of ours,
the subject must be a published object of a kind that takes corrections, links must be
http(s), a honeypot field catches form-filling robots, and each address may send only
CORRECTION_RATE_LIMIT suggestions per hour. Addresses are kept only as a keyed hash,
for that limit. Everything is shown escaped, in the admin too.
"""

import datetime
import hashlib
import hmac

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from .models import Correction
from .validators import is_site_path

HONEYPOT = "website"


def subject_key(obj):
    """'programs.program:12': what the form's hidden field carries."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def resolve_subject(key):
    """The published object a subject key names, or None (unknown kind, id or hidden)."""
    label, _, pk = (key or "").partition(":")
    # ASCII digits, and few enough for any database's integer ("²" is a digit to Python).
    if label not in settings.CORRECTION_SUBJECTS or not (pk.isascii() and pk.isdigit()):
        return None
    if len(pk) > 18:
        return None
    model = apps.get_model(label)
    manager = model._default_manager
    queryset = manager.published() if hasattr(manager, "published") else manager.all()
    return queryset.filter(pk=int(pk)).first()


def address_hash(request):
    address = request.META.get("REMOTE_ADDR", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def over_rate_limit(request):
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Correction.objects.filter(address_hash=address_hash(request), created__gte=since)
    return recent.count() >= settings.CORRECTION_RATE_LIMIT


class CorrectionForm(forms.ModelForm):
    subject = forms.CharField(widget=forms.HiddenInput, max_length=80)
    page = forms.CharField(widget=forms.HiddenInput, max_length=300)
    # Robots fill every field; people never see this one.
    website = forms.CharField(required=False, max_length=200, label="Leave this empty")

    class Meta:
        model = Correction
        fields = ["fact", "message", "source_url", "email"]

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not is_site_path(page):
            raise forms.ValidationError("That page is not one of ours.")
        return page

    def clean_subject(self):
        found = resolve_subject(self.cleaned_data["subject"])
        if found is None:
            raise forms.ValidationError(
                "We couldn't find what this correction is about; it may have been removed."
            )
        self.subject_object = found
        return self.cleaned_data["subject"]

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT))

    def save(self, request):
        correction = super().save(commit=False)
        correction.subject = self.subject_object
        correction.page = self.cleaned_data["page"]
        correction.address_hash = address_hash(request)
        correction.full_clean()
        correction.save()
        return correction
