"""Documents and the statements they carry.

A statement is a verbatim span of a held document: `document.body[start:end] == text`.
Where other documents carry the same words, each further place is a Passage with its
own offsets and its own text (capitals and quotation marks vary between outlets).
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Coalesce, Length
from django.utils import timezone
from django.utils.text import Truncator

from documents import search
from documents.bylines import SpeakersWithPosts
from oversight.addresses import address
from oversight.dates import PartialDate, check_period_start, precision_field
from oversight.plain_text import PlainTextModel
from oversight.querysets import SlugQuerySet
from people.models import Person, Role


class Document(PlainTextModel):
    """A source: held in full (body set) or only known of (body empty)."""

    verbatim_fields = ("body",)

    class Kind(models.TextChoices):
        PRESS_RELEASE = "press_release", "Press release"
        NEWS_ARTICLE = "news_article", "News article"
        REVIEW_REPORT = "review_report", "Review report"
        LETTER = "letter", "Letter"
        INSPECTION_REPORT = "inspection_report", "Inspection report"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    publisher = models.ForeignKey(
        "people.Organisation",
        on_delete=models.PROTECT,
        related_name="documents_published",
        null=True,
        blank=True,
        help_text="Empty where the source does not say who published it.",
    )
    published_on = models.DateField(null=True, blank=True, help_text="Empty if not stated.")
    published_on_precision = precision_field()
    url = models.URLField(max_length=500, blank=True)
    # NULL, not "", means not held: an empty text would still be a text we hold.
    body = models.TextField(  # noqa: DJ001
        null=True,
        blank=True,
        help_text="Full text; empty for documents we know of but do not hold.",
    )
    source_file = models.CharField(
        max_length=200, blank=True, help_text="The file in fixtures/seeds/ the body was read from."
    )
    sha256 = models.CharField(
        max_length=64, blank=True, editable=False, help_text="SHA-256 of the UTF-8 body."
    )
    referenced_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="references",
        null=True,
        blank=True,
        help_text="For a document not held: the held document that tells us of it.",
    )
    note = models.TextField(blank=True, help_text="What the record knows of it and from where.")

    objects = SlugQuerySet.as_manager()

    class Meta:
        ordering = [F("published_on").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(body__isnull=True, sha256="") | (Q(body__isnull=False) & ~Q(sha256="")),
                name="document_sha256_iff_body",
            ),
            models.UniqueConstraint(
                fields=["source_file"],
                condition=~Q(source_file=""),
                name="document_unique_source_file",
            ),
        ]
        indexes = [
            # Document lists filtered and sorted by date.
            models.Index(fields=["published_on"], name="document_published_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.sha256 = body_sha256(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("documents:detail", slug=self.slug)

    def evidence_label(self):
        """Say which document this is, for an officer choosing evidence."""
        return f"{self.title} ({self.published or 'undated'})"

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        self.sha256 = body_sha256(self.body)
        check_period_start(self.published_on, self.published_on_precision, "published_on")

    @property
    def is_held(self):
        return self.body is not None

    @property
    def published(self):
        return PartialDate(self.published_on, self.published_on_precision)


def body_sha256(body):
    """Return the hex SHA-256 of a body's UTF-8 bytes, or "" for no body."""
    return "" if body is None else hashlib.sha256(body.encode("utf-8")).hexdigest()


class Span(PlainTextModel):
    """Words at `start:end` of a held document's body, kept with the words themselves."""

    verbatim_fields = ("text",)

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="%(class)ss")
    start = models.PositiveIntegerField(help_text="Offset of the first character in the body.")
    end = models.PositiveIntegerField(help_text="Offset just past the last character.")
    text = models.TextField(help_text="Exactly body[start:end].")

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="%(app_label)s_%(class)s_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("text")),
                name="%(app_label)s_%(class)s_text_fits_offsets",
            ),
        ]

    @property
    def anchor(self):
        """Return the id of this span's mark on its document's page."""
        return f"{self._meta.model_name}-{self.pk}"

    def get_url_in_document(self):
        """Return the address of this span, marked in its document's full text."""
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    def provenance_error(self):
        """Return why this span is not a verbatim span of its document, or None."""
        body = self.document.body
        if body is None:
            return f"{self.document} is not held, so it cannot carry a span."
        if self.end > len(body):
            return f"offset {self.end} is past the end of {self.document} ({len(body)} characters)."
        if self.end <= self.start:
            return f"end {self.end} is not after start {self.start}."
        if body[self.start : self.end] != self.text:
            return f"the text does not match {self.document} at {self.start}:{self.end}."
        return None

    def clean(self):
        if self.document_id and (error := self.provenance_error()):
            raise ValidationError({"text": error})


# How much of the document a permalink shows either side of the statement.
CONTEXT_CHARACTERS = 400


class StatementQuerySet(models.QuerySet):
    def get_by_natural_key(self, reference):
        return self.get(reference=reference)

    def search(self, query, record_cache=None):
        """Return the statements matching `query`, with a `rank` alias (higher is better).

        `query` is text in the search syntax (see documents/search.py) or a ParsedQuery;
        text that says nothing raises ValidationError, and an empty query filters nothing.
        A `record_cache` keeps which of its words name posts until the record changes.
        A statement is searched as its words together with the titles of the posts its
        speakers held that day: "director of people" finds what Peter Hay said in that post.
        """
        parsed = query if isinstance(query, search.ParsedQuery) else search.parse(query)
        if not parsed:
            return self.alias(rank=Value(0.0))
        connection = connections[self.db]
        engine = search.engine_for(connection)
        queryset = engine.prepare(self)
        # Resolved now, in one query: when no post title matches, as for most searches, the
        # query stays a lookup that the full-text index answers alone.
        naming_roles = engine.phrases_naming_roles(connection, parsed.phrases(), record_cache)
        queryset = queryset.filter(engine.matches(parsed, naming_roles, self.spoken_in_roles))
        return queryset.alias(rank=Coalesce(engine.rank(parsed.any_phrase()), 0.0))

    def matches_known(self, query, limit, record_cache=None):
        """Return how many statements `query` matches, up to `limit`, where the database
        keeps it without counting them (search.Engine.statements_with_word): for one word
        and nothing else, on PostgreSQL. None where they must be counted.

        A word that names posts also finds what their holders said in them: then the
        words' count is only a floor, which tells no more than a count would unless it
        reaches the limit.
        """
        parsed = query if isinstance(query, search.ParsedQuery) else search.parse(query)
        word = parsed.only_word()
        if word is None:
            return None
        connection = connections[self.db]
        engine = search.engine_for(connection)
        known = engine.statements_with_word(connection, word, record_cache)
        if known is None:
            return None
        if known < limit and engine.phrases_naming_roles(
            connection, parsed.phrases(), record_cache
        ):
            return None
        return min(known, limit)

    @staticmethod
    def spoken_in_roles(role_ids):
        """Return roles among `role_ids` (ids, or a subquery of them) held by a speaker of
        the outer statement on its day."""
        return Role.objects.held_on(OuterRef("said_on")).filter(
            pk__in=role_ids, person__statements=OuterRef("pk")
        )

    def with_bylines(self):
        """Prefetch what a list shows: document, speakers and the posts they held.

        The speakers, with the posts they held on each statement's day, come in one query
        (documents.bylines) into plain lists, read by Statement.bylines and Person.role_on.
        """
        return self.select_related("document__publisher").prefetch_related(
            Prefetch("speakers_with_posts", to_attr=Statement.PREFETCHED_SPEAKERS)
        )


class Statement(Span):
    """Words attributed to one or more people, at their first place in a held document."""

    class Kind(models.TextChoices):
        DIRECT_QUOTE = "direct_quote", "Direct quote"
        WRITTEN_RESPONSE = "written_response", "Written response"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        REPORTED = "reported", "Reported speech"

    reference = models.SlugField(
        max_length=120, unique=True, help_text="Stable name used by the fixture and in citations."
    )
    speakers = models.ManyToManyField(Person, related_name="statements")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    said_on = models.DateField(
        null=True, blank=True, help_text="Empty if the source gives no date."
    )
    said_on_precision = precision_field()
    quoted_from = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="quoted_statements",
        null=True,
        blank=True,
        help_text="Where the words first appeared, if not held here (a report, a letter).",
    )
    # Nullable with no default, so that adding it is a plain ALTER TABLE: SQLite remakes a
    # table for a column with a default, and the remade table loses its search triggers.
    recorded_at = models.DateTimeField(
        null=True, editable=False, help_text="When the statement entered the record."
    )

    objects = StatementQuerySet.as_manager()
    # The attribute StatementQuerySet.with_bylines prefetches the speakers into.
    PREFETCHED_SPEAKERS = "prefetched_speakers"
    speakers_with_posts = SpeakersWithPosts()

    class Meta(Span.Meta):
        ordering = [F("said_on").asc(nulls_last=True), "document__slug", "start"]
        indexes = [
            # Statement lists filtered and sorted by date.
            models.Index(fields=["said_on"], name="statement_said_on_idx"),
            # A document page marks its statements in body order.
            models.Index(fields=["document", "start"], name="statement_document_start_idx"),
            # Newest first (said_on DESC NULLS LAST, id DESC) is statement_newest_idx, made by
            # migration 0004 in SQL of its own: Django's Index cannot say NULLS LAST on SQLite.
        ]

    def __str__(self):
        return f"{self.reference}: {Truncator(self.text).chars(60)}"

    def save(self, *args, **kwargs):
        if self.recorded_at is None:
            self.recorded_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("documents:statement", pk=self.pk)

    def natural_key(self):
        return (self.reference,)

    def evidence_label(self):
        """Say who said what and when, for an officer choosing evidence.

        Reads the speakers; prefetch them for a list.
        """
        speakers = ", ".join(str(person) for person in self.speakers.all()) or "No speaker"
        said = self.said or "undated"
        return f"{speakers}, {said}: “{Truncator(self.text).chars(80)}” ({self.reference})"

    def clean(self):
        super().clean()
        check_period_start(self.said_on, self.said_on_precision, "said_on")

    @property
    def said(self):
        return PartialDate(self.said_on, self.said_on_precision)

    def snippet(self):
        """Return the search headline as HTML with matches marked, or the text shortened.

        The headline is set by `search.attach_headlines` on a page of results.
        """
        headline = getattr(self, "headline", None)
        if headline and search.MARK_START in headline:
            return search.marked_html(headline, self.text)
        return Truncator(self.text).words(search.HEADLINE_WORDS)

    def bylines(self):
        """Return (speaker, role held on the day) pairs; the role may be None."""
        return [(person, roles[0] if roles else None) for person, roles in self.posts_held()]

    def posts_held(self):
        """Return (speaker, every role held on the day) pairs, the byline's role first: a
        council leader may speak as leader of his party group too."""
        speakers = getattr(self, self.PREFETCHED_SPEAKERS, None)
        if speakers is None:
            speakers = self.speakers.all()
        return [(person, person.roles_on(self.said_on)) for person in speakers]

    def in_context(self, characters=CONTEXT_CHARACTERS):
        """Return (before, after): the document's words either side of the statement.

        Each side is cut at a word boundary about `characters` away, and is empty where the
        statement starts or ends its document.
        """
        body = self.document.body or ""
        before = body[max(0, self.start - characters) : self.start]
        after = body[self.end : self.end + characters]
        if self.start > characters and " " in before:
            before = "… " + before.split(" ", 1)[1]
        if self.end + characters < len(body) and " " in after:
            after = after.rsplit(" ", 1)[0] + " …"
        return before, after

    def citation(self, url):
        """Return a citation to copy: speakers with their roles, quotation, source, date, URL."""
        speakers = "; ".join(
            f"{person} ({role.label})" if role else str(person) for person, role in self.bylines()
        )
        reported = self.kind == self.Kind.REPORTED
        source = described(self.document)
        if self.quoted_from_id:
            # Words from a document not held (a report, a letter): cite it, then where it was
            # quoted, or the words read as if said to the paper that printed them.
            how = "reported" if reported else "quoted"
            source = f"{described(self.quoted_from, held=False)}, {how} in: {source}"
        said = f", {self.said}" if self.said else ", undated"
        # One paragraph, as citations are set: a paragraph's own opening mark, which British
        # usage repeats at each paragraph of a long quotation, goes with its line break.
        quotation = " ".join(re.sub(r"\n\s*“", "\n", self.text).split())
        # The words stay verbatim: a quotation that does not end a sentence gets its full
        # stop after the closing mark, as British usage sets it.
        stop = "" if quotation.endswith((".", "!", "?", "…")) else "."
        # Reported speech is the reporter's words for what was said, not the speaker's own.
        as_reported = ", as reported" if reported else ""
        return f"{speakers}{said}{as_reported}: “{quotation}”{stop} In: {source}. {url}"


def described(document, *, held=True):
    """Return a document as a citation names it: title, publisher and date. Of the held
    document the words are read in, say where the record does not know them (a reader
    should not take them for left out); one only quoted (a letter) names what is known."""
    if not held:
        parts = (document.title, document.publisher, document.published)
        return ", ".join(str(part) for part in parts if part)
    publisher = document.publisher or "publisher not stated"
    return f"{document.title}, {publisher}, {document.published or 'undated'}"


class Passage(Span):
    """A further place that carries a statement's words: "also reported in"."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="passages")

    class Meta(Span.Meta):
        ordering = ["statement", "document__slug", "start"]
        constraints = [
            *Span.Meta.constraints,
            models.UniqueConstraint(
                fields=["statement", "document"], name="passage_one_place_per_document"
            ),
        ]

    def __str__(self):
        return f"{self.statement.reference} in {self.document}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()

    def natural_key(self):
        return (self.statement.reference, self.document.slug)
