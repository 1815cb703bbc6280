"""Statement.objects.search(): the same results on SQLite FTS5 and PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents.models import Statement
from documents.search import MAX_QUERY_LENGTH, attach_headlines, parse


def references(query):
    return set(Statement.objects.search(query).values_list("reference", flat=True))


def test_words_are_stemmed(seeded):
    found = references("inspections")
    assert "warner-inspection-overuse" in found  # says "inspection"
    assert found == references("inspection")


@pytest.mark.parametrize("typed", ["people's", "people\u2019s", "People's"])
def test_a_possessive_typed_bare_finds_the_word_on_either_database(seeded, typed):
    # SQLite looked for "people" followed by "s", and found none; PostgreSQL drops the "s".
    assert references(typed) == references("people") != set()


def test_all_words_must_appear(seeded):
    assert references("jury out") == {"bore-jury-is-out"}


def test_a_phrase_matches_the_words_in_order(seeded):
    assert references('"jury is out"') == {"bore-jury-is-out"}
    assert "bore-political-leadership-must-not-delude" in references('"political leadership"')
    assert references('"leadership political"') == set()


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("\u201c", "\u201d"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"), ("\uff02", "\uff02")],
)
def test_a_phrase_in_curly_or_other_double_quotes_is_a_phrase(seeded, opening, closing):
    """A quotation pasted from a word processor or another language's text."""
    assert references(f"{opening}political leadership{closing}") == references(
        '"political leadership"'
    )
    assert references(f"{opening}leadership political{closing}") == set()
    assert references(f"fragile -{opening}signs of improvement{closing}") == references(
        'fragile -"signs of improvement"'
    )


def test_excluded_words_leave_statements_out(seeded):
    assert "le-grand-signs-of-improvement-modest" in references("fragile")
    assert "le-grand-signs-of-improvement-modest" not in references("fragile -modest")
    assert "le-grand-fragile" in references("fragile -modest")


def test_not_in_capitals_leaves_out_the_next_term_as_a_minus_does(seeded):
    assert references("fragile NOT modest") == references("fragile -modest")
    assert references('fragile NOT "modest"') == references("fragile -modest")
    assert references("fragile NOT the modest") == references("fragile -modest")
    # In lower case "not" is a common word of the sentence, ignored as the others are.
    assert references("fragile not modest") == references("fragile modest")


def test_or_finds_either(seeded):
    assert references("jury OR delude") == references("jury") | references("delude")
    assert references("jury or delude") == references("jury OR delude")


def test_or_binds_its_neighbours_and_the_rest_must_all_appear(seeded):
    assert references("political leadership OR jury") == references("political") & (
        references("leadership") | references("jury")
    )


def test_common_words_alone_are_refused_with_a_message(seeded):
    with pytest.raises(ValidationError, match="Nothing to search for"):
        Statement.objects.search("the of and")


@pytest.mark.parametrize("query", ["-fragile", '""', "OR", '- " -', "NOT fragile", "NOT"])
def test_a_query_with_nothing_to_look_for_is_refused_with_a_message(seeded, query):
    with pytest.raises(ValidationError, match="Nothing to search for"):
        Statement.objects.search(query)


def test_an_empty_query_filters_nothing(seeded):
    assert Statement.objects.search("").count() == Statement.objects.count()


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "fragile \x00 NUL",
        "'; DROP TABLE documents_statement; --",
        "fragile) OR (1=1",
        "NEAR(fragile jury) AND NOT *",
        "fragile:* & !jury | <->",
        "fragile OR",
        "OR fragile",
    ],
)
def test_odd_input_parses_as_words(seeded, query):
    found = references(query)
    assert found <= references("fragile") | references("jury") | references("near")


def test_a_very_long_query_is_refused_with_a_message(seeded):
    with pytest.raises(ValidationError, match=f"limited to {MAX_QUERY_LENGTH} characters"):
        Statement.objects.search("fragile " * 1250)


def test_better_matches_rank_first(make_statement, make_document):
    once = make_statement(
        document=make_document(body="Intro: the plan mentions safeguarding once. End.")
    )
    often = make_statement(
        document=make_document(
            body="Intro: safeguarding, safeguarding and again safeguarding matter. End."
        )
    )
    ranked = list(Statement.objects.search("safeguarding").order_by("-rank"))
    assert ranked == [often, once]


def test_search_follows_edits_and_deletions(make_statement, make_document):
    statement = make_statement(document=make_document(body="Intro: a zebra crossing. End."))
    assert references("zebra") == {statement.reference}
    Statement.objects.filter(pk=statement.pk).update(text="a panda crossing.", end=statement.end)
    assert references("zebra") == set()
    assert references("panda") == {statement.reference}
    Statement.objects.filter(pk=statement.pk).delete()
    assert references("panda") == set()


def test_a_role_title_finds_what_its_holders_said_while_they_held_it(seeded):
    assert references("the cabinet member") == {
        "jones-response-2014-03-27",
        "jones-response-2014-05-23",
    }
    # Peter Hay became Director of People in December 2013; all his dated statements are of
    # 2014. What he said on a day the source does not give cannot be placed in the post.
    hay = Statement.objects.filter(speakers__slug="peter-hay")
    assert "hay-still-not-good-enough" in hay.filter(said_on=None).values_list(
        "reference", flat=True
    )
    assert references("director of people") == set(
        hay.exclude(said_on=None).values_list("reference", flat=True)
    )


def test_a_role_does_not_reach_statements_made_before_it_was_held(
    make_role, make_statement, make_document
):
    role = make_role(title="Harbour Master", started_on=datetime.date(2014, 1, 1))
    before = make_statement(
        speakers=[role.person],
        document=make_document(published_on=datetime.date(2013, 6, 1)),
    )
    during = make_statement(speakers=[role.person], document=make_document())
    assert references("harbour master") == {during.reference}
    assert before.reference not in references("harbour master")


def test_headlines_mark_the_matched_words(seeded):
    statements = list(Statement.objects.search("jury"))
    attach_headlines(statements, parse("jury"))
    assert [str(s.snippet()) for s in statements] == ["the <mark>jury</mark> is out"]


def test_headlines_escape_the_text(make_statement, make_document):
    make_statement(document=make_document(body="Intro: <b>zebra</b> & co. End."))
    statements = list(Statement.objects.search("zebra"))
    attach_headlines(statements, parse("zebra"))
    snippet = str(statements[0].snippet())
    assert "<b>" not in snippet
    assert "<mark>zebra</mark>" in snippet and "&amp;" in snippet


def test_each_term_may_match_the_words_or_the_speakers_post_that_day(seeded):
    # "jury" is in Sir Albert Bore's words; "leader" is in the title of his post that day.
    assert "bore-jury-is-out" in references("jury leader")
    assert "bore-jury-is-out" not in references("jury -leader")


def test_one_word_is_found_and_left_out_alike_in_the_words_and_the_posts(
    make_role, make_statement, make_document
):
    role = make_role(title="Harbourmaster", started_on=datetime.date(2014, 1, 1))
    by_the_holder = make_statement(speakers=[role.person], document=make_document())
    body = "Document says: the harbourmaster must improve. It will."
    in_the_words = make_statement(document=make_document(body=body))
    neither = make_statement(document=make_document())
    both = {by_the_holder.reference, in_the_words.reference}
    assert references("harbourmaster") == both
    assert references("harbourmaster OR zebra") == both
    assert references("improve -harbourmaster") == {neither.reference}
    assert references('"must improve" -harbourmaster') == {neither.reference}


def test_search_follows_a_post_being_renamed(make_role, make_statement, make_document):
    role = make_role(title="Harbour Master")
    statement = make_statement(speakers=[role.person], document=make_document())
    assert references("harbour master") == {statement.reference}
    role.title = "Lighthouse Keeper"
    role.save()
    assert references("harbour master") == set()
    assert references("lighthouse keeper") == {statement.reference}


def test_search_by_role_follows_every_change_to_who_held_what_when(
    make_role, make_person, make_statement, make_document
):
    """On PostgreSQL each statement keeps its speakers' post titles beside it, kept in step
    by triggers; every edit below must reach the search at once, on both databases."""
    person = make_person()
    statement = make_statement(speakers=[person], document=make_document())  # 27 March 2014
    assert references("harbour master") == set()

    role = make_role(title="Harbour Master", person=person)  # a post recorded afterwards
    assert references("harbour master") == {statement.reference}

    role.ended_on = datetime.date(2014, 1, 1)  # it ended before the statement
    role.save()
    assert references("harbour master") == set()
    role.ended_on = None
    role.save()
    assert references("harbour master") == {statement.reference}

    Statement.objects.filter(pk=statement.pk).update(said_on=None)  # the day struck out
    assert references("harbour master") == set()
    Statement.objects.filter(pk=statement.pk).update(said_on=datetime.date(2014, 3, 27))
    assert references("harbour master") == {statement.reference}

    someone_else = make_person()
    role.person = someone_else  # the post was someone else's
    role.save()
    assert references("harbour master") == set()
    statement.speakers.add(someone_else)  # who spoke with them
    assert references("harbour master") == {statement.reference}
    statement.speakers.remove(someone_else)
    assert references("harbour master") == set()

    statement.speakers.add(someone_else)
    role.delete()
    assert references("harbour master") == set()


def test_a_phrase_must_be_within_one_post_title(make_role, make_person, make_statement):
    person = make_person()
    make_role(title="Harbour Master", person=person)
    make_role(title="Keeper of the Lights", person=person)
    statement = make_statement(speakers=[person])
    assert references("master keeper") == {statement.reference}  # two words, any titles
    assert references('"master keeper"') == set()  # a phrase across two titles
    assert references('"keeper of the lights"') == {statement.reference}


def test_a_phrase_does_not_run_from_the_words_into_a_title(
    make_role, make_person, make_statement, make_document
):
    """PostgreSQL keeps the words and the titles in one vector; a phrase stays in one."""
    person = make_person()
    make_role(title="Master of the Ships", person=person)
    statement = make_statement(
        speakers=[person], document=make_document(body="Intro: We met at the harbour. End.")
    )
    assert references("harbour master") == {statement.reference}  # two words, either place
    assert references('"harbour master"') == set()
    assert references("harbour -master") == set()
    assert references('harbour -"master of the ships"') == set()
    assert references('harbour -"harbour master"') == {statement.reference}


def test_a_search_works_as_a_subquery(seeded):
    # Django renames the table inside a subquery: the search's own SQL must follow it.
    best = Statement.objects.search("fragile").order_by("-rank").values("pk")[:2]
    assert Statement.objects.filter(pk__in=best).count() == 2
    assert set(
        Statement.objects.filter(pk__in=Statement.objects.search("fragile").values("pk"))
    ) == set(Statement.objects.search("fragile"))


def test_full_width_letters_find_what_the_plain_ones_do(seeded):
    assert references("\uff2f\uff46\uff53\uff54\uff45\uff44") == references("Ofsted") != set()


def test_a_query_is_as_long_as_it_was_typed_whatever_its_plain_form(seeded):
    # U+FDFA is one character whose compatibility form is eighteen.
    assert references("\ufdfa" * 30) == set()
