"""Filters for documents, and for statements: the search page, its exports, its feed and the
API share the statement filters."""

import datetime
import functools
import re

import django_filters
import django_filters.fields
from django import forms
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from documents import search
from documents.models import Document, Passage, Statement
from oversight.dates import PartialDate
from oversight.filters import (
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    RangeForm,
    ReachingDateFilter,
    given_a_value,
)
from oversight.record_cache import RecordCache
from oversight.titles import folded_title, folded_title_in_sql
from people.models import Organisation, Person, Role


class SearchQueryField(forms.CharField):
    """A search box whose text must parse: a query that says nothing is a form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", search.MAX_QUERY_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        # Control characters (NUL included) cannot mean anything in a search: drop them
        # rather than refuse the whole query. A query of nothing else says nothing: not
        # the empty box, which lists every statement.
        if not isinstance(value, str):
            return super().to_python(value)
        cleaned = super().to_python(search.clean_query(value))
        if value.strip() and not cleaned:
            raise ValidationError(search.NOTHING_TO_SEARCH, code="empty")
        return cleaned

    def validate(self, value):
        super().validate(value)
        search.parse(value)


class SearchQueryFilter(django_filters.CharFilter):
    field_class = SearchQueryField


class SlugOrNameField(forms.ModelChoiceField):
    """A row named by its slug, or by words that make that slug: "Peter Hay" is peter-hay."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            if not isinstance(value, str) or slugify(value) in ("", value):
                raise
            return super().to_python(slugify(value))


# Words before a name that are not part of it: "Sir Albert Bore" is albert-bore.
TITLE_LIST = """
    baron baroness cllr councillor dame dr lady lord miss mr mrs ms prof professor
    right rt honourable hon sir the
"""
TITLES = frozenset(TITLE_LIST.split())
# And after it, as the site prints "Cllr Paul Tilsley MBE".
POST_NOMINALS = frozenset(["cbe", "dbe", "kbe", "mbe", "obe", "mp", "qc", "kc", "phd"])


class SlugOrWordsField(SlugOrNameField):
    """A row named by its slug or, failing that, by words that `named` looks for."""

    def to_python(self, value):
        if isinstance(value, str):  # before any lookup: PostgreSQL refuses NUL in text
            self.validate_no_null_characters(value)
        try:
            return super().to_python(value)
        except ValidationError:
            if not isinstance(value, str) or not value.strip():
                raise
        return self.named(value.strip())

    def named(self, typed):
        raise NotImplementedError


# A word or phrase left out of a search (`-modest`, `-"care leavers"`), as a file name
# says it: the minus sign alone would be dropped from the name.
LEFT_OUT = re.compile(r"(?<!\S)-(?=\S)")


class PersonField(SlugOrWordsField):
    """A person named by their page's address (albert-bore, or the whole address pasted),
    by their name with or without a title ("Sir Albert Bore", "Albert Bore"), by a first
    name or surname only one person in the record has, or by a shortened first name
    ("Ed Timpson" for Edward Timpson)."""

    def named(self, typed):
        slug = self.slug_of(typed)
        people = self.people_named(slug)
        exact = [person for person in people if person.slug == slug]
        if exact or len(people) == 1:
            return (exact or people)[0]
        if not people:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": typed},
            )
        named = "; ".join(f"{person} ({person.slug})" for person in people)
        raise ValidationError(
            "“%(value)s” could be any of %(count)s people: %(named)s. Type the whole name.",
            code="ambiguous",
            params={"value": typed, "count": len(people), "named": named},
        )

    @staticmethod
    def slug_of(typed):
        """Return the slug `typed` makes: a page's address, or a name without its title
        and honours."""
        if "/" in typed:  # an address: /people/albert-bore/ or the whole URL
            return slugify(typed.rstrip("/").rsplit("/", 1)[-1])
        words = typed.replace(".", " ").replace(",", " ").split()
        while words[1:] and words[0].lower() in TITLES:
            words.pop(0)
        while words[1:] and words[-1].lower() in POST_NOMINALS:
            words.pop()
        return slugify(" ".join(words))

    def people_named(self, slug):
        """Return the people a name's `slug` may name."""
        if not slug:
            return []
        first, _, rest = slug.partition("-")
        named = Q(slug=slug) | Q(slug__endswith=f"-{slug}")
        if rest:  # a first name shortened: ed-timpson is edward-timpson
            named |= Q(slug__startswith=first, slug__endswith=f"-{rest}")
        else:  # a first name alone
            named |= Q(slug__startswith=f"{slug}-")
        return list(self.queryset.filter(named).order_by("name"))


class DocumentField(SlugOrWordsField):
    """A document named by the end of its page's address, or by its whole title in any
    case, with straight or curly apostrophes."""

    def named(self, typed):
        titled = self.queryset.annotate(folded=folded_title_in_sql("title"))
        documents = list(titled.filter(folded=folded_title(typed))[:5])
        if len(documents) == 1:
            return documents[0]
        if not documents:
            raise ValidationError(
                "No document has the title or address “%(value)s”.",
                code="invalid_choice",
                params={"value": typed},
            )
        named = "; ".join(document.slug for document in documents)
        raise ValidationError(
            f"Several documents have that title: give the end of one's address ({named}).",
            code="ambiguous",
        )


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(ModelChoiceFilter):
    """A choice of rows named by their slug (or their name, typed: see SlugOrNameField)."""

    field_class = SlugOrNameField

    def __init__(self, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.STR)
class PersonFilter(SlugFilter):
    field_class = PersonField


@extend_schema_field(OpenApiTypes.STR)
class DocumentFilter(SlugFilter):
    field_class = DocumentField


class RecordChoiceField(django_filters.fields.ChoiceField):
    """A choice whatever its case, by its value or as it is listed: role=director of people
    is the post "Director of People", and organisation=Labour Group is labour-group, as a
    statement's speakers name it."""

    def to_python(self, value):
        return self.as_listed(super().to_python(value))

    def prepare_value(self, value):
        # So that the list shows the choice selected as it is listed.
        return self.as_listed(super().prepare_value(value))

    def as_listed(self, value):
        """Return the choice `value` names, as listed; `value` itself if none or not text.
        Any case, straight or curly apostrophes (oversight.titles)."""
        if isinstance(value, str) and value and not self.valid_value(value):
            folded = folded_title(value)
            for choice, label in self.choices:
                if choice and folded in (folded_title(str(choice)), folded_title(str(label))):
                    return choice
        return value


@extend_schema_field(OpenApiTypes.STR)
class RecordChoiceFilter(ChoiceFilter):
    """A choice among values the record holds, listed by StatementSearchForm."""

    field_class = RecordChoiceField


def search_choices(record_cache):
    """Return the lists the search form offers: every post title, every organisation.

    Both come from the cache until the record next changes: at a national scale the
    distinct titles of 20,000 posts cost 3 to 6 ms a search.
    """

    def compute():
        titles = Role.objects.order_by("title").values_list("title", flat=True).distinct()
        return {
            "role": [(title, title) for title in titles],
            "organisation": list(Organisation.objects.order_by("name").values_list("slug", "name")),
        }

    return record_cache.get("statement-search-choices", compute)


class StatementSearchForm(RangeForm):
    """The statement filters' form: its two long lists read together, and only if needed.

    Each list is read when the form is drawn or a value in it is checked, so the API
    and the feeds, which draw no form, read them only to check a role or organisation.
    """

    filters_template = "documents/_search_filters.html"
    ranges = [("date_from", "date_to")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.record_cache = RecordCache()
        choices = functools.cache(lambda: search_choices(self.record_cache))
        self.fields["role"].choices = lambda: choices()["role"]
        self.fields["organisation"].choices = lambda: choices()["organisation"]

    def filters_html(self):
        """Return the fieldset of every filter but the search box, as HTML.

        With no filter given, as in most searches, the fieldset depends only on the record
        (its lists of posts and organisations), so it comes from the cache until the record
        next changes: drawing its 300 options and eight fields took a fifth of a search.
        """

        def draw():
            return render_to_string(self.filters_template, {"form": self})

        # A filter left blank (?role=, as the form sends it) draws as one not sent.
        if any(self.data.get(name) for name in self.fields if name != "q"):
            return draw()
        return self.record_cache.get("statement-search-filters", draw)


def held_by_speaker_that_day(roles):
    """Return an Exists: a speaker of the outer statement held one of `roles` on its day."""
    held = roles.held_on(OuterRef("said_on")).filter(person__statements=OuterRef("pk"))
    return Q(said_on__isnull=False) & Exists(held)


class StatementFilterSet(FilterSet):
    """Search words plus person, role, organisation, document, kind, dates, and a sort."""

    class Sort:
        RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
        choices = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]

    q = SearchQueryFilter(
        label="Search for",
        method="filter_q",
        help_text='Words (stemmed), "exact phrases", -excluded words (or NOT word), '
        "OR between two terms.",
    )
    person = PersonFilter(
        label="Said by",
        queryset=Person.objects.all(),
        method="filter_person",
        # A text box, not a list: a national record's people are too many to send.
        widget=forms.TextInput(attrs={"placeholder": "e.g. Peter Hay"}),
        help_text="Their name (Sir Albert Bore, Albert Bore, or Bore alone if no one else "
        "has it), or their page's address (albert-bore).",
        error_messages={
            "invalid_choice": "No one in the record has the name or address “%(value)s”."
        },
    )
    role = RecordChoiceFilter(
        label="In the role of",
        choices=(),  # StatementSearchForm fills them in
        method="filter_role",
        empty_label="Any role",
        help_text="The post a speaker held on the day.",
        error_messages={"invalid_choice": "No post in the record is titled “%(value)s”."},
    )
    organisation = RecordChoiceFilter(
        label="Speaking for",
        choices=(),  # StatementSearchForm fills them in
        method="filter_organisation",
        empty_label="Any organisation",
        help_text="The organisation of a post the speaker held on the day: its name "
        "(Birmingham City Council) or slug (birmingham-city-council).",
        error_messages={
            "invalid_choice": "No organisation in the record has the name or slug “%(value)s”."
        },
    )
    document = DocumentFilter(
        label="Reported in or quoted from",
        queryset=Document.objects.all(),
        method="filter_document",
        widget=forms.TextInput(attrs={"placeholder": "e.g. le-grand-report"}),
        help_text="A document's title, or the end of its page's address: "
        "council-response-le-grand-review, le-grand-report.",
    )
    kind = ChoiceFilter(label="Kind", choices=Statement.Kind.choices, empty_label="Any kind")
    date_from = ReachingDateFilter(
        label="Said on or after",
        field_name="said_on",
        precision_field="said_on_precision",
        help_text="Words dated only to a month or year count if it runs to this day or later.",
    )
    date_to = DateFilter(
        label="Said on or before",
        field_name="said_on",
        lookup_expr="lte",
    )
    sort = ChoiceFilter(
        label="Sort by",
        choices=Sort.choices,
        method="filter_sort",
        empty_label="Best match",
        help_text="Best match is by relevance to the words searched for; newest first with no "
        "words, or when more match than the pages reach.",
    )

    class Meta:
        model = Statement
        fields = ["q", "person", "role", "organisation", "document", "kind"]
        form = StatementSearchForm

    def described(self):
        """Return the search in words, each filter as the form labels it: the feed's title.

        "Statements matching “jury”; Said by: Sir Albert Bore; Said on or after: 1 March 2014"
        """
        data = self.form.cleaned_data
        parts = [f"Statements matching “{data['q']}”" if data.get("q") else "Statements"]
        for name, field in self.form.fields.items():
            value = data.get(name)
            if name in ("q", "sort") or value in (None, ""):
                continue
            if isinstance(value, datetime.date):
                shown = PartialDate(value)
            elif isinstance(field, forms.ModelChoiceField):
                shown = value  # the person or document itself: its choices are every row
            else:
                shown = dict(getattr(field, "choices", ())).get(value, value)
            parts.append(f"{field.label}: {shown}")
        return "; ".join(parts)

    def named(self):
        """Return each filter given as a download's file name gives it: the words as typed,
        a person, document or organisation by its slug, a post by its title, a date as
        "from-2014-05-01" or "to-2014-06-30" whatever was typed. So one search however
        written downloads under one name, and two searches do not share one: a word left
        out is "not-modest", and a post is "post-director-of-people", apart from the same
        words searched for."""
        data = self.form.cleaned_data
        parts = []
        for name in self.filters:
            value = data.get(name)
            if name == "sort" or value in (None, ""):
                continue
            if name == "q":
                parts.append(LEFT_OUT.sub("not ", value))
            elif name == "role":
                parts.append(f"post {value}")
            elif isinstance(value, datetime.date):
                end = "from" if name == "date_from" else "to"
                parts.append(f"{end}-{value.isoformat()}")
            else:
                parts.append(getattr(value, "slug", value))
        return parts

    def search_parameters(self):
        """Return (name, value) for each filter given: the search itself, with no sort,
        page or format."""
        return [
            (name, value)
            for name in self.filters
            if name != "sort"
            for value in self.data.getlist(name)
            if value
        ]

    def search_query_string(self, without=(), **more):
        """Return "?" and the search, less the filters named in `without`, with `more`
        parameters that have a value ("" for none) in place of its own: a feed of the
        search, the search a feed follows and the search's downloads are at their address
        with it."""
        data = QueryDict(mutable=True)
        for name, value in self.search_parameters():
            if name not in without and name not in more:
                data.appendlist(name, value)
        for name, value in more.items():
            if value:
                data.appendlist(name, value)
        return f"?{data.urlencode()}" if data else ""

    # What places a statement in a post: the post, and the day it was said.
    IN_A_POST = ("role", "organisation", "date_from", "date_to")

    def undated_by_holders(self):
        """Return the people who held the post asked for (`role`, `organisation`), each with
        `undated`: how many of their statements match the rest of the search but have no
        date, and so cannot be placed in any post. [] if no post is asked for.

        Lord Warner's words as the Commissioner are all undated: his post alone finds
        none of them, and the page says why, in one query.
        """
        data = self.form.cleaned_data
        if not (data.get("role") or data.get("organisation")):
            return []
        holders = Person.objects.all()
        if data.get("role"):
            holders = holders.filter(roles__in=self.roles_titled(data["role"]))
        if data.get("organisation"):
            holders = holders.filter(roles__in=self.roles_in(data["organisation"]))
        statements = Statement.objects.filter(said_on__isnull=True)
        for name, value in data.items():
            if name not in (*self.IN_A_POST, "sort"):
                statements = self.filters[name].filter(statements, value)
        spoke = Statement.speakers.through.objects.filter(
            person=OuterRef("pk"), statement__in=statements.order_by().values("pk")
        )
        counted = spoke.order_by().values("person").annotate(count=Count("pk")).values("count")
        return list(
            Person.objects.filter(pk__in=holders.values("pk"))
            .annotate(undated=Subquery(counted))
            .filter(undated__gt=0)
            .order_by("name")
        )

    def post_never_quoted(self):
        """Return the post asked for (`role`, `organisation`) in words if no statement at all
        was made by someone holding it, whatever else is asked: "the post “Education
        Secretary”", "a post at Ofsted". "" if a statement was, or no post is asked for.

        For a search that finds nothing: it tells a post that finds nothing on its own
        from a search that is too narrow. One query.
        """
        data = self.form.cleaned_data
        asked = [name for name in ("role", "organisation") if data.get(name)]
        statements = Statement.objects.using(self.queryset.db)
        for name in asked:
            statements = self.filters[name].filter(statements, data[name])
        if not asked or statements.exists():
            return ""
        at = ""
        if organisation := data.get("organisation"):
            at = f" at {dict(self.form.fields['organisation'].choices)[organisation]}"
        return f"the post “{data['role']}”{at}" if data.get("role") else f"a post{at}"

    def person_never_quoted(self):
        """Return the person asked for (`person`) if no statement at all is theirs, else
        None: for a search that finds nothing, as post_never_quoted. One query."""
        person = self.form.cleaned_data.get("person")
        if person and not person.statements.using(self.queryset.db).exists():
            return person
        return None

    def unknown_parameters(self, also=(), without=()):
        """Return {name: [message]} for each parameter given a value that is not a filter
        (nor one of `also`, or is one of `without`): to a script, a misspelt filter would
        look applied. One given empty asks for nothing, as the search form sends its
        boxes left empty (`sort=`): it is let be, as the page's form lets it be."""
        known = (set(self.filters) | set(also)) - set(without)
        given = set(given_a_value(self.data))
        taken = ", ".join(sorted(known))
        return {
            name: [f"This address takes no “{name}”: it takes {taken}."]
            for name in sorted(given - known)
        }

    def matches_known(self, limit):
        """Return how many statements the search matches, up to `limit`, where the database
        keeps it (StatementQuerySet.matches_known): a search of one word and no filter.
        None where they must be counted."""
        data = self.form.cleaned_data
        others = [data.get(name) for name in self.filters if name not in ("q", "sort")]
        if not data.get("q") or any(value not in (None, "") for value in others):
            return None
        statements = Statement.objects.using(self.queryset.db)
        return statements.matches_known(data["q"], limit, self.form.record_cache)

    def filter_q(self, queryset, name, value):
        return queryset.search(value, record_cache=self.form.record_cache)

    def filter_person(self, queryset, name, person):
        spoke = Statement.speakers.through.objects.filter(statement=OuterRef("pk"), person=person)
        return queryset.filter(Exists(spoke))

    def filter_role(self, queryset, name, title):
        return queryset.filter(held_by_speaker_that_day(self.roles_titled(title)))

    def filter_organisation(self, queryset, name, slug):
        return queryset.filter(held_by_speaker_that_day(self.roles_in(slug)))

    @staticmethod
    def roles_titled(title):
        return Role.objects.filter(title=title)

    @staticmethod
    def roles_in(slug):
        """Return the posts in an organisation or in one of its parts."""
        return Role.objects.filter(Q(organisation__slug=slug) | Q(organisation__parent__slug=slug))

    def filter_document(self, queryset, name, document):
        """Statements the document carries, also reported there, or quoted from it: a
        report the record does not hold (the Le Grand report) is known by its quotations.

        A document that also reports a statement often carries only part of it: with
        words to search, the part it carries must have them. The Chamberlain Files carry
        one sentence of the all-party response, so they are no place the response's
        "inspection" was reported."""
        elsewhere = Passage.objects.filter(statement=OuterRef("pk"), document=document)
        if query := self.form.cleaned_data.get("q"):
            connection = connections[queryset.db]
            engine = search.engine_for(connection)
            parsed = search.parse(query)
            if words := engine.words_in_passages(connection, parsed, self.form.record_cache):
                elsewhere = engine.passages_matching(elsewhere, words)
        return queryset.filter(Q(document=document) | Q(quoted_from=document) | Exists(elsewhere))

    def filter_sort(self, queryset, name, value):
        # Applied last, in filter_queryset, once the search has added its rank.
        return queryset

    @classmethod
    def newest(cls):
        """Return the newest-first ordering: by the day said, then the latest recorded."""
        return [F("said_on").desc(nulls_last=True), "-pk"]

    def ranks_by_default(self):
        """Return whether results are in order of relevance only because no sort was chosen."""
        data = self.form.cleaned_data
        return bool(data.get("q")) and not data.get("sort")

    def clean_sort(self):
        """Return the sort asked for, or the default: relevance for a search, else newest.

        The search page puts a broad search's results newest first instead (see
        documents.views.StatementListView); the API and exports keep relevance.
        """
        data = self.form.cleaned_data
        if data.get("sort"):
            return data["sort"]
        return self.Sort.RELEVANCE if data.get("q") else self.Sort.NEWEST

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        newest = self.newest()
        sort = self.clean_sort()
        if sort == self.Sort.OLDEST:
            return queryset.order_by(F("said_on").asc(nulls_last=True), "pk")
        if sort == self.Sort.RELEVANCE and self.form.cleaned_data.get("q"):
            return queryset.order_by("-rank", *newest)
        return queryset.order_by(*newest)


class DocumentFilterForm(RangeForm):
    ranges = [("published_after", "published_before")]


class DocumentFilterSet(FilterSet):
    kind = ChoiceFilter(choices=Document.Kind.choices, empty_label="Any kind")
    publisher = ModelChoiceFilter(
        queryset=Organisation.objects.filter(documents_published__isnull=False).distinct(),
        to_field_name="slug",
        empty_label="Any publisher",
    )
    published_after = ReachingDateFilter(
        label="Published on or after",
        field_name="published_on",
        precision_field="published_on_precision",
        help_text="A document dated only to its month or year counts if it reaches this day.",
    )
    published_before = DateFilter(
        label="Published on or before", field_name="published_on", lookup_expr="lte"
    )

    class Meta:
        model = Document
        fields = []
        form = DocumentFilterForm
