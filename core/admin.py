"""Admin pieces every content app shares: the content admin base (history, revert, no lost
edits, import and export), the readers' corrections queue, and what has not been checked
for too long.

Core imports no app of ours: it finds the content models through the app registry
(every model built on core.models.Verified).
"""

import datetime

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.db import router, transaction
from django.db.models import F, Q
from django.forms.models import BaseModelFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from import_export.admin import ImportExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin

from .models import Correction, Verified, stale_before
from .validators import is_http_url

STALE_LIMIT = 200  # rows per kind of content on the page; the count says how many in all


def verified_models():
    """Content that records when an editor last checked it: every Verified model, and any
    other with a last_verified field (empty there means never checked)."""
    return [
        model
        for model in apps.get_models()
        if admin.site.is_registered(model)
        and (issubclass(model, Verified) or _has_field(model, "last_verified"))
    ]


def _has_field(model, name):
    return any(field.name == name for field in model._meta.concrete_fields)


def stale_filter():
    """Checked before STALE_AFTER_DAYS ago, or never."""
    return Q(last_verified__lt=stale_before()) | Q(last_verified__isnull=True)


def stale_querysets():
    """(model, its stale rows, oldest and never-checked first), for every kind of content;
    with the relations its admin list reads, which are what its name shows."""
    for model in verified_models():
        related = admin.site._registry[model].list_select_related
        stale = model._default_manager.filter(stale_filter())
        if isinstance(related, list | tuple):
            stale = stale.select_related(*related)
        yield model, stale.order_by(F("last_verified").asc(nulls_first=True))


def stale_rows():
    """(kinds, rows): per kind its count; rows oldest first, each with its admin link.
    One count and one read per kind of content, whatever the data size."""
    cutoff = stale_before()
    kinds, rows = [], []
    for model, stale in stale_querysets():
        kinds.append((model._meta.verbose_name_plural, stale.count()))
        for obj in stale[:STALE_LIMIT]:
            try:
                url = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                    args=[obj.pk],
                )
            except NoReverseMatch:
                url = None
            rows.append((obj.last_verified, model._meta.verbose_name, obj, url))
    rows.sort(key=lambda row: (row[0] or datetime.date.min, str(row[1])))
    return cutoff, kinds, rows


def stale_content_view(request):
    cutoff, kinds, rows = stale_rows()
    context = {
        **admin.site.each_context(request),
        "title": "Not verified for over a year",
        "cutoff": cutoff,
        "kinds": kinds,
        "rows": rows,
        "limit": STALE_LIMIT,
    }
    return TemplateResponse(request, "admin/stale_content.html", context)


class NoLostEditsMixin:
    """Optimistic locking for a ModelAdmin: a form loaded before someone else saved the
    same object is refused, naming what changed, and nothing is overwritten.

    The change form carries a signed snapshot of the object as it was loaded (its own
    fields, many-to-many choices and its inline rows). On save, the object is read
    again; if it differs from the snapshot, nothing is saved and the editor is sent back
    to the current version with a message naming what the other editor changed. No
    version column, so every content model gets it with no migration.
    """

    lost_edits_salt = "gradient.no-lost-edits"

    def snapshot(self, obj):
        """{label: value} of everything the change form can overwrite."""
        state = {}
        for field in obj._meta.concrete_fields:
            if field.editable and not field.primary_key:
                state[str(field.verbose_name)] = field.value_to_string(obj)
        for field in obj._meta.many_to_many:
            pks = sorted(str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True))
            state[str(field.verbose_name)] = ", ".join(pks)
        for inline in self.inlines:
            related = _inline_rows(obj, inline.model, getattr(inline, "fk_name", None))
            state[str(inline.model._meta.verbose_name_plural)] = related
        return state

    def sign(self, obj):
        return signing.dumps(self.snapshot(obj), salt=self.lost_edits_salt, compress=True)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Read afresh: after a refused POST, `obj` holds the editor's input, not the row.
        current = self.model._default_manager.filter(pk=obj.pk).first() if obj else None
        if current is not None:
            context["loaded_state"] = self.sign(current)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        # Check and save in one transaction, holding the row: two editors pressing Save at
        # the same moment are taken one after the other, so the second sees the first's
        # save and is refused. (PostgreSQL locks the row; SQLite runs one writer at a time.)
        with transaction.atomic(using=router.db_for_write(self.model)):
            rows = self.model._default_manager.select_for_update().filter(pk=unquote(object_id))
            obj = self.get_object(request, unquote(object_id)) if rows.first() else None
            if obj is not None and self.has_change_permission(request, obj):
                refusal = self.stale_form_refusal(request, obj)
                if refusal:
                    # The fresh form shows the current version everywhere, inline rows
                    # included, so nothing stale can be saved over it by accident.
                    messages.error(request, refusal)
                    return HttpResponseRedirect(request.get_full_path())
            return super().changeform_view(request, object_id, form_url, extra_context)

    def stale_form_refusal(self, request, obj):
        """Why this POST may not be saved, or None when it started from the current version."""
        try:
            loaded = signing.loads(request.POST.get("_loaded_state", ""), salt=self.lost_edits_salt)
        except signing.BadSignature:
            return (
                "Nothing was saved: this form's starting point is missing or was altered. "
                "The form below shows the current version; make your change again."
            )
        current = self.snapshot(obj)
        if loaded == current:
            return None
        changes = "; ".join(
            f"{label}: “{_short(loaded.get(label))}” → “{_short(value)}”"
            if not isinstance(value, list)
            else f"{label} changed"
            for label, value in current.items()
            if loaded.get(label) != value
        )
        return (
            "Nothing was saved: someone else saved this while you were editing. Their "
            f"changes: {changes}. The form below shows their version; make your change "
            "again on top of it."
        )


def _inline_rows(obj, model, fk_name=None):
    fk = next(
        field
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is type(obj) and fk_name in (None, field.name)
    )
    fields = [f for f in model._meta.concrete_fields if f.editable]
    rows = model._default_manager.filter(**{fk.name: obj}).order_by("pk")
    return [[f.value_to_string(row) for f in fields] for row in rows]


def _short(value, length=80):
    text = str(value if value is not None else "")
    return text if len(text) <= length else text[: length - 1] + "…"


class RowLabelsFormSet:
    """Names every input of a formset row for screen readers: "Published: PhD in Machine
    Learning — CMU". A list_editable row or a tabular inline row has no <label>, only the
    column heading, which assistive technology does not tie to the cell's input (WCAG 1.3.1,
    4.1.2; axe: label, select-name). Mixed in front of the formset class in use."""

    def add_fields(self, form, index):
        # After the formset's own fields (Delete, Order), so those are named too.
        super().add_fields(form, index)
        instance = getattr(form, "instance", None)
        row = (
            str(instance)
            if instance is not None and instance.pk is not None
            else f"new {self.model._meta.verbose_name}"
        )
        for name, field in form.fields.items():
            # A relation's widget comes wrapped (add and change links); the wrapper's attrs
            # are shared by every row, the wrapped widget is this row's own and renders.
            widget = getattr(field.widget, "widget", field.widget)
            if not widget.is_hidden:
                label = capfirst(field.label or name.replace("_", " "))
                widget.attrs.setdefault("aria-label", f"{label}: {row}")


def with_row_labels(formset):
    if issubclass(formset, RowLabelsFormSet):
        return formset
    return type(f"RowLabelled{formset.__name__}", (RowLabelsFormSet, formset), {})


class RowLabelsMixin:
    """For every ModelAdmin: list_editable inputs named for their column and row."""

    def get_changelist_formset(self, request, **kwargs):
        kwargs.setdefault("formset", with_row_labels(BaseModelFormSet))
        return super().get_changelist_formset(request, **kwargs)


class TabularInline(admin.TabularInline):
    """Every tabular inline: each row's inputs named for their column and row."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", with_row_labels(self.formset))
        return super().get_formset(request, obj, **kwargs)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The queue of readers' corrections: new ones first; readers' words are read-only."""

    list_display = ["created", "status", "page_link", "fact", "short_message"]
    list_filter = ["status", "content_type"]
    search_fields = ["message", "fact", "page", "email", "editor_note"]
    list_select_related = ["content_type", "reviewed_by"]
    readonly_fields = [
        "created",
        "page_link",
        "subject_link",
        "fact",
        "message",
        "source_link",
        "email",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = [*readonly_fields, "status", "editor_note"]
    actions = ["accept", "reject"]

    def has_add_permission(self, request):
        return False  # corrections come from readers

    @admin.display(description="page")
    def page_link(self, correction):
        return format_html('<a href="{}">{}</a>', correction.page, correction.page)

    @admin.display(description="about")
    def subject_link(self, correction):
        subject = correction.subject
        if subject is None:
            return "(since deleted)"
        meta = subject._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[subject.pk])
        return format_html('<a href="{}">{}: {}</a>', url, meta.verbose_name, subject)

    @admin.display(description="where to check it")
    def source_link(self, correction):
        url = correction.source_url
        if not is_http_url(url):
            return url
        return format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, url)

    @admin.display(description="what is wrong")
    def short_message(self, correction):
        return _short(correction.message, 100)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != Correction.Status.NEW:
            obj.reviewed_at, obj.reviewed_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    def _review(self, request, queryset, status):
        count = queryset.update(status=status, reviewed_at=timezone.now(), reviewed_by=request.user)
        self.message_user(request, f"{count} correction(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Mark as accepted (the page was fixed)")
    def accept(self, request, queryset):
        self._review(request, queryset, Correction.Status.ACCEPTED)

    @admin.action(description="Mark as rejected (the page was right)")
    def reject(self, request, queryset):
        self._review(request, queryset, Correction.Status.REJECTED)


class ImportPreviewMixin(ImportMixin):
    """Import with a preview that counts what will be created, changed and left alone,
    and that writes nothing unless every row is valid."""

    import_template_name = "admin/content_import.html"

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The preview already refused invalid files; this keeps the confirmed import
        # all-or-nothing too, should the data have changed in between.
        return {**kwargs, "rollback_on_validation_errors": True}


class ContentAdmin(
    RowLabelsMixin, NoLostEditsMixin, ImportPreviewMixin, ImportExportMixin, SimpleHistoryAdmin
):
    """History, revert, no lost edits, import and export, named list_editable inputs, for a
    content model's admin."""
