import datetime

import pytest

from people.models import Person, Role


@pytest.fixture
def peter_hay(seeded):
    return Person.objects.get(slug="peter-hay")


@pytest.mark.parametrize(
    ("day", "title"),
    [
        (datetime.date(2013, 3, 1), "Director of Adult Social Care"),
        (datetime.date(2013, 6, 30), "Director of Adult Social Care"),
        (datetime.date(2013, 7, 1), "Interim Director of Children's Services"),
        (datetime.date(2013, 9, 15), "Interim Director of Children's Services"),
        (datetime.date(2013, 11, 30), "Interim Director of Children's Services"),
        (datetime.date(2013, 12, 1), "Director of People"),
        (datetime.date(2014, 3, 27), "Director of People"),
        (datetime.date(2014, 5, 23), "Director of People"),
    ],
)
def test_peter_hay_role_on_follows_his_three_posts(peter_hay, day, title):
    assert peter_hay.role_on(day).title == title


def test_role_on_is_none_before_a_first_known_post(make_person, make_role):
    person = make_person()
    make_role(person=person, title="Director", started_on=datetime.date(2012, 1, 1))
    assert person.role_on(datetime.date(2011, 12, 31)) is None
    assert person.role_on(datetime.date(2012, 1, 1)).title == "Director"


def test_role_on_is_none_after_the_last_post_ended(make_person, make_role):
    person = make_person()
    make_role(
        person=person,
        started_on=datetime.date(2012, 1, 1),
        ended_on=datetime.date(2013, 7, 1),
        ended_on_precision="month",
    )
    assert person.role_on(datetime.date(2013, 7, 1)) is None


def test_statements_show_the_role_held_on_the_day(seeded):
    hay = Person.objects.get(slug="peter-hay")
    march = hay.statements.get(reference="hay-response-2014-03-27")
    assert march.bylines() == [(hay, hay.roles.get(title="Director of People"))]


def test_concurrent_posts_are_shown_by_precedence(seeded):
    bore = Person.objects.get(slug="albert-bore")
    role = bore.role_on(datetime.date(2014, 3, 27))
    assert role.label == "Leader of the City Council, Birmingham City Council"


def test_role_on_uses_prefetched_roles_without_queries(seeded, django_assert_num_queries):
    people = list(Person.objects.prefetch_related("roles"))
    with django_assert_num_queries(0):
        titles = {
            p.slug: getattr(p.role_on(datetime.date(2013, 9, 1)), "title", None) for p in people
        }
    assert titles["peter-hay"] == "Interim Director of Children's Services"
    assert titles["peter-duxbury"] is None


def test_held_on_queryset_agrees_with_role_on(seeded):
    day = datetime.date(2013, 9, 1)
    held = Role.objects.held_on(day).filter(person__slug="peter-hay")
    assert [role.title for role in held] == ["Interim Director of Children's Services"]
