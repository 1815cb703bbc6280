"""Control characters in what officers and editors type: a line break pasted from a word
processor is kept as a line break, any other is refused with a message saying where; and
the feeds carry whatever text is stored, rather than fail for everyone."""

import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from oversight.models import Priority, StatusUpdate
from people.models import Person
from tests.oversight.test_feeds import ATOM, feed_entries
from tests.oversight.test_record_status import form_data, record_url
from tests.pages import form_values


@pytest.fixture
def priority(make_priority):
    return make_priority()


def save_in_the_admin(client, person, **changes):
    """Post the person's admin form as it stands, with `changes`, and Save."""
    address = reverse("admin:people_person_change", args=[person.pk])
    values = form_values(client.get(address), "person_form")
    return client.post(
        address, values | {name: [value] for name, value in changes.items()} | {"_save": ["Save"]}
    )


def test_a_line_break_pasted_from_a_word_processor_is_recorded_as_a_line_break(
    client, signed_in, priority, make_document
):
    signed_in("officer")
    note = "First point.\x0bSecond point.\x0cThird."
    client.post(
        record_url(priority), form_data(priority, note=note, documents=[make_document().pk])
    )
    assert priority.updates.get().note == "First point.\nSecond point.\nThird."
    [entry] = feed_entries(client)
    assert "Second point." in entry.find(f"{ATOM}summary").text


def test_any_other_control_character_is_refused_saying_where_it_is(
    client, signed_in, priority, make_document
):
    signed_in("officer")
    data = form_data(priority, note="Bad\x01note", documents=[make_document().pk])
    response = client.post(record_url(priority), data)
    assert response.status_code == 200
    assert (
        "This text has an invisible control character (U+0001) at character 4, which a "
        "page or feed cannot show: delete it and type it again."
    ) in response.content.decode()
    assert not priority.updates.exists()


def test_an_editor_is_told_of_a_control_character_in_a_persons_honours(client, signed_in, seeded):
    signed_in("superuser")
    person = Person.objects.get(slug="paul-tilsley")
    response = save_in_the_admin(client, person, post_nominals="M\x01BE")
    assert response.status_code == 200
    assert "(U+0001) at character 2" in response.content.decode()
    person.refresh_from_db()
    assert person.post_nominals == "MBE"


def test_the_feeds_carry_text_stored_before_control_characters_were_refused(client, seeded):
    """Status updates are never edited or deleted: a note stored with a control character
    stays, and the feed must still be read by everyone."""
    priority = Priority.objects.get(slug="five-year-budget")
    StatusUpdate(
        priority=priority,
        status="in_progress",
        rag="amber",
        as_of=datetime.date(2014, 6, 2),
        note="Stored\x01 before.\x0bA new line.",
        no_evidence_reason="Told to the committee.",
    ).save()
    entries = feed_entries(client)
    assert entries[0].find(f"{ATOM}summary").text.endswith("Stored before.\nA new line.")
    Person.objects.filter(slug="paul-tilsley").update(post_nominals="M\x01BE")
    response = client.get(reverse("documents:statement_feed"))
    assert response.status_code == 200
    ElementTree.fromstring(response.content)


def test_a_documents_text_and_its_statements_words_are_kept_as_given_or_refused(
    make_document, make_statement
):
    """A page break in a document's text is refused, not made a line break: the text,
    its statements' offsets and its hash are the source's own."""
    from django.core.exceptions import ValidationError

    document = make_document(body="First page.\nSecond page.")
    document.body = "First page.\x0cSecond page."
    with pytest.raises(ValidationError, match=r"\(U\+000C\) at character 12"):
        document.full_clean()
    assert document.body == "First page.\x0cSecond page."
    statement = make_statement(document=make_document(body="Intro: Said it. End."), text="Said it.")
    statement.text = "Said\x0bit."
    with pytest.raises(ValidationError, match=r"\(U\+000B\) at character 5"):
        statement.full_clean()


def test_a_c1_control_is_refused_naming_the_windows_character_it_stood_for(
    client, signed_in, priority, make_document
):
    """Windows text read as Latin-1 turns a curly apostrophe into U+0092: HTML counts it a
    control too."""
    signed_in("officer")
    data = form_data(priority, note="The council\x92s plan", documents=[make_document().pk])
    page = client.post(record_url(priority), data).content.decode()
    assert (
        "This text has an invisible control character (U+0092) at character 12, which a "
        "page or feed cannot show: it is probably “’”, converted wrongly from Windows text: "
        "type that."
    ) in page
    data["note"] = "Gap\x81here"  # a byte Windows-1252 leaves unassigned
    page = client.post(record_url(priority), data).content.decode()
    assert "(U+0081) at character 4, which a page or feed cannot show: delete it" in page
    assert not priority.updates.exists()


def test_text_just_outside_the_controls_is_kept(client, signed_in, priority, make_document):
    signed_in("officer")
    note = "Tilde~ and non-breaking\xa0space"
    client.post(
        record_url(priority), form_data(priority, note=note, documents=[make_document().pk])
    )
    assert priority.updates.get().note == note


def test_a_direction_control_that_would_show_other_words_is_refused(
    client, signed_in, priority, make_document
):
    """Under a right-to-left override the stored "ton" reads "not" on every page: the
    record would show a word it does not hold."""
    signed_in("officer")
    note = "Targets were \u202eton\u202c met."
    data = form_data(priority, note=note, documents=[make_document().pk])
    response = client.post(record_url(priority), data)
    assert response.context["form"].errors["note"] == [
        "This text has an invisible direction control (U+202E) at character 14, which would "
        "show the words around it in another order: delete it."
    ]
    assert not priority.updates.exists()


def test_a_zero_width_space_that_hides_a_word_from_search_is_refused(client, signed_in, seeded):
    signed_in("superuser")
    person = Person.objects.get(slug="paul-tilsley")
    response = save_in_the_admin(client, person, name="Paul Til\u200bsley")
    assert (
        "This text has an invisible zero-width character (U+200B) at character 9, which "
        "splits a word so that a search for it misses: delete it."
    ) in response.content.decode()
    person.refresh_from_db()
    assert person.name == "Paul Tilsley"


def test_a_soft_hyphen_in_a_documents_text_is_refused_since_a_search_would_miss_the_word(
    make_document,
):
    """A search takes soft hyphens out of what it is asked (documents.search.clean_query):
    a word held with one inside would be found by neither spelling."""
    from django.core.exceptions import ValidationError

    document = make_document(body="Intro: safeguarding. End.")
    document.body = "Intro: safe\u00adguarding. End."
    with pytest.raises(ValidationError, match=r"invisible soft hyphen \(U\+00AD\) at character 12"):
        document.full_clean()


def test_the_marks_a_script_or_an_emoji_needs_are_kept(client, signed_in, priority, make_document):
    """A left-to-right or right-to-left mark sets where a name in another script ends; a
    joiner shapes Persian and Hindi words and emoji. None reorders or splits words."""
    signed_in("officer")
    persian = "\u0645\u06cc\u200c\u0631\u0648\u062f"  # "goes", with its non-joiner
    family = "\U0001f469\u200d\U0001f467"
    note = f"Met {persian}\u200f at 10:00; {family} \u200eok"
    client.post(
        record_url(priority), form_data(priority, note=note, documents=[make_document().pk])
    )
    assert priority.updates.get().note == note
