"""What the admin's import and export read and write, column by column (core.imports
says how every import behaves: matched by slug, validated, all-or-nothing, recorded).

A ranking table is imported into a Ranking the editor has created: one CSV row per row
of the table as printed (`university`, `program` as printed, one column per criterion
slug holding the rank), which becomes one RankingEntry per criterion and program.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from core.imports import SEPARATOR, ContentResource, history_note

from .models import Program, ProgramAttribute, RankingCriterion, RankingEntry, University


class UniversityResource(ContentResource):
    class Meta:
        model = University
        fields = ["slug", "name", "short_name", "city", "state", "country", "region",
                  "website", "summary", "location_source", "is_published"]  # fmt: skip


class ProgramResource(ContentResource):
    class Meta:
        model = Program
        fields = ["slug", "university", "name", "degree", "kind", "department", "location",
                  "core_courses", "tracks", "focus_areas", "areas_source", "description",
                  "official_url", "source", "details_source", "last_verified",
                  "is_published"]  # fmt: skip


class ProgramAttributeResource(ContentResource):
    """Program admissions values, one row per value: a program's values are imported on
    their own, after the program exists (a value needs its program, like in the admin)."""

    class Meta:
        model = ProgramAttribute
        name = "Program admissions values"
        # A program holds one value of an attribute per source (its natural key).
        import_id_fields = ["program", "attribute", "source"]
        fields = ["program", "attribute", "source", "cycle", "order", "note", "date",
                  "amount", "currency", "period", "funding", "test_policy", "toefl_minimum",
                  "ielts_minimum", "duration_min", "duration_max", "duration_unit", "pace",
                  "delivery", "pathway", "number", "number_high", "url", "disputed",
                  "last_verified"]  # fmt: skip


class RankWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(f"“{value}” is not a rank: give a whole number from 1.") from None


class SlugListWidget(widgets.Widget):
    """Our program slugs, as one comparable text."""

    def clean(self, value, row=None, **kwargs):
        return f"{SEPARATOR} ".join(
            sorted(slug.strip() for slug in str(value or "").split(SEPARATOR) if slug.strip())
        )


class TableRow:
    """One row of a ranking table as the file prints it, resolved to our programs.

    Attributes are the file's columns: `university`, `program`, `programs` (our slugs)
    and one per criterion slug, holding the rank (None where the table gives none).
    """

    def __init__(self, ranking, criteria, university, program, programs, ranks):
        self.ranking, self.criteria = ranking, criteria
        self.university, self.program = university, program
        self.matched = programs
        self.programs = f"{SEPARATOR} ".join(sorted(p.slug for p in programs))
        for criterion in criteria:
            setattr(self, criterion.slug, ranks.get(criterion.pk))
        self.pk = None
        self._entries, self._stale = [], []

    def __str__(self):
        return f"{self.university}: {self.program}"

    def full_clean(self, exclude=(), validate_unique=True):
        """Build each entry and validate it as the admin would; errors name the column."""
        programs = self.matched
        errors, self._entries, self._stale = {}, [], []
        existing = {
            (entry.program_id, entry.criterion_id): entry
            for entry in RankingEntry.objects.filter(ranking=self.ranking, program__in=programs)
        }
        for criterion in self.criteria:
            if criterion.slug in exclude:
                continue
            rank = getattr(self, criterion.slug)
            for program in programs:
                entry = existing.get((program.pk, criterion.pk))
                if rank is None:
                    if entry:
                        self._stale.append(entry)
                    continue
                if entry is None:
                    entry = RankingEntry(ranking=self.ranking, criterion=criterion, program=program)
                entry.rank = rank
                ours = {program.name.casefold(), program.slug.casefold()}
                entry.published_name = "" if self.program.casefold() in ours else self.program
                try:
                    entry.full_clean(validate_unique=validate_unique)
                except ValidationError as error:
                    messages = [m for ms in error.message_dict.values() for m in ms]
                    errors.setdefault(criterion.slug, []).extend(messages)
                self._entries.append(entry)
        if not self._entries and not errors:
            errors["program"] = ["the row gives no rank on any criterion of the file."]
        if errors:
            raise ValidationError(errors)

    def save(self, user=None, file_name=None):
        for entry in self._entries:
            history_note(entry, user, file_name)
            entry.save()
        for entry in self._stale:
            history_note(entry, user, file_name)
            entry.delete()


class _NoLoader(BaseInstanceLoader):
    """Rows are found by RankingTableResource.get_or_init_instance()."""


class RankingTableResource(resources.Resource):
    """One edition of a ranking table, from one CSV, into the Ranking chosen on the
    import page. Rows are matched to programs by university (name, short name or
    slug) and the program as printed (see ProgramQuerySet.listed_as); an optional
    `programs` column gives our program slugs for a name no table has printed yet."""

    university = fields.Field(attribute="university", column_name="university")
    program = fields.Field(attribute="program", column_name="program")
    programs = fields.Field(attribute="programs", column_name="programs",
                            widget=SlugListWidget())  # fmt: skip

    class Meta:
        model = RankingEntry
        name = "Ranking table (one edition)"
        instance_loader_class = _NoLoader
        import_id_fields = ["university", "program"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    @classmethod
    def get_display_name(cls):
        return cls._meta.name

    def __init__(self, ranking=None, form=None, **kwargs):
        super().__init__(**kwargs)
        if ranking is None and form is not None and form.is_bound and form.is_valid():
            ranking = form.cleaned_data.get("ranking")
        self.ranking = ranking
        self.criteria = list(RankingCriterion.objects.all())
        for criterion in self.criteria:
            self.fields[criterion.slug] = fields.Field(
                attribute=criterion.slug, column_name=criterion.slug, widget=RankWidget()
            )

    def import_data(self, dataset, *args, **kwargs):
        # The preview shows the file's criterion columns only.
        present = set(dataset.headers or ())
        self.criteria = [c for c in self.criteria if c.slug in present]
        for slug in {c.slug for c in RankingCriterion.objects.all()} - present:
            self.fields.pop(slug, None)
        if "programs" not in present:
            self.fields.pop("programs", None)
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        if self.ranking is None:
            raise ValueError("Choose the ranking table the file is an edition of.")
        unknown = set(dataset.headers or ()) - set(self.fields)
        if unknown:
            names = ", ".join(f"“{name}”" for name in sorted(unknown))
            raise ValueError(
                f"Column {names} is not university, program, programs or a ranking "
                "criterion's slug: add the criterion first, or rename the column."
            )
        if not self.criteria:
            raise ValueError("The file has no rank column: name each after a criterion's slug.")

    def get_or_init_instance(self, instance_loader, row):
        printed = str(row.get("program") or "").strip()
        named = str(row.get("university") or "").strip()
        found = list(
            University.objects.filter(
                Q(name__iexact=named) | Q(short_name__iexact=named) | Q(slug__iexact=named)
            )[:2]
        )
        if not found:
            raise ValidationError({"university": f"no university is called “{named}”."})
        if len(found) > 1:
            raise ValidationError(
                {"university": f"“{named}” names more than one university: use its slug."}
            )
        university = found[0]
        given = SlugListWidget().clean(row.get("programs"))
        programs = Program.objects.filter(degree=self.ranking.degree)
        if given:
            slugs = given.split(f"{SEPARATOR} ")
            programs = programs.filter(university=university, slug__in=slugs)
            if len(programs) != len(slugs):
                raise ValidationError(
                    {"programs": f"not all of “{given}” are {university}'s "
                     f"{self.ranking.get_degree_display()} programs."}
                )  # fmt: skip
        else:
            programs = programs.listed_as(university, printed)
        programs = list(programs)
        if not programs:
            raise ValidationError(
                {"program": f"“{printed}” is none of {university}'s "
                 f"{self.ranking.get_degree_display()} programs (by our slug or name, or as "
                 "an earlier table printed it): add the program first, or give our program "
                 "slugs in a “programs” column."}
            )  # fmt: skip
        ranks = {}
        for entry in RankingEntry.objects.filter(ranking=self.ranking, program__in=programs):
            ranks[entry.criterion_id] = min(entry.rank, ranks.get(entry.criterion_id, entry.rank))
        instance = TableRow(self.ranking, self.criteria, named, printed, programs, ranks)
        return instance, not ranks

    def before_save_instance(self, instance, row, **kwargs):
        instance._import_by = (kwargs.get("user"), kwargs.get("file_name"))

    def do_instance_save(self, instance, is_create):
        instance.save(*instance._import_by)
