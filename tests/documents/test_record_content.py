"""What the shipped record holds, read from the seeds."""

import datetime

import pytest

from documents.models import Document, Statement
from oversight.models import Priority, Recommendation, TimelineEvent
from people.models import Organisation, Person


@pytest.mark.parametrize(
    ("reference", "speakers", "kind"),
    [
        (
            "all-party-response-2014-03-27",
            {"albert-bore", "mike-whitby", "paul-tilsley"},
            "joint_statement",
        ),
        ("jones-response-2014-03-27", {"brigid-jones"}, "written_response"),
        ("hay-response-2014-03-27", {"peter-hay"}, "written_response"),
        ("jones-response-2014-05-23", {"brigid-jones"}, "written_response"),
        ("hay-response-2014-05-23", {"peter-hay"}, "written_response"),
        ("warner-inspection-overuse", {"norman-warner"}, "direct_quote"),
        ("warner-good-start", {"norman-warner"}, "reported"),
        ("timpson-warner-to-be-appointed", {"edward-timpson"}, "reported"),
        ("bore-limited-progress", {"albert-bore"}, "reported"),
        ("hay-hubs-producing-results", {"peter-hay"}, "reported"),
        ("bore-cant-delude-ourselves", {"albert-bore"}, "reported"),
        ("le-grand-plans-lack-coherence", {"julian-le-grand"}, "direct_quote"),
        ("bore-jury-is-out", {"albert-bore"}, "direct_quote"),
        ("hay-growing-story", {"peter-hay"}, "direct_quote"),
    ],
)
def test_attributed_statements_have_their_speakers_and_kind(seeded, reference, speakers, kind):
    statement = Statement.objects.get(reference=reference)
    assert {p.slug for p in statement.speakers.all()} == speakers
    assert statement.kind == kind


def test_the_joint_response_is_one_statement_seen_in_three_documents(seeded):
    joint = Statement.objects.get(reference="all-party-response-2014-03-27")
    places = {joint.document.slug} | {p.document.slug for p in joint.passages.all()}
    assert places == {
        "council-response-le-grand-review",
        "chamberlain-files-commissioner-appointed",
        "external-commissioner-article",
    }
    # Each outlet's own words: the article capitalises differently from the council.
    article = joint.passages.get(document__slug="external-commissioner-article")
    assert "across the city council, the Department for Education" in article.text
    assert "across the City Council, the Department for Education" in joint.text


def test_report_passages_are_attributed_to_the_review_author_and_quote_the_report(seeded):
    quoted = Statement.objects.filter(quoted_from__slug="le-grand-report")
    assert quoted.count() == 4
    assert {p.slug for s in quoted for p in s.speakers.all()} == {"julian-le-grand"}


def test_the_undated_article_has_no_publication_date(seeded):
    article = Document.objects.get(source_file="003_eeade176eedd11cc.txt")
    assert article.published_on is None
    assert str(article.published) == "Date not stated"
    assert article.publisher is None


def test_documents_referenced_but_not_held_have_no_body(seeded):
    report = Document.objects.get(slug="le-grand-report")
    assert not report.is_held and report.sha256 == ""
    assert report.published.iso == "2014-03"


def test_the_five_people_at_the_centre_and_the_others_are_recorded(seeded):
    slugs = set(Person.objects.values_list("slug", flat=True))
    assert {"albert-bore", "brigid-jones", "peter-hay", "norman-warner", "julian-le-grand"} <= slugs
    assert {
        "edward-timpson",
        "michael-gove",
        "paul-tilsley",
        "mike-whitby",
        "isabelle-trowler",
        "tony-howell",
        "eleanor-brazil",
        "peter-duxbury",
    } <= slugs
    assert all(Person.objects.get(slug=slug).roles.exists() for slug in slugs)


def test_organisations_include_the_councils_groups_and_the_oversight_bodies(seeded):
    kinds = dict(Organisation.objects.values_list("slug", "kind"))
    assert [kinds[s] for s in ("labour-group", "liberal-democrat-group", "conservative-group")] == [
        "political_group"
    ] * 3
    assert kinds["department-for-education"] == "government_department"
    assert kinds["ofsted"] == "inspectorate"
    assert kinds["bscb"] == "safeguarding_board"
    assert kinds["le-grand-review-panel"] == "review_panel"
    assert "lga" in kinds


def test_recommendations_include_options_ruled_out_and_rejected(seeded):
    outcomes = dict(Recommendation.objects.values_list("reference", "outcome"))
    assert list(outcomes.values()).count("recommended") == 3
    assert list(outcomes.values()).count("ruled_out") == 2
    assert list(outcomes.values()).count("rejected") == 1


def test_the_four_priorities_keep_their_due_dates(seeded):
    priorities = list(Priority.objects.all())
    assert [p.number for p in priorities] == [1, 2, 3, 4]
    plan = Priority.objects.get(slug="single-improvement-plan")
    assert str(plan.due) == "June 2014"
    assert plan.due.last_day == datetime.date(2014, 6, 30)


def test_every_priority_has_a_first_assessment_citing_a_statement(seeded):
    for priority in Priority.objects.all():
        update = priority.updates.get()
        assert update.status in {"achieved", "in_progress", "not_started"}
        assert update.evidence_statements.exists()
        assert update.note


def test_the_chronology_keeps_year_and_month_precision(seeded):
    board = TimelineEvent.objects.get(slug="performance-monitoring-board")
    assert str(board.occurred) == "2013"
    duxbury = TimelineEvent.objects.get(slug="peter-duxbury-appointed")
    assert str(duxbury.occurred) == "January 2012"
    span = TimelineEvent.objects.get(slug="dh-intervention")
    assert (span.occurred.iso, span.ended.iso) == ("2002", "2005")


def test_the_dated_events_of_2014_are_on_the_timeline(seeded):
    days = {e.slug: e.occurred.iso for e in TimelineEvent.objects.filter(occurred_on__year=2014)}
    assert days["ofsted-inspection-begins"] == "2014-03-19"
    # Announced on 27 March ("has appointed"); the chronology gives the month only.
    assert days["commissioner-appointed"] == "2014-03"
    assert days["ofsted-report-published"] == "2014-05-23"
    assert TimelineEvent.objects.get(slug="ofsted-report-published").rating == "Inadequate"
