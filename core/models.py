"""What every content app shares: the degree choice, and abstract bases for the
fields and rules that repeat (published, ordered, last verified, slug natural key).

The one concrete model is Correction (a reader's suggestion about any page, reaching
its subject through content types); nothing here imports another app of ours.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .validators import validate_http_url


class Degree(models.TextChoices):
    """The degree a program, ranking, role, figure or question is about.

    ANY is the one way to say "both": a role open to either degree, a figure about
    graduates in general, a question for every applicant. Programs and rankings are
    always one degree (see LEVELS).
    """

    PHD = "phd", "PhD"
    MASTERS = "masters", "Master's"
    ANY = "any", "Master's or PhD"

    @classmethod
    def level_choices(cls):
        """The choices for something that is one degree, never both."""
        return [(level.value, level.label) for level in LEVELS]

    def covers(self):
        """The values a query for this degree matches: itself and ANY (for ANY, all)."""
        if self == Degree.ANY:
            return list(Degree.values)
        return [self.value, Degree.ANY.value]

    def levels(self):
        """The concrete degrees this value stands for: ANY is both."""
        return list(LEVELS) if self == Degree.ANY else [self]


LEVELS = (Degree.PHD, Degree.MASTERS)
# For a CheckConstraint on a `degree` that is one level, never ANY (a program, a table).
ONE_DEGREE = Q(degree__in=[level.value for level in LEVELS])


def published_q(model, prefix=""):
    """The published rule for `model`, as a Q object reached through `prefix`.

    An object is public when its own flag is on (if it has one, see Publishable)
    and every relation named in its `published_through` leads to a public object;
    a nullable relation may also be empty. `prefix` ("programs__") lets another
    model's queries apply the same rule to related rows.
    """
    q = Q(**{f"{prefix}is_published": True}) if issubclass(model, Publishable) else Q()
    for name in getattr(model, "published_through", ()):
        field = model._meta.get_field(name)
        related = published_q(field.related_model, f"{prefix}{name}__")
        q &= (Q(**{f"{prefix}{name}__isnull": True}) | related) if field.null else related
    return q


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public page's query goes through here."""
        return self.filter(published_q(self.model))


class SlugNaturalKeyManager(models.Manager):
    """Content is addressed by slug, so fixtures carry no primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKey(models.Model):
    """A unique slug that is also the natural key. Subclasses may redefine the field."""

    slug = models.SlugField(max_length=80, unique=True)

    objects = SlugNaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class Publishable(models.Model):
    """Content an editor can hide from every public page without deleting it.

    `published_through` names relations that must be published too: a program of
    an unpublished university is hidden with it.
    """

    is_published = models.BooleanField(
        "published",
        default=True,
        help_text="Untick to hide it from every public page without deleting it.",
    )

    published_through = ()

    class Meta:
        abstract = True


class Ordered(models.Model):
    """An editor-set position among its siblings."""

    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        abstract = True


def stale_before():
    """The day before which a check is too old to trust without a fresh look
    (settings.STALE_AFTER_DAYS ago)."""
    return timezone.localdate() - datetime.timedelta(days=settings.STALE_AFTER_DAYS)


def is_stale(last_verified):
    """True when `last_verified` (a date, or None for "never") is too old."""
    return last_verified is None or last_verified < stale_before()


class Verified(models.Model):
    """When an editor last checked this against its source; shown beside the source."""

    last_verified = models.DateField(
        help_text="When an editor last checked this against its source(s)."
    )

    class Meta:
        abstract = True

    @property
    def is_stale(self):
        return is_stale(self.last_verified)


class Searchable(models.Model):
    """A search document: the texts core.search reads for this object, relations included,
    kept in the row so a search of thousands of objects reads no joins.

    Derived data, never edited: the model's app keeps it right with signals (every
    change to the object or to a related row it draws on) and rebuilds it after
    `migrate` and bulk loads, with `objects.rebuild_search_documents()`.
    """

    search_document = models.TextField(
        editable=False, default="", help_text="Worked out from the searched fields."
    )
    search_words = models.TextField(
        editable=False, default="", help_text="The document's words, for the full-text index."
    )
    # PostgreSQL only (always empty elsewhere): the words as a tsvector, stored, so that a
    # search matching thousands of rows reads them instead of parsing every row's words
    # again (250 ms for 10,000 programs). Written with the words, by the same rebuild.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        abstract = True


class Correction(models.Model):
    """A reader's suggestion that a fact is wrong, waiting for an editor."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    page = models.CharField(max_length=300, help_text="The page the reader was on.")
    fact = models.CharField(
        "which fact", max_length=200, blank=True, help_text="The fact the reader means."
    )
    message = models.TextField(
        "what is wrong, and what is right", max_length=2000, help_text="In the reader's words."
    )
    source_url = models.URLField(
        "where to check it",
        max_length=500,
        blank=True,
        validators=[validate_http_url],
    )
    email = models.EmailField("reader's email", blank=True, help_text="Only for a reply.")
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    editor_note = models.TextField(blank=True, help_text="What you did about it, and why.")
    created = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # A keyed hash of the sender's address, for the hourly limit; never the address.
    address_hash = models.CharField(max_length=64, editable=False, db_index=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "-created"], name="correction_queue")]

    def __str__(self):
        return f"Correction to {self.page} ({self.get_status_display().lower()})"
