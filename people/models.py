"""People, the organisations they belong to, and the roles they held over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from oversight.addresses import address
from oversight.dates import PartialDate, check_period_start, precision_field
from oversight.plain_text import PlainTextModel
from oversight.querysets import SlugQuerySet


class Organisation(PlainTextModel):
    """A body that people act for: the council, a department, an inspectorate."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        GOVERNMENT_DEPARTMENT = "government_department", "Government department"
        INSPECTORATE = "inspectorate", "Inspectorate"
        REVIEW_PANEL = "review_panel", "Review panel"
        POLITICAL_GROUP = "political_group", "Political group"
        SAFEGUARDING_BOARD = "safeguarding_board", "Safeguarding board"
        PUBLISHER = "publisher", "Publisher"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=40, blank=True, help_text="The abbreviation the sources use, e.g. BSCB."
    )
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The body this one belongs to: a political group's council, for example.",
    )

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Person(PlainTextModel):
    """Someone the sources name in a role."""

    name = models.CharField(max_length=200, help_text="Full name without honorific.")
    honorific = models.CharField(
        max_length=40, blank=True, help_text="Sir, Lord, Professor, Cllr, ... as the sources use."
    )
    post_nominals = models.CharField(max_length=40, blank=True, help_text="e.g. MBE.")
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(blank=True, help_text="One or two sentences, from the sources.")

    objects = SlugQuerySet.as_manager()
    # The attribute StatementQuerySet.with_bylines prefetches into: for a statement's
    # speaker, the roles held on its day (documents.bylines).
    PREFETCHED_ROLES = "prefetched_roles"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return address("people:detail", slug=self.slug)

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self):
        return " ".join(part for part in (self.honorific, self.name, self.post_nominals) if part)

    def role_on(self, day):
        """Return the role this person held on `day`, or None.

        Works on `roles.all()`, or the list StatementQuerySet.with_bylines prefetches into
        PREFETCHED_ROLES (a statement's speaker's roles on its day), so a prefetched list
        answers without a query. Where roles overlap, the lowest precedence wins, then
        the one started most recently.
        """
        held = self.roles_on(day)
        return held[0] if held else None

    def roles_on(self, day):
        """Return every role this person held on `day`, the byline's first (see role_on)."""
        if day is None:
            return []
        roles = getattr(self, self.PREFETCHED_ROLES, None)
        if roles is None:
            roles = self.roles.all()
        return sorted((role for role in roles if role.held_on(day)), key=Role.byline_order)


class RoleQuerySet(models.QuerySet):
    def get_by_natural_key(self, person_slug, title):
        return self.get(person__slug=person_slug, title=title)

    def held_on(self, day):
        """Return the roles held on `day`: started on or before it, not yet ended.

        `day` is a date, or an expression for one: the statement searches ask with
        OuterRef("said_on"), each statement's own day.
        """
        started = Q(started_on__isnull=True) | Q(started_on__lte=day)
        not_ended = Q(ended_on__isnull=True) | Q(ended_on__gt=day)
        return self.filter(started & not_ended)


class Role(PlainTextModel):
    """A post a person held in an organisation, for as long as the sources say."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="roles",
        null=True,
        blank=True,
        help_text="Leave empty where the sources name the post but not the body.",
    )
    title = models.CharField(max_length=200, help_text="The post as the sources name it.")
    started_on = models.DateField(
        null=True, blank=True, help_text="First day of the period; empty if not stated."
    )
    started_on_precision = precision_field()
    ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="First day of the period in which it ended; empty if still held or unknown.",
    )
    ended_on_precision = precision_field()
    source = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="roles_sourced",
        null=True,
        blank=True,
        help_text="The document the role and its dates come from.",
    )
    precedence = models.PositiveSmallIntegerField(
        default=10,
        help_text="Where posts held at once overlap, the lowest is the one a byline shows.",
    )
    note = models.TextField(blank=True, help_text="How the dates were read from the source.")

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", F("started_on").asc(nulls_first=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title"], name="role_unique_title_per_person"
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="role_ends_after_it_starts",
            ),
        ]
        indexes = [
            # role_on / held_on: a person's roles around a date.
            models.Index(fields=["person", "started_on"], name="role_person_started_idx"),
        ]

    def __str__(self):
        where = f", {self.organisation}" if self.organisation_id else ""
        return f"{self.person}: {self.title}{where}"

    def natural_key(self):
        return (self.person.slug, self.title)

    def clean(self):
        check_period_start(self.started_on, self.started_on_precision, "started_on")
        check_period_start(self.ended_on, self.ended_on_precision, "ended_on")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "A role cannot end before it starts."})

    def byline_order(self):
        """Return a key that sorts the role a byline should show first."""
        started = self.started_on.toordinal() if self.started_on else 0
        return (self.precedence, -started)

    def held_on(self, day):
        """Return whether the role was held on `day` (see RoleQuerySet.held_on)."""
        started = self.started_on is None or self.started_on <= day
        not_ended = self.ended_on is None or self.ended_on > day
        return started and not_ended

    @property
    def started(self):
        return PartialDate(self.started_on, self.started_on_precision)

    @property
    def ended(self):
        return PartialDate(self.ended_on, self.ended_on_precision)

    @property
    def label(self):
        """Return "Title, Organisation" for a byline."""
        if self.organisation_id:
            return f"{self.title}, {self.organisation.name}"
        return self.title
