"""Bylines read for many statements at once (documents.bylines.SpeakersWithPosts)."""

import datetime

from documents.models import Statement


def bylines(statement):
    return [(str(person), role.label if role else None) for person, role in statement.bylines()]


def test_a_page_of_statements_reads_every_speaker_and_post_in_one_query(
    make_statement, make_person, make_role, make_organisation, django_assert_num_queries
):
    council = make_organisation(name="Birmingham City Council")
    hay, bore = make_person(name="Peter Hay"), make_person(name="Albert Bore")
    make_role(person=hay, title="Strategic Director", ended_on=datetime.date(2013, 12, 1))
    make_role(person=hay, title="Director of People", started_on=datetime.date(2013, 12, 1))
    make_role(person=bore, title="Leader of the Council", organisation=council)
    before = make_statement(speakers=[hay], said_on=datetime.date(2013, 11, 30))
    joint = make_statement(speakers=[hay, bore], said_on=datetime.date(2014, 3, 27))
    undated = make_statement(speakers=[bore], said_on=None)
    nobody = make_statement(speakers=[])

    with django_assert_num_queries(2):  # the statements, then every speaker and post
        statements = {s.pk: s for s in Statement.objects.with_bylines()}
        shown = {pk: bylines(statement) for pk, statement in statements.items()}

    assert shown == {
        before.pk: [("Peter Hay", "Strategic Director")],
        # In Person's order, by name; the organisation named where the post has one.
        joint.pk: [
            ("Albert Bore", "Leader of the Council, Birmingham City Council"),
            ("Peter Hay", "Director of People"),
        ],
        undated.pk: [("Albert Bore", None)],
        nobody.pk: [],
    }


def test_a_speaker_in_no_post_is_named_without_one(make_statement, make_person):
    statement = make_statement(speakers=[make_person(name="A Member of the Public")])

    [read] = Statement.objects.with_bylines().filter(pk=statement.pk)

    assert bylines(read) == [("A Member of the Public", None)]


def test_each_speaker_carries_the_posts_held_that_day_in_order_of_start(
    make_statement, make_person, make_role
):
    person = make_person()
    for title, started_on in [("Third", datetime.date(2014, 1, 1)), ("Second", None)]:
        make_role(person=person, title=title, started_on=started_on)
    make_role(person=person, title="First", started_on=None)
    make_role(person=person, title="Later", started_on=datetime.date(2014, 3, 28))
    make_role(person=person, title="Over", ended_on=datetime.date(2014, 3, 27))
    statement = make_statement(speakers=[person], said_on=datetime.date(2014, 3, 27))

    [read] = Statement.objects.with_bylines().filter(pk=statement.pk)
    [speaker] = read.prefetched_speakers

    # Undated first, by title; then by start. Person.role_on chooses from them, no query.
    assert [role.title for role in speaker.prefetched_roles] == ["First", "Second", "Third"]
    assert {role.person for role in speaker.prefetched_roles} == {speaker}


def test_chunks_of_an_export_read_their_bylines_a_chunk_at_a_time(
    make_statement, make_person, make_role, django_assert_num_queries
):
    person = make_person(name="Eleanor Brazil")
    make_role(person=person, title="Children's Commissioner")
    for _ in range(5):
        make_statement(speakers=[person])

    with django_assert_num_queries(1 + 3):  # the statements; the bylines of each of 3 chunks
        shown = [bylines(s) for s in Statement.objects.with_bylines().iterator(chunk_size=2)]

    assert shown == [[("Eleanor Brazil", "Children's Commissioner")]] * 5


def test_one_statement_reads_its_own_speakers(make_statement, make_person):
    statement = make_statement(speakers=[make_person(name="Louise Casey")])

    assert [str(person) for person in statement.speakers_with_posts] == ["Louise Casey"]
