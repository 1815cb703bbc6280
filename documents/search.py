"""Full-text search over statements: one query syntax, each database's own engine.

A query is parsed here, once, into terms; the terms are then written as a PostgreSQL
tsquery (built from `plainto_tsquery`/`phraseto_tsquery` pieces, every word a bound
parameter) or as an SQLite FTS5 MATCH expression (every word a quoted string), so that
the same query means the same thing on both:

    words        all must appear, stemmed: inspections finds inspection
    "a phrase"   the words next to each other, in that order (“curly” quotes as well)
    -word        leave out statements with the word (or -"a phrase"); NOT word as well
    a OR b       either; OR binds two neighbouring terms, AND joins the rest

A statement is searched together with the titles of the posts its speakers held on the
day (see StatementQuerySet.search): each term matches the words or such a title.

Very common English words ("the", "of") are ignored outside phrases, as PostgreSQL's
English configuration ignores them, so that both engines agree. Inside a phrase they
count on SQLite; PostgreSQL keeps only their places ("jury is out" matches "jury was out").
"""

import re
import unicodedata
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import Exists, F, FloatField, Q, TextField, Value
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe

from oversight import plain_text
from oversight.record_cache import key_for

MAX_QUERY_LENGTH = 500
MAX_TERMS = 30

# PostgreSQL's English stop words (snowball's english.stop), which its parser drops.
ENGLISH_STOP_LIST = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now
"""
STOP_WORDS = frozenset(ENGLISH_STOP_LIST.split())

WORD = re.compile(r"[^\W_]+")
# A possessive on a word typed bare ("council's", curly or not) is the word: PostgreSQL drops
# the "s" as a stop word, and SQLite would look for "people" followed by an "s".
POSSESSIVE = re.compile(r"(?<=[^\W_])['\u2019]s\b", re.IGNORECASE)
# A quoted phrase (an unclosed quote runs to the end), or a run of non-space characters.
CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Double quotation marks as word processors and other languages type them, and the full-width
# one, are the straight one: a quotation pasted from a document is a phrase. Single ones
# are not: the closing one is also the apostrophe, as in a curly "children's".
DOUBLE_QUOTES = str.maketrans(
    dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u301d\u301e\uff02", '"')
)


@dataclass(frozen=True)
class Phrase:
    """One or more words that must appear together, in order."""

    words: tuple[str, ...]

    def fts5(self):
        return '"' + " ".join(self.words) + '"'

    def tsquery(self):
        search_type = "plain" if len(self.words) == 1 else "phrase"
        return SearchQuery(" ".join(self.words), config="english", search_type=search_type)


@dataclass
class ParsedQuery:
    """Groups that must all match (each group: alternatives joined by OR), and exclusions."""

    groups: list[list[Phrase]] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)
    # What was asked to be left out but is only very common words, as typed: ignored, as
    # PostgreSQL has no place for them, and worth saying so.
    not_left_out: list[str] = field(default_factory=list, compare=False)

    def __bool__(self):
        return bool(self.groups)

    def fts5(self):
        """Return the FTS5 MATCH expression."""
        required = " AND ".join(
            "(" + " OR ".join(phrase.fts5() for phrase in group) + ")" for group in self.groups
        )
        if not self.excluded:
            return required
        return f"({required}) NOT (" + " OR ".join(p.fts5() for p in self.excluded) + ")"

    def tsquery(self):
        """Return the PostgreSQL query as a Django SearchQuery expression."""
        query = None
        for group in self.groups:
            alternatives = group[0].tsquery()
            for phrase in group[1:]:
                alternatives |= phrase.tsquery()
            query = alternatives if query is None else query & alternatives
        for phrase in self.excluded:
            query &= ~phrase.tsquery()
        return query

    def phrases(self):
        """Return every distinct phrase of the query, asked for or excluded, in order."""
        every = [phrase for group in self.groups for phrase in group] + self.excluded
        return list(dict.fromkeys(every))

    def any_phrase(self):
        """Return a query for any of the phrases asked for: what ranks and highlights."""
        return ParsedQuery([[phrase for group in self.groups for phrase in group]])

    def words_together(self):
        """Return whether a match needs two or more words at once: a phrase, or words
        all asked for. Excluded words and alternatives (OR) are not counted."""
        return len(self.groups) > 1 or any(
            len(phrase.words) > 1 for group in self.groups for phrase in group
        )

    def only_word(self):
        """Return the word, if the query is one word and nothing else; else None."""
        if len(self.groups) == 1 and len(self.groups[0]) == 1 and not self.excluded:
            [phrase] = self.groups[0]
            if len(phrase.words) == 1:
                return phrase.words[0]
        return None


# What XML cannot carry either (a feed's title repeats the query): surrogates and the two
# noncharacters U+FFFE and U+FFFF. No statement has them, so they can mean nothing here.
UNSAYABLE = {"Cc", "Cs"}


# Invisible characters that sit inside a word without parting it: the soft hyphen, the
# zero-width space, the word joiner and the byte-order mark. Text copied from a web page or
# a PDF carries them; the record refuses them (oversight.plain_text).
INVISIBLE_IN_WORDS = dict.fromkeys(map(ord, plain_text.INVISIBLE_IN_WORDS))


def clean_query(text):
    """Return `text` with control characters (NUL included), surrogates, U+FFFE/U+FFFF
    and U+FFFD turned into spaces: U+FFFD is what the site reads a control character in
    an address as (oversight.middleware.readable_query), so it parts words as one would.
    Characters invisible inside a word (INVISIBLE_IN_WORDS) are taken out: the word is
    the one the reader sees (`safe\u00adguarding` is `safeguarding`)."""
    return "".join(
        " " if unicodedata.category(char) in UNSAYABLE or char in "\ufffd\ufffe\uffff" else char
        for char in text.translate(INVISIBLE_IN_WORDS)
    )


def plain_words(text):
    """Yield the words of `text` in lower case, compatibility forms made plain (NFKC):
    full-width letters, as some keyboards type them, are the letters the statements have.
    Each word on its own, after the length checks: NFKC can lengthen a character."""
    for word in WORD.findall(text):
        yield from (plain.lower() for plain in WORD.findall(unicodedata.normalize("NFKC", word)))


NOTHING_TO_SEARCH = (
    "Nothing to search for: add a word or a phrase to look for "
    "(very common words such as “the” and excluded words alone find nothing)."
)


def parse(text):
    """Return the ParsedQuery for `text`; raise ValidationError for a query that says nothing.

    Anything a person can type parses: unbalanced quotes close at the end, stray operators
    and punctuation are ignored.
    """
    text = clean_query(text or "").translate(DOUBLE_QUOTES)
    if len(text) > MAX_QUERY_LENGTH:
        raise ValidationError(
            f"Searches are limited to {MAX_QUERY_LENGTH} characters; this one has {len(text)}.",
            code="too_long",
        )
    parsed, pending_or, pending_not, terms = ParsedQuery(), False, False, 0
    for match in CHUNK.finditer(text):
        negated, quoted, bare = match.groups()
        if bare is not None:
            if bare.upper() == "OR":
                pending_or = bool(parsed.groups)
                continue
            if bare == "NOT":  # in capitals only: "not" in a sentence is a common word
                pending_not = True
                continue
            negated, bare = bare.startswith("-"), POSSESSIVE.sub("", bare.lstrip("-"))
        words = tuple(plain_words(quoted if bare is None else bare))
        if not words or all(word in STOP_WORDS for word in words):
            if words and negated:
                parsed.not_left_out.append(f'-"{quoted}"' if bare is None else f"-{bare}")
            continue
        negated, pending_not = bool(negated) or pending_not, False
        terms += 1
        if terms > MAX_TERMS:
            raise ValidationError(
                f"Searches are limited to {MAX_TERMS} words and phrases.", code="too_many_terms"
            )
        phrase = Phrase(words)
        if negated:
            parsed.excluded.append(phrase)
        elif pending_or:
            parsed.groups[-1].append(phrase)
        else:
            parsed.groups.append([phrase])
        pending_or = False
    if not parsed and text.strip():
        raise ValidationError(NOTHING_TO_SEARCH, code="empty")
    return parsed


# Matched words come back between these two characters (no statement text contains them:
# control characters are not part of the record), so the text can be escaped before the
# markers become <mark> elements.
MARK_START, MARK_END = "\x02", "\x03"
HEADLINE_WORDS = 45


def marked_html(headline, text):
    """Return `headline` (an extract of `text`) as safe HTML, matched words in <mark>.

    An ellipsis shows where the extract leaves out the start or the end of the text.
    """
    plain = headline.replace(MARK_START, "").replace(MARK_END, "").strip()
    html = escape(headline.strip()).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    before = "" if text.lstrip().startswith(plain) else "… "
    after = "" if text.rstrip().endswith(plain) else " …"
    # Safe: the text is escaped above and only our own markers became tags.
    return mark_safe(f"{before}{html}{after}")


def own_table(compiler):
    """Return the quoted alias of the statement table in the query being compiled.

    In a subquery Django renames it (U0), so SQL of ours must not name it outright.
    """
    return compiler.quote_name_unless_alias(compiler.query.get_initial_alias())


class StatementVector(Expression):
    """A tsvector column of the statements, which only the database knows of: its words
    (search_vector, the default) or the titles of its speakers' posts that day
    (role_vector, documents/migrations/0006)."""

    output_field = SearchVectorField()

    def __init__(self, column="search_vector"):
        super().__init__()
        self.column = column

    def as_sql(self, compiler, connection):
        return f"{own_table(compiler)}.{connection.ops.quote_name(self.column)}", []


class WordsVector(Expression):
    """A statement's words and the titles of the posts its speakers held on its day.

    PostgreSQL only: search_vector and role_vector (documents/migrations/0006) joined,
    as statement_words_vector_idx indexes them (0007).
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table, quote = own_table(compiler), connection.ops.quote_name
        return f"({table}.{quote('search_vector')} || {table}.{quote('role_vector')})", []


class FTS5Lookup(Expression):
    """A value FTS5 computes for the outer statement's row: `SELECT <function> ... MATCH`."""

    def __init__(self, function, params, match, output_field):
        super().__init__(output_field=output_field)
        self.function, self.params, self.match = function, params, match

    def as_sql(self, compiler, connection):
        sql = (
            f"(SELECT {self.function} FROM documents_statement_fts "
            f'WHERE documents_statement_fts MATCH %s AND rowid = {own_table(compiler)}."id")'
        )
        return sql, [*self.params, self.match]


class Engine:
    """What both databases share: a search's condition, term by term (PostgreSQL folds its
    words into one), and finding the posts whose titles match a phrase."""

    def matches(self, parsed, naming_roles, spoken_in_roles):
        """Return the condition for `parsed`: each term in the words or a post held that day.

        `naming_roles` are the phrases some post title matches (phrases_naming_roles);
        `spoken_in_roles` makes the EXISTS that a speaker held one of some posts that day.
        """
        if not naming_roles:
            return self.matches_words(parsed)

        def words_or_role(phrases):
            condition = self.matches_words(ParsedQuery([phrases]))
            if named := [phrase for phrase in phrases if phrase in naming_roles]:
                condition |= self.said_in_posts_named(named, spoken_in_roles)
            return condition

        condition = Q()
        for group in parsed.groups:
            condition &= words_or_role(group)
        if parsed.excluded:
            condition &= ~words_or_role(parsed.excluded)
        return condition

    def phrases_naming_roles(self, connection, phrases, record_cache=None):
        """Return the phrases among `phrases` that some post title matches, in one query.

        With a `record_cache` (oversight.record_cache.RecordCache) the answer is kept
        until the record next changes: post titles change seldom, searches often.
        """
        if not phrases:
            return set()
        sql = " UNION ALL ".join([f"SELECT %s WHERE EXISTS ({self.role_sql})"] * len(phrases))
        params = [
            value
            for number, phrase in enumerate(phrases)
            for value in (number, self.phrase_parameter(phrase))
        ]

        def numbers():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return [number for (number,) in cursor.fetchall()]

        if record_cache is not None:
            key = key_for("phrases-naming-roles", connection.alias, sql, params)
            return {phrases[number] for number in record_cache.get(key, numbers)}
        return {phrases[number] for number in numbers()}

    def statements_with_word(self, connection, word, record_cache=None):
        """Return how many statements have `word` in their words, if the database keeps
        it, without counting them; else None."""
        return None

    def words_in_passages(self, connection, parsed, record_cache=None):
        """Return what of `parsed` a passage's own words must match, or None for nothing.

        The groups of words asked for, less any group with a phrase naming a post: that
        is found in what the speakers held, which the statement's own match has checked.
        Excluded words are left out too: a passage is part of its statement, whose own
        match has left them out of all of it.
        """
        naming_roles = self.phrases_naming_roles(connection, parsed.phrases(), record_cache)
        groups = [
            group for group in parsed.groups if not any(phrase in naming_roles for phrase in group)
        ]
        return ParsedQuery(groups) if groups else None

    def roles_named(self, phrases):
        """Return a subquery of the ids of the posts whose titles match any of `phrases`.

        A subquery, not a list of ids: a common word names thousands of posts at a
        national scale, and a list of them in the SQL cost more to plan than to run.
        """
        sql = " UNION ALL ".join([self.role_sql] * len(phrases))
        return RawSQL(sql, [self.phrase_parameter(phrase) for phrase in phrases])


class PostgreSQLEngine(Engine):
    """A stored tsvector column (migration 0003) with a GIN index, and ts_rank/ts_headline."""

    def prepare(self, queryset):
        return queryset.alias(
            _search_vector=StatementVector(),
            _role_vector=StatementVector("role_vector"),
            _words_vector=WordsVector(),
        )

    def matches_words(self, parsed):
        return Q(_search_vector=parsed.tsquery())

    def passages_matching(self, passages, parsed):
        """Return the `passages` whose own words match `parsed` (words only, no posts).

        Read on the fly: a search by document matches at most one passage a statement,
        found by its (statement, document) index."""
        vector = SearchVector("text", config="english")
        return passages.alias(_passage_vector=vector).filter(_passage_vector=parsed.tsquery())

    def matches(self, parsed, naming_roles, spoken_in_roles):
        """Return the condition for `parsed`: each term in the words or a post held that day.

        When no term names a post, as for most searches, the words alone are searched
        (search_vector): the index answers, and where rows are read without it (a broad
        search walking the newest first, a count read in order) no vectors are joined.
        Otherwise a word is looked for in the words and the titles of the day together
        (WordsVector), so that two or more groups of single words make one tsquery and the
        GIN index intersects the words itself, from the rarest up; one group alone is
        looked for in each vector (in_words_or_titles). A phrase of several words
        might run from the words into a title, or from one title into the next, there: it
        is looked for in the words alone or, if it names posts, among WordsVector's
        candidates with the EXISTS deciding (said_in_posts_named).
        """
        if not naming_roles:
            return self.matches_words(parsed)
        single = [group for group in parsed.groups if all(len(p.words) == 1 for p in group)]
        longer = [group for group in parsed.groups if group not in single]
        excluded_words = [phrase for phrase in parsed.excluded if len(phrase.words) == 1]
        excluded_phrases = [phrase for phrase in parsed.excluded if len(phrase.words) > 1]
        condition = Q()
        if len(single) > 1:
            condition &= Q(_words_vector=ParsedQuery(single, excluded_words).tsquery())
        else:
            if single:
                condition &= self.in_words_or_titles(ParsedQuery(single))
            if excluded_words:
                condition &= ~self.in_words_or_titles(ParsedQuery([excluded_words]))

        def any_of(phrases):
            alternatives = Q()
            for phrase in phrases:
                if len(phrase.words) == 1:
                    alternatives |= Q(_words_vector=phrase.tsquery())
                else:
                    alternatives |= self.matches_words(ParsedQuery([[phrase]]))
                    if phrase in naming_roles:
                        alternatives |= self.said_in_posts_named([phrase], spoken_in_roles)
            return alternatives

        for group in longer:
            condition &= any_of(group)
        if excluded_phrases:
            condition &= ~any_of(excluded_phrases)
        return condition

    def in_words_or_titles(self, parsed):
        """Return the condition: `parsed`, one group of single words, in the words or the
        titles of the day.

        As two matches, not one on WordsVector: where rows are read without an index (a
        count that stops at the limit, a broad search walking the newest first), joining
        the two vectors for each row cost more than twice what matching each does
        ("safeguarding": 8.1 ms against 3.5 to count 1,001 of a million), and the
        planner can still join the two columns' own indexes (a BitmapOr).
        """
        query = parsed.tsquery()
        return Q(_search_vector=query) | Q(_role_vector=query)

    def said_in_posts_named(self, phrases, spoken_in_roles):
        """Return the condition: said by someone in a post that one of `phrases` names.

        The WordsVector index finds the candidates; `spoken_in_roles` (an EXISTS)
        decides, so that a phrase is found within one title.
        """
        candidates = Q(_words_vector=ParsedQuery([phrases]).tsquery())
        return candidates & Exists(spoken_in_roles(self.roles_named(phrases)))

    def statements_with_word(self, connection, word, record_cache=None):
        """Return how many statements have `word` in their words, from the counts kept for
        each lexeme (migration 0009): what `search_vector @@ word` matches, read in one
        row rather than counted in one for each match. None for a word that makes no
        lexeme or several, which is counted. With a `record_cache`, kept as a count is."""
        sql = (
            "SELECT cardinality(words), coalesce((SELECT statements "
            "FROM documents_statement_lexeme WHERE lexeme = words[1]), 0) "
            "FROM tsvector_to_array(to_tsvector('english'::regconfig, %s)) AS words"
        )

        def read():
            with connection.cursor() as cursor:
                cursor.execute(sql, [word])
                lexemes, statements = cursor.fetchone()
            return statements if lexemes == 1 else None

        if record_cache is None:
            return read()
        return record_cache.get(
            key_for("statements-with-word", connection.alias, sql, [word]), read
        )

    def rank(self, parsed):
        # Normalisation 1 divides by 1 + log(length), as bm25 weighs length on SQLite:
        # a short statement that is all about the words ranks above a long passing mention.
        return SearchRank(F("_search_vector"), parsed.tsquery(), normalization=Value(1))

    role_sql = (
        "SELECT id FROM people_role WHERE to_tsvector('english'::regconfig, title) "
        "@@ phraseto_tsquery('english'::regconfig, %s)"
    )

    def phrase_parameter(self, phrase):
        return " ".join(phrase.words)

    def headline(self, parsed):
        return SearchHeadline(
            "text",
            parsed.tsquery(),
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=HEADLINE_WORDS,
            min_words=HEADLINE_WORDS // 2,
        )

    def with_headlines(self, statements, parsed):
        """Return `statements` with each one's headline, drawn by the same query.

        PostgreSQL draws ts_headline after the sort and the LIMIT, so only for the rows a
        page returns. Count before adding it: a count's subquery would draw them all.
        """
        return statements.annotate(headline=self.headline(parsed))

    def headlines(self, statements, parsed):
        return self.with_headlines(statements, parsed).values_list("pk", "headline")

    @contextmanager
    def page_plan(self, connection, parsed, *, broad):
        """Read a page of results under the plan its count calls for.

        A broad search matches more than OVERSIGHT_SEARCH_RESULTS_LIMIT statements (the
        page has just counted them) and is read newest first. PostgreSQL chooses between
        walking statement_newest_idx until twenty rows match and reading every match
        through the GIN index, then sorting them. Which is quicker turns on how many match,
        which it guesses: well for one word, from the statistics it keeps for each, and
        badly for words asked for together, as it takes them to be unrelated ("cabinet
        member", from one post title: 31,000 matches guessed as 1,000). It then reads and
        sorts every match (200 to 500 ms) rather than walk the index (3 to 18 ms).
        So for words together bitmap scans are set aside, until the end of this block's
        own transaction (SET LOCAL): one query more. For one word PostgreSQL's choice
        stands: walking is slow for a word just past the limit, whose twenty newest lie
        among the newest twenty thousand statements of a million (70 to 280 ms, against
        3 to 7 ms read through the index; docs/benchmarks.md).

        `parsed` is the search's ParsedQuery.
        """
        if not (broad and parsed.words_together()):
            yield
            return
        with transaction.atomic(using=connection.alias, savepoint=False):
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_bitmapscan = off")
            yield


class SQLiteEngine(Engine):
    """FTS5 tables with the porter tokenizer (migration 0003), bm25() and snippet()."""

    def prepare(self, queryset):
        return queryset

    def said_in_posts_named(self, phrases, spoken_in_roles):
        """Return the condition: said by someone in a post that one of `phrases` names."""
        return Q(said_on__isnull=False) & Exists(spoken_in_roles(self.roles_named(phrases)))

    def page_plan(self, connection, parsed, *, broad):
        """SQLite plans every page well as it is."""
        return nullcontext()

    def with_headlines(self, statements, parsed):
        """Return `statements` as they are: attach_headlines adds a page's headlines after.

        In the page's own query SQLite would draw a snippet for every match, before
        sorting them.
        """
        return statements

    def matches_words(self, parsed):
        sql = "SELECT rowid FROM documents_statement_fts WHERE documents_statement_fts MATCH %s"
        return Q(pk__in=RawSQL(sql, [parsed.fts5()]))

    def passages_matching(self, passages, parsed):
        """Return the `passages` whose own words match `parsed` (words only, no posts):
        from their FTS5 table (migration 0011)."""
        sql = "SELECT rowid FROM documents_passage_fts WHERE documents_passage_fts MATCH %s"
        return passages.filter(pk__in=RawSQL(sql, [parsed.fts5()]))

    def rank(self, parsed):
        # bm25() is lower for better matches; negate it so that higher ranks first here too.
        return FTS5Lookup("-bm25(documents_statement_fts)", [], parsed.fts5(), FloatField())

    role_sql = "SELECT rowid FROM documents_role_fts WHERE documents_role_fts MATCH %s"

    def phrase_parameter(self, phrase):
        return phrase.fts5()

    def headlines(self, statements, parsed):
        function = "snippet(documents_statement_fts, 0, %s, %s, '', %s)"
        params = [MARK_START, MARK_END, HEADLINE_WORDS]
        snippet = FTS5Lookup(function, params, parsed.fts5(), TextField())
        headline = Coalesce(snippet, Value("", TextField()))
        return statements.annotate(headline=headline).values_list("pk", "headline")


ENGINES = {"postgresql": PostgreSQLEngine(), "sqlite": SQLiteEngine()}


def engine_for(connection):
    """Return the search engine for a database connection."""
    try:
        return ENGINES[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"No full-text search for {connection.vendor}.") from None


def attach_headlines(statements, parsed):
    """Set `headline` on each statement of a page of results that has none, in one query.

    On PostgreSQL the page's own query has drawn them (Engine.with_headlines).
    """
    statements = [statement for statement in statements if not hasattr(statement, "headline")]
    if not statements or not parsed:
        return
    database = statements[0]._state.db
    model = type(statements[0])
    page = model._base_manager.using(database).filter(pk__in=[s.pk for s in statements])
    engine = engine_for(connections[database])
    rows = dict(engine.headlines(page.order_by(), parsed.any_phrase()))
    for statement in statements:
        statement.headline = rows.get(statement.pk)
