"""The permalink page: read a statement in its document and cite it."""

import re

from documents.models import Passage, Statement
from tests.pages import main_text


def test_permalink_shows_the_passage_in_its_document(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    response = client.get(statement.get_absolute_url())
    page = response.content.decode()
    text = main_text(response)
    assert "The passage in its document" in text
    assert "Response from Director of People" in text  # the heading just before it
    assert "<mark>I also welcome this report." in page


def test_permalink_offers_a_citation_with_role_source_date_and_url(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    response = client.get(statement.get_absolute_url())
    citation = response.context["citation"]
    assert citation.startswith(
        "Peter Hay (Director of People, Birmingham City Council), 27 March 2014: “I also welcome"
    )
    source = "In: Le Grand Review into Birmingham's children's services, Birmingham City Council"
    assert f"{source}, 27 March 2014." in citation
    assert citation.endswith(f"http://testserver/statements/{statement.pk}/")
    assert '<label for="citation">' in response.content.decode()
    assert "Citation, ready to copy" in main_text(response)


def test_a_quotation_that_ends_no_sentence_is_followed_by_a_full_stop(make_statement):
    cut = make_statement(text="the service must improve")
    assert "“the service must improve”. In: " in cut.citation("http://example.org/")
    whole = make_statement(text="the service must improve.")
    assert "“the service must improve.” In: " in whole.citation("http://example.org/")


def test_reported_speech_is_cited_as_reported_not_as_the_speakers_words(client, seeded):
    statement = Statement.objects.get(reference="hay-hubs-producing-results")
    citation = client.get(statement.get_absolute_url()).context["citation"]
    assert citation.startswith(
        "Peter Hay (Director of People, Birmingham City Council), 19 March 2014, as reported: "
        "“integrated hubs across the city"
    )
    quoted = Statement.objects.get(reference="hay-growing-story")
    assert "as reported" not in client.get(quoted.get_absolute_url()).context["citation"]


def test_words_quoted_from_a_report_not_held_cite_the_report_then_where_it_was_quoted(
    client, seeded
):
    statement = Statement.objects.get(reference="le-grand-fragile")
    citation = client.get(statement.get_absolute_url()).context["citation"]
    assert "March 2014: “fragile”. In: Report to the Secretary of State for Education" in citation
    assert ", Le Grand review panel, March 2014, quoted in: Commissioner to oversee" in citation
    letter = Statement.objects.get(reference="warner-good-start")
    citation = client.get(letter.get_absolute_url()).context["citation"]
    assert citation.startswith("Lord Norman Warner, undated, as reported: “a good start")
    assert "In: Lord Warner's initial letter to the secretary of state, reported in: " in citation


def test_a_quotation_of_several_paragraphs_is_cited_as_one_with_its_marks_balanced(client, seeded):
    statement = Statement.objects.get(reference="bore-no-escaping-2014-03-27")
    assert "\n“" in statement.text  # each paragraph opens with its own mark in the source
    citation = client.get(statement.get_absolute_url()).context["citation"]
    quotation = citation[citation.index(": “") + 2 : citation.index(" In: ")]
    assert quotation.count("“") == quotation.count("”") == 1


def test_a_joint_statement_cites_every_speaker_with_their_role(client, seeded):
    statement = Statement.objects.get(reference="all-party-response-2014-03-27")
    citation = client.get(statement.get_absolute_url()).context["citation"]
    assert "Sir Albert Bore (Leader of the City Council, Birmingham City Council); " in citation
    assert "Lord Mike Whitby (Conservative Group Leader, Conservative Group)" in citation


def test_context_is_cut_at_words_and_marked_when_the_document_goes_on(
    make_statement, make_document
):
    body = "Intro: " + "word " * 200 + "The quoted words. " + "more " * 200
    statement = make_statement(document=make_document(body=body), text="The quoted words.")
    before, after = statement.in_context()
    assert before.startswith("… word") and before.endswith("word ")
    assert after.startswith(" more") and after.endswith("more …")


def test_a_statement_at_the_start_of_its_document_has_nothing_before(make_statement, make_document):
    statement = make_statement(document=make_document(body="Intro: short. End."), text="Intro")
    assert statement.in_context() == ("", ": short. End.")


def test_also_reported_in_and_the_source_link_land_on_the_marked_words(client, seeded):
    statement = Statement.objects.get(reference="hay-response-2014-03-27")
    page = client.get(statement.get_absolute_url()).content.decode()
    for span in [statement, *statement.passages.all()]:
        address = span.get_url_in_document()
        assert f'<a href="{address}">' in page
        document_page, anchor = address.split("#")
        marked = client.get(document_page).content.decode()
        assert f'<mark id="{anchor}"><a href="{statement.get_absolute_url()}">' in marked


def test_every_statement_and_passage_has_its_mark_on_its_document_page(client, seeded):
    # Lord Warner's letter is quoted inside the cabinet member's response: its link into the
    # document went to an anchor the page did not have.
    pages = {}
    for span in [*Statement.objects.all(), *Passage.objects.all()]:
        url = span.document.get_absolute_url()
        if url not in pages:
            pages[url] = client.get(url).content.decode()
        assert pages[url].count(f'id="{span.anchor}"') == 1, span


def test_a_citation_says_where_its_source_gives_no_publisher_or_date(client, seeded):
    statement = next(
        s
        for s in Statement.objects.all()
        if not s.document.publisher and not s.document.published_on
    )
    citation = client.get(statement.get_absolute_url()).context["citation"]
    assert f"In: {statement.document.title}, publisher not stated, undated. http" in citation


def test_the_window_title_tells_one_statement_by_a_speaker_from_the_next(client, seeded):
    def title(statement):
        page = client.get(statement.get_absolute_url()).content.decode()
        return re.search(r"<title>(.*?) ·", page).group(1)

    same_day = Statement.objects.filter(speakers__slug="albert-bore", said_on="2014-03-19")
    assert len({title(statement) for statement in same_day}) == same_day.count() > 10
    hay = Statement.objects.get(reference="hay-growing-story")
    opening = "“We are seeing a growing story about confidence …”"
    assert title(hay) == f"Peter Hay, 19 March 2014: {opening}"
